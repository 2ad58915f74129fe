package io.wsgate.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the stage a request is for. The URL scheme:
 *
 * <ul>
 *   <li>{@code ws://HOST:PORT/{apiId}/{stage}}, on any host name;
 *   <li>{@code ws://{apiId}.execute-api.ANYTHING:PORT/{stage}}, AWS's own form, when the host
 *       name says which API (for example {@code abc.execute-api.localhost}).
 * </ul>
 *
 * A trailing '/' is accepted. Immutable; a changed set of stages makes a new directory.
 */
public final class Directory {
    private static final String EXECUTE_API = ".execute-api.";

    private final List<StageRuntime> stages;
    private final Map<String, StageRuntime> byKey;

    public Directory(List<StageRuntime> stages) {
        this.stages = List.copyOf(stages);
        var keyed = new java.util.HashMap<String, StageRuntime>();
        stages.forEach(s -> keyed.put(s.apiId() + "/" + s.stageName(), s));
        this.byKey = Map.copyOf(keyed);
    }

    public List<StageRuntime> stages() {
        return stages;
    }

    public Optional<StageRuntime> find(String apiId, String stageName) {
        return Optional.ofNullable(byKey.get(apiId + "/" + stageName));
    }

    /** The stage an upgrade to {@code path} on {@code host} is for. */
    public Optional<StageRuntime> resolve(String host, String path) {
        List<String> segments = segments(path);
        Optional<String> hostApi = executeApiId(host);
        if (hostApi.isPresent()) {
            return segments.size() == 1 ? find(hostApi.get(), segments.get(0)) : Optional.empty();
        }
        return segments.size() == 2 ? find(segments.get(0), segments.get(1)) : Optional.empty();
    }

    /** The API id in a host name of the form {@code {apiId}.execute-api.*}, if it has that form. */
    public static Optional<String> executeApiId(String host) {
        if (host == null) {
            return Optional.empty();
        }
        int at = host.indexOf(EXECUTE_API);
        return at > 0 ? Optional.of(host.substring(0, at).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
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
        return "Directory" + byKey.keySet();
    }
}
