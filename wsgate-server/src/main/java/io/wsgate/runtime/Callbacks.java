package io.wsgate.runtime;

import io.wsgate.auth.Identity;
import io.wsgate.model.RuntimeFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a function's process needs to call this gateway back with code written for AWS:
 *
 * <ul>
 *   <li>trust in the gateway's certificates, for {@code https://{domainName}/{stage}}, through the
 *       variables runtimes read: {@code NODE_EXTRA_CA_CERTS} (Node.js, beside its own roots), {@code
 *       AWS_CA_BUNDLE} (botocore), {@code SSL_CERT_FILE} (OpenSSL, so Python's {@code ssl}) and
 *       {@code REQUESTS_CA_BUNDLE} (requests), each naming a bundle written here: what wsgate's own
 *       environment names in that variable (a company's roots, say), else the system's roots for
 *       the three that replace them, followed by the gateway's certificates. Nothing trusted before is
 *       lost. A variable set in the function's own variables is left as it is set.
 *   <li>the function's variables that hold an API's URL in AWS's form, {@code
 *       https://{apiId}.execute-api.{region}.amazonaws.com/{stage}} (or {@code wss://}, with or
 *       without a path after the stage), naming an API this gateway serves, rewritten to the
 *       gateway's own URL for it: {@code http://HOST:PORT/{apiId}/{stage}} ({@code ws://} for
 *       {@code wss://}), the form both {@code @connections} and connects accept. Other values are left
 *       as they are. Each rewrite is logged once.
 *   <li>credentials that sign its calls, when it names a {@code role}: the keys of the identity
 *       with that ARN as {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code
 *       AWS_SESSION_TOKEN}, as Lambda gives a function its execution role's, so that its calls to
 *       {@code @connections} pass the gateway's signature check. They replace any the function's
 *       variables set, as Lambda reserves those names.
 * </ul>
 *
 * <p>The gateway's URL and the APIs it serves are read when a process starts, so a process sees the
 * port the listener bound and the APIs deployed by then.
 */
public final class Callbacks {
    /** Nothing added: a process trusts and calls what its own variables say. */
    public static final Callbacks NONE = new Callbacks(Map.of(), () -> "", Set::of);

    /** Where systems keep their roots (Debian, Alpine, Arch; Fedora, RHEL; openSUSE; macOS, BSD): the first found. */
    static final List<Path> SYSTEM_ROOTS = List.of(
            Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
            Path.of("/etc/ssl/ca-bundle.pem"),
            Path.of("/etc/ssl/cert.pem"));

    /** Node.js adds these to its roots; the others replace the roots. */
    static final String EXTRA_CERTIFICATES = "NODE_EXTRA_CA_CERTS";

    static final List<String> TRUST =
            List.of(EXTRA_CERTIFICATES, "AWS_CA_BUNDLE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE");

    /** scheme, apiId, region, the path from the stage on (may be empty); an explicit :443 is allowed. */
    private static final Pattern AWS_URL = Pattern.compile(
            "(https|wss)://([A-Za-z0-9-]+)\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(?::443)?(/\\S*)?");

    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Map<String, Path> trust;
    private final Supplier<String> authority;
    private final Supplier<Set<String>> apiIds;
    private final Function<String, Optional<Identity>> roles;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * @param trust the file each trust variable names
     * @param authority the gateway's own {@code HOST:PORT}, read when a process starts
     * @param apiIds the ids of the APIs the gateway serves, read when a process starts
     */
    public Callbacks(Map<String, Path> trust, Supplier<String> authority, Supplier<Set<String>> apiIds) {
        this(trust, authority, apiIds, arn -> Optional.empty());
    }

    private Callbacks(
            Map<String, Path> trust,
            Supplier<String> authority,
            Supplier<Set<String>> apiIds,
            Function<String, Optional<Identity>> roles) {
        this.trust = Map.copyOf(trust);
        this.authority = authority;
        this.apiIds = apiIds;
        this.roles = roles;
    }

    /** These callbacks, with a function's {@code role} read as the ARN of the identity {@code roles} finds. */
    public Callbacks withRoles(Function<String, Optional<Identity>> value) {
        return new Callbacks(trust, authority, apiIds, value);
    }

    /**
     * Trust in {@code certificates} (PEM files) through bundles written in {@code directory}: {@code
     * trust.pem} for {@code NODE_EXTRA_CA_CERTS}, {@code ca-bundle.pem} (with the system's roots) for
     * the others, or {@code VARIABLE.pem} where {@code inherited} names a file of its own in it.
     *
     * @param inherited wsgate's environment
     * @throws UncheckedIOException when the files cannot be read or written
     */
    public static Callbacks trusting(
            List<Path> certificates,
            Path directory,
            Map<String, String> inherited,
            Supplier<String> authority,
            Supplier<Set<String>> apiIds) {
        try {
            var gateway = new StringBuilder();
            for (Path pem : certificates) {
                gateway.append(Files.readString(pem, StandardCharsets.ISO_8859_1)
                                .strip())
                        .append('\n');
            }
            Optional<Path> system =
                    SYSTEM_ROOTS.stream().filter(Files::isReadable).findFirst();
            var files = new java.util.LinkedHashMap<String, Path>();
            for (String name : TRUST) {
                Optional<Path> users = Optional.ofNullable(inherited.get(name))
                        .filter(v -> !v.isBlank())
                        .map(Path::of)
                        .filter(Files::isReadable);
                Optional<Path> before = users.isPresent() || name.equals(EXTRA_CERTIFICATES) ? users : system;
                String file = users.isPresent()
                        ? name + ".pem"
                        : name.equals(EXTRA_CERTIFICATES) ? "trust.pem" : "ca-bundle.pem";
                String text = (before.isPresent()
                                ? withNewline(Files.readString(before.get(), StandardCharsets.ISO_8859_1))
                                : "")
                        + gateway;
                files.put(name, write(directory.resolve(file), text));
            }
            return new Callbacks(files, authority, apiIds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificates local functions trust: " + e, e);
        }
    }

    private static String withNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static Path write(Path file, String text) throws IOException {
        Path temporary =
                Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.ISO_8859_1);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file.toAbsolutePath(); // the processes run in their code's directory, not in wsgate's
    }

    /**
     * Adds the trust variables and the role's credentials to {@code env} and rewrites the
     * function's own variables there.
     *
     * @param function its variables already in {@code env}
     */
    void apply(RuntimeFunction function, Map<String, String> env) {
        function.role().flatMap(roles).ifPresent(identity -> {
            env.put("AWS_ACCESS_KEY_ID", identity.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", identity.secretAccessKey());
            if (identity.sessionToken() == null) {
                env.remove("AWS_SESSION_TOKEN");
            } else {
                env.put("AWS_SESSION_TOKEN", identity.sessionToken());
            }
        });
        apply(function.name(), function.variables(), env);
    }

    /** Adds the trust variables to {@code env} and rewrites the function's own {@code variables} there. */
    void apply(String function, Map<String, String> variables, Map<String, String> env) {
        trust.forEach((name, file) -> {
            if (!variables.containsKey(name)) {
                env.put(name, file.toString());
            }
        });
        if (variables.isEmpty()) {
            return;
        }
        Set<String> served = apiIds.get();
        variables.forEach((name, value) -> env.put(name, rewrite(function, name, value, served)));
    }

    /** {@code value}, or the gateway's URL in its place when it is an AWS URL of an API served here. */
    String rewrite(String function, String name, String value, Set<String> served) {
        Matcher m = AWS_URL.matcher(value.trim());
        if (!m.matches()) {
            return value;
        }
        Optional<String> apiId =
                served.stream().filter(id -> id.equalsIgnoreCase(m.group(2))).findFirst();
        if (apiId.isEmpty()) {
            if (logged.add(function + "\0" + name + "\0" + value)) {
                log.info(
                        "function={} variable={} names API {}, which this gateway does not serve: left as it is ({})",
                        function,
                        name,
                        m.group(2),
                        value);
            }
            return value;
        }
        String scheme = m.group(1).equals("wss") ? "ws" : "http";
        String path = m.group(4) == null ? "" : m.group(4);
        String rewritten = scheme + "://" + authority.get() + "/" + apiId.get() + path;
        if (logged.add(function + "\0" + name + "\0" + value)) {
            log.info("function={} variable={} {} reaches this gateway as {}", function, name, value, rewritten);
        }
        return rewritten;
    }

    @Override
    public String toString() {
        return "Callbacks{trust=" + trust + "}";
    }
}
