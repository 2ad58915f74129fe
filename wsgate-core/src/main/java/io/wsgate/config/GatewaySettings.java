package io.wsgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The gateway's own settings (the {@code gateway} section of the file, kebab-case there); command
 * line options override them.
 *
 * @param host the address the listeners bind; loopback unless set
 * @param port the data-plane port (WebSocket and {@code @connections}); 0 picks a free one
 * @param drainTimeout how long shutdown waits for connections to close and {@code $disconnect}
 *     to finish
 * @param managementAllow the addresses {@code @connections} answers; empty when not set, for
 *     {@link #managementCallers}
 * @param tls a second data-plane listener, on TLS, if wanted
 * @param control the control plane (the apigatewayv2 API), if wanted
 * @param lambda where Lambda functions that no in-process handler serves are invoked
 * @param limits what one client may hold of the gateway: connections, time before it upgrades,
 *     messages in flight
 * @param hotReload whether a change under a local function's {@code code} reloads it: its
 *     processes are retired and the next invocation runs the new code ({@code hot-reload}, on
 *     unless set to false)
 * @param devTls whether the data-plane port also speaks TLS, with a development certificate made
 *     at first start ({@code dev-tls}, on unless set to false): {@code https://{domainName}/{stage}}
 *     then reaches {@code @connections} whichever scheme the client connected with
 * @param runtimes which programs run the processes of local functions
 * @param accessLogs where stages' access logs go, and how long they are kept
 * @param tracing where spans are exported, if anywhere; without it no span is made
 */
public record GatewaySettings(
        String host,
        int port,
        Duration drainTimeout,
        List<AddressRange> managementAllow,
        Optional<Tls> tls,
        Optional<Control> control,
        Lambda lambda,
        ConnectionLimits limits,
        boolean hotReload,
        boolean devTls,
        RuntimeSettings runtimes,
        AccessLogging accessLogs,
        Optional<Tracing> tracing) {

    /**
     * What clients may hold, whatever they send: checked by the listeners and the dispatcher for
     * every API alike (each API's own frame, message and idle limits are {@code model.Limits}).
     *
     * @param headerTimeout how long a new connection, or one between requests, may take to send a
     *     request's head (all of it, however slowly it trickles in); then 408 and closed. 10 s, as
     *     common servers allow.
     * @param keepAliveTimeout how long a connection that has not upgraded (a backend's keep-alive
     *     {@code @connections} connection, say) may wait for its next request; then closed
     * @param maxConnections the most TCP connections each data-plane listener holds at once,
     *     upgraded or not; past it new ones get 503 and are closed. Empty: derived from the
     *     process's descriptor limit (a tenth kept back, at least 256, the rest shared by the
     *     listeners), so that refusing starts before descriptors run out
     * @param maxInFlight how many of one connection's messages may await their integration; at the
     *     bound the gateway stops reading from that client until one is answered
     */
    public record ConnectionLimits(
            Duration headerTimeout, Duration keepAliveTimeout, OptionalInt maxConnections, int maxInFlight) {
        public static final ConnectionLimits DEFAULT =
                new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), OptionalInt.empty(), 16);

        public ConnectionLimits {
            Objects.requireNonNull(headerTimeout, "headerTimeout");
            Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
            Objects.requireNonNull(maxConnections, "maxConnections");
            if (headerTimeout.isNegative() || headerTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "header-timeout: " + headerTimeout + " (expected: a positive duration)");
            }
            if (keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "keep-alive-timeout: " + keepAliveTimeout + " (expected: a positive duration)");
            }
            if (maxConnections.isPresent() && maxConnections.getAsInt() < 1) {
                throw new IllegalArgumentException(
                        "max-connections: " + maxConnections.getAsInt() + " (expected: 1 or more)");
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("max-in-flight: " + maxInFlight + " (expected: 1 or more)");
            }
        }

        public ConnectionLimits withHeaderTimeout(Duration value) {
            return new ConnectionLimits(value, keepAliveTimeout, maxConnections, maxInFlight);
        }

        public ConnectionLimits withKeepAliveTimeout(Duration value) {
            return new ConnectionLimits(headerTimeout, value, maxConnections, maxInFlight);
        }

        public ConnectionLimits withMaxConnections(int value) {
            return new ConnectionLimits(headerTimeout, keepAliveTimeout, OptionalInt.of(value), maxInFlight);
        }

        public ConnectionLimits withMaxInFlight(int value) {
            return new ConnectionLimits(headerTimeout, keepAliveTimeout, maxConnections, value);
        }
    }

    /**
     * A TLS listener serving the same stages as the plain one: {@code wss://} for clients, and
     * {@code https://} for backends that build their callback URL the way AWS code does.
     *
     * @param certificate PEM certificate chain, used when no other certificate matches the name
     * @param key PEM private key (PKCS#8, or PKCS#1 for RSA)
     * @param certificates more certificates, each chosen for the names it covers (SNI): one per
     *     custom domain, say
     */
    public record Tls(int port, Path certificate, Path key, List<Certificate> certificates) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
            certificates = List.copyOf(certificates);
            checkPort(port);
        }
    }

    /** A PEM certificate chain and its key. */
    public record Certificate(Path certificate, Path key) {
        public Certificate {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * The control plane.
     *
     * @param host the address its listener binds: loopback by default, whatever the data plane's
     *     host, since it accepts changes without checking signatures
     * @param port its own listener's port; 0 picks a free one
     * @param dataDirectory where what it acknowledges is kept
     * @param requestsPerSecond and {@code burst}: its throttle, AWS's 10 and 40 by default; 0 for
     *     none
     * @param region and {@code accountId}: what its ARNs and messages say
     */
    public record Control(
            String host,
            int port,
            Path dataDirectory,
            double requestsPerSecond,
            int burst,
            String region,
            String accountId) {
        /** The region and account ARNs name unless the file says otherwise. */
        public static final String DEFAULT_REGION = "us-east-1";

        public static final String DEFAULT_ACCOUNT = "000000000000";

        public static final Control DEFAULT =
                new Control("127.0.0.1", 8081, Path.of("wsgate-data"), 10, 40, DEFAULT_REGION, DEFAULT_ACCOUNT);

        public Control {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(accountId, "accountId");
            checkPort(port);
        }

        public Control withHost(String value) {
            return new Control(value, port, dataDirectory, requestsPerSecond, burst, region, accountId);
        }

        public Control withPort(int value) {
            return new Control(host, value, dataDirectory, requestsPerSecond, burst, region, accountId);
        }

        public Control withDataDirectory(Path value) {
            return new Control(host, port, value, requestsPerSecond, burst, region, accountId);
        }

        public Control withThrottle(double perSecond, int value) {
            return new Control(host, port, dataDirectory, perSecond, value, region, accountId);
        }
    }

    /**
     * Lambda invocation for {@code AWS_PROXY} integrations whose function no in-process handler
     * serves. Without an endpoint and without {@code aws}, such a function is not called at all: its
     * integration fails as on AWS when a function cannot be invoked, so that a name missing from
     * {@code functions} never reaches a real account unless asked to.
     *
     * @param endpoint the Invoke API's endpoint, such as {@code sam local start-lambda}'s
     * @param aws whether to invoke functions on AWS itself, in the function's region with the SDK's
     *     default credential chain ({@code lambda-endpoint: aws})
     * @param region the region when the function's ARN names none
     */
    public record Lambda(Optional<URI> endpoint, boolean aws, Optional<String> region) {
        /** No Lambda: only in-process functions run. */
        public static final Lambda NONE = new Lambda(Optional.empty(), false, Optional.empty());

        /** AWS's Lambda, as the SDK's default chains find credentials and region. */
        public static final Lambda AWS = new Lambda(Optional.empty(), true, Optional.empty());

        public Lambda {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(region, "region");
            if (aws && endpoint.isPresent()) {
                throw new IllegalArgumentException("lambda: aws and endpoint " + endpoint.get() + " (expected: one)");
            }
        }

        /** Functions invoked at {@code endpoint}. */
        public Lambda(Optional<URI> endpoint, Optional<String> region) {
            this(endpoint, false, region);
        }

        /** Whether functions that are not in-process are invoked anywhere. */
        public boolean invokes() {
            return aws || endpoint.isPresent();
        }
    }

    public static final GatewaySettings DEFAULT = new GatewaySettings(
            "127.0.0.1",
            8080,
            Duration.ofSeconds(10),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Lambda.NONE,
            ConnectionLimits.DEFAULT,
            true,
            true,
            RuntimeSettings.DEFAULT,
            AccessLogging.DEFAULT,
            Optional.empty());

    public GatewaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(lambda, "lambda");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(runtimes, "runtimes");
        Objects.requireNonNull(accessLogs, "accessLogs");
        Objects.requireNonNull(tracing, "tracing");
        managementAllow = List.copyOf(managementAllow);
        checkPort(port);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 0..65535)");
        }
    }

    public GatewaySettings withHost(String value) {
        return new GatewaySettings(
                value,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withPort(int value) {
        return new GatewaySettings(
                host,
                value,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withDrainTimeout(Duration value) {
        return new GatewaySettings(
                host,
                port,
                value,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    /** Loopback, IPv4 and IPv6. */
    public static final List<AddressRange> LOOPBACK =
            List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("::1/128"));

    /** Any address, IPv4 and IPv6. */
    public static final List<AddressRange> ANYWHERE =
            List.of(AddressRange.parse("0.0.0.0/0"), AddressRange.parse("::/0"));

    /**
     * Who may call {@code @connections}: {@code management-allow} when set; else, when calls must
     * be signed, any address (the signature is the guard, as on AWS), and loopback when they need not.
     */
    public List<AddressRange> managementCallers(boolean signed) {
        return !managementAllow.isEmpty() ? managementAllow : signed ? ANYWHERE : LOOPBACK;
    }

    public GatewaySettings withManagementAllow(List<AddressRange> value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                value,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withTls(Tls value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                Optional.of(value),
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withControl(Optional<Control> value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                value,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withLimits(ConnectionLimits value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                value,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withHotReload(boolean value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                value,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withLambda(Lambda value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                value,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withDevTls(boolean value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                value,
                runtimes,
                accessLogs,
                tracing);
    }

    public GatewaySettings withRuntimes(RuntimeSettings value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                value,
                accessLogs,
                tracing);
    }

    public GatewaySettings withAccessLogs(AccessLogging value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                value,
                tracing);
    }

    public GatewaySettings withTracing(Optional<Tracing> value) {
        return new GatewaySettings(
                host,
                port,
                drainTimeout,
                managementAllow,
                tls,
                control,
                lambda,
                limits,
                hotReload,
                devTls,
                runtimes,
                accessLogs,
                value);
    }

    /**
     * {@code tracing}: where spans go.
     *
     * @param endpoint the OTLP/HTTP traces endpoint, such as {@code http://127.0.0.1:4318/v1/traces}
     * @param serviceName the spans' {@code service.name}; {@code wsgate} unless set
     * @param sampleRatio the share of new traces recorded, 0 to 1 (a trace a caller started keeps
     *     the caller's decision)
     * @param exportDelay how long spans wait to be sent in a batch
     */
    public record Tracing(URI endpoint, String serviceName, double sampleRatio, Duration exportDelay) {
        public static final String DEFAULT_SERVICE_NAME = "wsgate";

        public static final Duration DEFAULT_EXPORT_DELAY = Duration.ofSeconds(1);

        public Tracing {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(serviceName, "serviceName");
            if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
                throw new IllegalArgumentException("sample-ratio: " + sampleRatio + " (expected: 0 to 1)");
            }
        }

        /** {@code text} as an endpoint: an absolute http or https URL with a host; empty otherwise. */
        public static Optional<URI> endpoint(String text) {
            try {
                URI uri = new URI(text.trim());
                boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
            } catch (java.net.URISyntaxException e) {
                return Optional.empty();
            }
        }

        /**
         * The settings OpenTelemetry's variables give, where the file gives none: {@code
         * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as it is, else {@code OTEL_EXPORTER_OTLP_ENDPOINT}
         * with {@code /v1/traces} added; {@code OTEL_SERVICE_NAME}; none with {@code
         * OTEL_SDK_DISABLED=true} or without an endpoint.
         *
         * @throws IllegalArgumentException naming the variable, for an endpoint that is not a URL
         */
        public static Optional<Tracing> fromEnvironment(java.util.function.Function<String, String> env) {
            if ("true".equalsIgnoreCase(env.apply("OTEL_SDK_DISABLED"))) {
                return Optional.empty();
            }
            String variable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
            String value = env.apply(variable);
            if (value == null || value.isBlank()) {
                variable = "OTEL_EXPORTER_OTLP_ENDPOINT";
                value = env.apply(variable);
                if (value == null || value.isBlank()) {
                    return Optional.empty();
                }
                value = value.trim().replaceAll("/+$", "") + "/v1/traces";
            }
            String given = value;
            String name = variable;
            URI uri = endpoint(given)
                    .orElseThrow(() ->
                            new IllegalArgumentException(name + "='" + given + "' (expected: an http or https URL)"));
            String service = env.apply("OTEL_SERVICE_NAME");
            return Optional.of(new Tracing(
                    uri,
                    service == null || service.isBlank() ? DEFAULT_SERVICE_NAME : service,
                    1.0,
                    DEFAULT_EXPORT_DELAY));
        }

        /** Every trace, named {@code wsgate}, sent each second. */
        public static Tracing to(URI endpoint) {
            return new Tracing(endpoint, DEFAULT_SERVICE_NAME, 1.0, DEFAULT_EXPORT_DELAY);
        }
    }
}
