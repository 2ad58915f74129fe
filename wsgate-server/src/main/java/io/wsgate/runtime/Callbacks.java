package io.wsgate.runtime;

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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a function's process needs to call this gateway back with code written for AWS:
 *
 * <ul>
 *   <li>trust in the gateway's certificates, for {@code https://{domainName}/{stage}}: {@code
 *       NODE_EXTRA_CA_CERTS} names them (Node.js adds them to its own roots); {@code AWS_CA_BUNDLE}
 *       (botocore), {@code SSL_CERT_FILE} (OpenSSL, so Python's {@code ssl}) and {@code
 *       REQUESTS_CA_BUNDLE} (requests) replace the roots, so they name a bundle of the gateway's
 *       certificates and the system's roots. A variable the user set, in the function's variables or
 *       in wsgate's environment, is theirs and stays as they set it.
 *   <li>the function's variables that hold an API's URL in AWS's form, {@code
 *       https://{apiId}.execute-api.{region}.amazonaws.com/{stage}} (or {@code wss://}, with or
 *       without a path after the stage), naming an API this gateway serves, rewritten to the
 *       gateway's own URL for it: {@code http://HOST:PORT/{apiId}/{stage}} ({@code ws://} for
 *       {@code wss://}), the form both {@code @connections} and connects accept. Other values are left
 *       as they are. Each rewrite is logged once.
 * </ul>
 *
 * <p>The gateway's URL and the APIs it serves are read when a process starts, so a process sees the
 * port the listener bound and the APIs deployed by then.
 */
public final class Callbacks {
    /** Nothing added: a process trusts and calls what its own variables say. */
    public static final Callbacks NONE = new Callbacks(Optional.empty(), Optional.empty(), () -> "", Set::of);

    /** Where systems keep their roots (Debian, Alpine, Arch; Fedora, RHEL; openSUSE; macOS, BSD): the first found. */
    static final List<Path> SYSTEM_ROOTS = List.of(
            Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
            Path.of("/etc/ssl/ca-bundle.pem"),
            Path.of("/etc/ssl/cert.pem"));

    static final String EXTRA_CERTIFICATES = "NODE_EXTRA_CA_CERTS";
    static final List<String> BUNDLES = List.of("AWS_CA_BUNDLE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE");

    /** scheme, apiId, region, the path from the stage on (may be empty); an explicit :443 is allowed. */
    private static final Pattern AWS_URL = Pattern.compile(
            "(https|wss)://([A-Za-z0-9-]+)\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(?::443)?(/\\S*)?");

    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Optional<Path> certificates;
    private final Optional<Path> bundle;
    private final Supplier<String> authority;
    private final Supplier<Set<String>> apiIds;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * @param certificates a PEM file of the certificates the gateway serves (for {@code
     *     NODE_EXTRA_CA_CERTS}); empty to set none of the trust variables
     * @param bundle those certificates and the system's roots (for the others)
     * @param authority the gateway's own {@code HOST:PORT}, read when a process starts
     * @param apiIds the ids of the APIs the gateway serves, read when a process starts
     */
    public Callbacks(
            Optional<Path> certificates,
            Optional<Path> bundle,
            Supplier<String> authority,
            Supplier<Set<String>> apiIds) {
        this.certificates = certificates;
        this.bundle = bundle.or(() -> certificates);
        this.authority = authority;
        this.apiIds = apiIds;
    }

    /**
     * Trust in {@code certificates} (PEM files), through two files written in {@code directory}:
     * {@code trust.pem}, them alone, and {@code ca-bundle.pem}, them and the system's roots.
     *
     * @throws UncheckedIOException when the files cannot be read or written
     */
    public static Callbacks trusting(
            List<Path> certificates, Path directory, Supplier<String> authority, Supplier<Set<String>> apiIds) {
        try {
            var trusted = new StringBuilder();
            for (Path pem : certificates) {
                trusted.append(Files.readString(pem, StandardCharsets.US_ASCII).strip())
                        .append('\n');
            }
            Path trust = write(directory.resolve("trust.pem"), trusted.toString());
            var roots = SYSTEM_ROOTS.stream().filter(Files::isReadable).findFirst();
            String bundle =
                    trusted + (roots.isPresent() ? Files.readString(roots.get(), StandardCharsets.ISO_8859_1) : "");
            return new Callbacks(
                    Optional.of(trust),
                    Optional.of(write(directory.resolve("ca-bundle.pem"), bundle)),
                    authority,
                    apiIds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the certificates local functions trust: " + e, e);
        }
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
        return file;
    }

    /**
     * Adds the trust variables to {@code env} and rewrites the function's own variables there.
     *
     * @param variables the function's variables, already in {@code env}
     * @param inherited wsgate's environment
     */
    void apply(String function, Map<String, String> variables, Map<String, String> inherited, Map<String, String> env) {
        certificates.ifPresent(pem -> trust(EXTRA_CERTIFICATES, pem, variables, inherited, env));
        bundle.ifPresent(pem -> BUNDLES.forEach(name -> trust(name, pem, variables, inherited, env)));
        if (variables.isEmpty()) {
            return;
        }
        Set<String> served = apiIds.get();
        variables.forEach((name, value) -> env.put(name, rewrite(function, name, value, served)));
    }

    private static void trust(
            String name,
            Path pem,
            Map<String, String> variables,
            Map<String, String> inherited,
            Map<String, String> env) {
        if (variables.containsKey(name)) {
            return; // the function's own, already in env
        }
        String users = inherited.get(name);
        env.put(name, users != null && !users.isBlank() ? users : pem.toString());
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
        return "Callbacks{certificates=" + certificates.map(Path::toString).orElse("none") + "}";
    }
}
