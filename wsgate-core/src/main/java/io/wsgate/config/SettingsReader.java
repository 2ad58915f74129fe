package io.wsgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the {@code gateway} section: wsgate's own settings, in kebab-case. */
final class SettingsReader {
    private SettingsReader() {}

    static GatewaySettings read(Members m, Path base) {
        GatewaySettings s = GatewaySettings.DEFAULT;
        s = s.withHost(m.string("host").orElse(s.host()));
        s = s.withPort(port(m, "port").orElse(s.port()));
        s = s.withDrainTimeout(m.duration("drain-timeout").orElse(s.drainTimeout()));
        List<String> allow = m.strings("management-allow");
        if (!allow.isEmpty()) {
            var ranges = new ArrayList<AddressRange>();
            for (String range : allow) {
                try {
                    ranges.add(AddressRange.parse(range));
                } catch (IllegalArgumentException e) {
                    m.problem("management-allow", e.getMessage());
                }
            }
            s = s.withManagementAllow(ranges);
        }
        Optional<GatewaySettings.Tls> tls = tls(m, base);
        if (tls.isPresent()) {
            s = s.withTls(tls.get());
        }
        s = s.withControl(control(m, base));
        s = s.withLambda(lambda(m));
        s = s.withLimits(limits(m));
        s = s.withHotReload(m.bool("hot-reload").orElse(s.hotReload()));
        s = s.withDevTls(m.bool("dev-tls").orElse(s.devTls()));
        s = s.withRuntimes(runtimes(m, base));
        s = s.withAccessLogs(accessLogs(m, base));
        s = s.withTracing(tracing(m));
        return s; // the caller reads the rest of the section, then finishes it
    }

    /**
     * {@code classpath}: directories and jars, relative to the file, where the classes that
     * {@code functions} names are looked for after wsgate's own class path.
     */
    static List<Path> classpath(Members m, Path base) {
        var paths = new ArrayList<Path>();
        for (String entry : m.strings("classpath")) {
            Path path = base.resolve(entry).toAbsolutePath().normalize();
            if (java.nio.file.Files.exists(path)) {
                paths.add(path);
            } else {
                m.problem("classpath", "'" + entry + "' not found at " + path + " (expected: a directory or a jar)");
            }
        }
        return paths;
    }

    private static Optional<GatewaySettings.Tls> tls(Members m, Path base) {
        Optional<Integer> port = port(m, "tls-port");
        Optional<String> certificate = m.string("tls-certificate");
        Optional<String> key = m.string("tls-key");
        var more = new ArrayList<GatewaySettings.Certificate>();
        for (Members c : m.objects("tls-certificates", "certificate")) {
            Optional<String> file = Optional.ofNullable(c.required("certificate", "a PEM certificate chain"));
            Optional<String> keyFile = Optional.ofNullable(c.required("key", "its PEM private key"));
            c.finish();
            if (file.isPresent() && keyFile.isPresent()) {
                more.add(new GatewaySettings.Certificate(base.resolve(file.get()), base.resolve(keyFile.get())));
            }
        }
        if (port.isEmpty() && certificate.isEmpty() && key.isEmpty() && more.isEmpty()) {
            return Optional.empty();
        }
        if (port.isEmpty() || certificate.isEmpty() || key.isEmpty()) {
            m.problem("tls-port", "tls-port, tls-certificate and tls-key go together (expected: all three)");
            return Optional.empty();
        }
        return Optional.of(
                new GatewaySettings.Tls(port.get(), base.resolve(certificate.get()), base.resolve(key.get()), more));
    }

    /** The control plane, when the section sets any of its members. */
    private static Optional<GatewaySettings.Control> control(Members m, Path base) {
        Optional<String> host = m.string("control-host");
        Optional<Integer> port = port(m, "control-port");
        Optional<String> data = m.string("data-dir");
        Optional<Integer> rate = m.integer("control-rate");
        Optional<Integer> burst = m.integer("control-burst");
        Optional<String> region = m.string("region");
        Optional<String> account = m.string("account-id");
        if (host.isEmpty()
                && port.isEmpty()
                && data.isEmpty()
                && rate.isEmpty()
                && burst.isEmpty()
                && region.isEmpty()
                && account.isEmpty()) {
            return Optional.empty();
        }
        var d = GatewaySettings.Control.DEFAULT;
        if (account.isPresent() && !account.get().matches("\\d{12}")) {
            m.problem("account-id", "'" + account.get() + "' (expected: 12 digits)");
        }
        return Optional.of(new GatewaySettings.Control(
                host.orElse(d.host()),
                port.orElse(d.port()),
                data.map(base::resolve).orElse(d.dataDirectory()),
                rate.orElse((int) d.requestsPerSecond()),
                burst.orElse(d.burst()),
                region.orElse(d.region()),
                account.orElse(d.accountId())));
    }

    /** {@code access-logs}: {@code to} (files or stdout), {@code directory}, {@code retention}. */
    private static AccessLogging accessLogs(Members m, Path base) {
        Optional<Members> section = m.object("access-logs");
        if (section.isEmpty()) {
            return AccessLogging.DEFAULT;
        }
        Members a = section.get();
        Optional<String> to = a.string("to");
        Optional<String> directory = a.string("directory");
        Optional<String> retention = a.string("retention");
        a.finish();
        boolean stdout = false;
        if (to.isPresent()) {
            switch (to.get()) {
                case "files" -> stdout = false;
                case "stdout" -> stdout = true;
                default -> a.problem("to", "'" + to.get() + "' (expected: files or stdout)");
            }
        }
        OptionalInt days = OptionalInt.empty();
        if (retention.isPresent()) {
            try {
                days = AccessLogging.retention(retention.get());
            } catch (IllegalArgumentException e) {
                a.problem("retention", e.getMessage());
            }
        }
        return new AccessLogging(stdout, directory.map(base::resolve), days);
    }

    /**
     * {@code tracing}: {@code endpoint} (an http or https OTLP/HTTP traces URL), {@code
     * service-name}, {@code sample-ratio} (0 to 1), {@code export-delay}; absent, no spans.
     */
    private static Optional<GatewaySettings.Tracing> tracing(Members m) {
        Optional<Members> section = m.object("tracing");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Members t = section.get();
        String endpoint = t.required("endpoint", "an OTLP/HTTP traces URL, such as http://127.0.0.1:4318/v1/traces");
        Optional<String> name = t.string("service-name");
        Optional<String> ratio = t.string("sample-ratio");
        Optional<Duration> delay = positive(t, "export-delay");
        t.finish();
        if (endpoint == null) {
            return Optional.empty();
        }
        Optional<URI> uri = GatewaySettings.Tracing.endpoint(endpoint);
        if (uri.isEmpty()) {
            t.problem(
                    "endpoint",
                    "'" + endpoint + "' (expected: an http or https URL, such as"
                            + " http://127.0.0.1:4318/v1/traces)");
        }
        double share = 1.0;
        if (ratio.isPresent()) {
            try {
                share = Double.parseDouble(ratio.get());
            } catch (NumberFormatException e) {
                share = Double.NaN;
            }
            if (!(share >= 0 && share <= 1)) {
                t.problem("sample-ratio", "'" + ratio.get() + "' (expected: a number from 0 to 1)");
                share = 1.0;
            }
        }
        if (name.isPresent() && name.get().isBlank()) {
            t.problem("service-name", "empty (expected: the name the spans' service.name holds)");
        }
        double sampled = share;
        return uri.map(u -> new GatewaySettings.Tracing(
                u,
                name.filter(n -> !n.isBlank()).orElse(GatewaySettings.Tracing.DEFAULT_SERVICE_NAME),
                sampled,
                delay.orElse(GatewaySettings.Tracing.DEFAULT_EXPORT_DELAY)));
    }

    private static GatewaySettings.ConnectionLimits limits(Members m) {
        var limits = GatewaySettings.ConnectionLimits.DEFAULT;
        Optional<Duration> header = positive(m, "header-timeout");
        if (header.isPresent()) {
            limits = limits.withHeaderTimeout(header.get());
        }
        Optional<Duration> keepAlive = positive(m, "keep-alive-timeout");
        if (keepAlive.isPresent()) {
            limits = limits.withKeepAliveTimeout(keepAlive.get());
        }
        Optional<Integer> max = atLeastOne(m, "max-connections");
        if (max.isPresent()) {
            limits = limits.withMaxConnections(max.get());
        }
        Optional<Integer> inFlight = atLeastOne(m, "max-in-flight");
        if (inFlight.isPresent()) {
            limits = limits.withMaxInFlight(inFlight.get());
        }
        return limits;
    }

    private static Optional<Duration> positive(Members m, String name) {
        Optional<Duration> value = m.duration(name);
        if (value.isPresent() && (value.get().isNegative() || value.get().isZero())) {
            m.problem(name, value.get() + " (expected: a positive duration, such as 10s)");
            return Optional.empty();
        }
        return value;
    }

    private static Optional<Integer> atLeastOne(Members m, String name) {
        Optional<Integer> value = m.integer(name);
        if (value.isPresent() && value.get() < 1) {
            m.problem(name, value.get() + " (expected: 1 or more)");
            return Optional.empty();
        }
        return value;
    }

    private static GatewaySettings.Lambda lambda(Members m) {
        Optional<String> text = m.string("lambda-endpoint");
        Optional<String> region = m.string("lambda-region");
        if (text.isPresent() && text.get().equals("aws")) {
            return new GatewaySettings.Lambda(Optional.empty(), true, region);
        }
        Optional<URI> endpoint = text.flatMap(value -> {
            try {
                URI uri = URI.create(value);
                if (uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            m.problem(
                    "lambda-endpoint",
                    "'" + value + "' (expected: an http(s) URL such as http://127.0.0.1:3001, or aws)");
            return Optional.empty();
        });
        return new GatewaySettings.Lambda(endpoint, false, region);
    }

    /**
     * {@code runtimes}: interpreters by family or runtime (a path, relative to the file, or a name
     * without a slash, looked up on the PATH when serving), {@code node-client}, and {@code
     * node-modules} (a directory, relative to the file, which must exist). Whether they
     * exist is checked with the functions ({@code RuntimeHost}), where the PATH is known.
     */
    private static RuntimeSettings runtimes(Members m, Path base) {
        Optional<Members> section = m.object("runtimes");
        if (section.isEmpty()) {
            return RuntimeSettings.DEFAULT;
        }
        Members r = section.get();
        RuntimeSettings settings = RuntimeSettings.DEFAULT;
        for (String key : RuntimeSettings.keys()) {
            Optional<String> value = r.string(key);
            if (value.isEmpty()) {
                continue;
            }
            String text = value.get().strip();
            try {
                if (text.isEmpty()) {
                    throw new java.nio.file.InvalidPathException(text, "empty");
                }
                Path path =
                        text.contains("/") ? base.resolve(text).toAbsolutePath().normalize() : Path.of(text);
                settings = settings.withInterpreter(key, path);
            } catch (java.nio.file.InvalidPathException e) {
                r.problem(key, "'" + text + "' (expected: the path of an interpreter, or its name on the PATH)");
            }
        }
        Optional<String> modules = r.string("node-modules");
        if (modules.isPresent()) {
            try {
                Path dir = base.resolve(modules.get().strip()).toAbsolutePath().normalize();
                if (modules.get().isBlank()) {
                    throw new java.nio.file.InvalidPathException(modules.get(), "empty");
                }
                if (java.nio.file.Files.isDirectory(dir)) {
                    settings = settings.withNodeModules(dir);
                } else {
                    r.problem("node-modules", "'" + modules.get() + "' is not a directory (" + dir + ")");
                }
            } catch (java.nio.file.InvalidPathException e) {
                r.problem("node-modules", "'" + modules.get() + "' (expected: a node_modules directory)");
            }
        }
        Optional<String> client = r.string("node-client");
        if (client.isPresent()) {
            Optional<RuntimeSettings.NodeClient> known = RuntimeSettings.NodeClient.of(client.get());
            if (known.isPresent()) {
                settings = settings.withNodeClient(known.get());
            } else {
                r.problem(
                        "node-client",
                        "'" + client.get() + "' (expected one of: "
                                + String.join(
                                        ", ",
                                        java.util.Arrays.stream(RuntimeSettings.NodeClient.values())
                                                .map(RuntimeSettings.NodeClient::id)
                                                .toList())
                                + ")");
            }
        }
        r.finish();
        return settings;
    }

    private static Optional<Integer> port(Members m, String name) {
        Optional<Integer> port = m.integer(name);
        if (port.isPresent() && (port.get() < 0 || port.get() > 65535)) {
            m.problem(name, port.get() + " (expected: 0..65535)");
            return Optional.empty();
        }
        return port;
    }
}
