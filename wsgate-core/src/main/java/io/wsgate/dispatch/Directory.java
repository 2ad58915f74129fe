package io.wsgate.dispatch;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the stage a request is for. The URL scheme:
 *
 * <ul>
 *   <li>{@code ws://HOST:PORT/{apiId}/{stage}}, on any host name;
 *   <li>{@code ws://{apiId}.execute-api.ANYTHING:PORT/{stage}}, AWS's own form, when the host
 *       name says which API (for example {@code abc.execute-api.localhost});
 *   <li>{@code wss://{custom domain}/{apiMappingKey}}, for a domain name with API mappings (the
 *       empty key maps the root).
 * </ul>
 *
 * The first two are an API's default endpoint, which {@code disableExecuteApiEndpoint} turns off. A
 * trailing '/' is accepted. Immutable; a change makes a new directory.
 */
public final class Directory {
    private static final String EXECUTE_API = ".execute-api.";

    private final List<StageRuntime> stages;
    private final Map<String, StageRuntime> byKey = new HashMap<>();
    private final List<DomainMapping> mappings;
    private final Set<String> executeApiDisabled;

    public Directory(List<StageRuntime> stages) {
        this(stages, List.of(), Set.of());
    }

    /**
     * @param executeApiDisabled the APIs whose default endpoint is turned off
     */
    public Directory(List<StageRuntime> stages, List<DomainMapping> mappings, Set<String> executeApiDisabled) {
        this.stages = List.copyOf(stages);
        stages.forEach(s -> byKey.put(s.apiId() + "/" + s.stageName(), s));
        this.mappings = List.copyOf(mappings);
        this.executeApiDisabled = Set.copyOf(executeApiDisabled);
    }

    public List<StageRuntime> stages() {
        return stages;
    }

    public Optional<StageRuntime> find(String apiId, String stageName) {
        return Optional.ofNullable(byKey.get(apiId + "/" + stageName));
    }

    /** The stage an upgrade to {@code path} on {@code host} is for. */
    public Optional<StageRuntime> resolve(String host, String path) {
        String hostname = hostname(host);
        if (customDomain(hostname)) {
            return mapping(hostname, String.join("/", segments(path))).flatMap(m -> find(m.apiId(), m.stage()));
        }
        List<String> segments = segments(path);
        Optional<String> hostApi = executeApiId(hostname);
        Optional<StageRuntime> stage = hostApi.isPresent()
                ? (segments.size() == 1 ? find(hostApi.get(), segments.get(0)) : Optional.empty())
                : (segments.size() == 2 ? find(segments.get(0), segments.get(1)) : Optional.empty());
        return stage.filter(s -> !executeApiDisabled(s.apiId()));
    }

    /** Whether {@code host} (with or without its port) is a custom domain name with mappings. */
    public boolean customDomain(String host) {
        String hostname = hostname(host);
        return mappings.stream().anyMatch(m -> m.serves(hostname));
    }

    /** The mapping of {@code host} for {@code apiMappingKey}; an exact domain wins over a wildcard. */
    public Optional<DomainMapping> mapping(String host, String apiMappingKey) {
        String hostname = hostname(host);
        Optional<DomainMapping> exact = mappings.stream()
                .filter(m ->
                        m.domainName().equals(hostname) && m.apiMappingKey().equals(apiMappingKey))
                .findFirst();
        return exact.or(() -> mappings.stream()
                .filter(m -> m.serves(hostname) && m.apiMappingKey().equals(apiMappingKey))
                .findFirst());
    }

    /** Whether {@code apiId}'s default endpoint is turned off. */
    public boolean executeApiDisabled(String apiId) {
        return executeApiDisabled.contains(apiId);
    }

    /** The API id in a host name of the form {@code {apiId}.execute-api.*}, if it has that form. */
    public static Optional<String> executeApiId(String host) {
        if (host == null) {
            return Optional.empty();
        }
        int at = host.indexOf(EXECUTE_API);
        return at > 0 ? Optional.of(host.substring(0, at).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** {@code host} without its port, in lower case; "" for none. */
    static String hostname(String host) {
        if (host == null) {
            return "";
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host;
        int colon = name.startsWith("[") ? -1 : name.lastIndexOf(':');
        return (colon >= 0 ? name.substring(0, colon) : name).toLowerCase(Locale.ROOT);
    }

    /** The non-empty segments of {@code path} (query already removed). */
    public static List<String> segments(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return List.of();
        }
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return List.of(trimmed.split("/", -1));
    }

    @Override
    public String toString() {
        return "Directory" + byKey.keySet() + (mappings.isEmpty() ? "" : " domains=" + mappings);
    }
}
