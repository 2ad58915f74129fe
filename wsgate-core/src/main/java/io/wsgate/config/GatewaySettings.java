package io.wsgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's own settings (the {@code gateway} section of the file, kebab-case there); command
 * line options override them.
 *
 * @param host the address the listeners bind; loopback unless set
 * @param port the data-plane port (WebSocket and {@code @connections}); 0 picks a free one
 * @param drainTimeout how long shutdown waits for connections to close and {@code $disconnect}
 *     to finish
 * @param managementAllow the addresses {@code @connections} answers; loopback only unless set
 * @param tls a second data-plane listener, on TLS, if wanted
 */
public record GatewaySettings(
        String host, int port, Duration drainTimeout, List<AddressRange> managementAllow, Optional<Tls> tls) {

    /**
     * A TLS listener serving the same stages as the plain one: {@code wss://} for clients, and
     * {@code https://} for backends that build their callback URL the way AWS code does.
     *
     * @param certificate PEM certificate chain
     * @param key PEM private key (PKCS#8, or PKCS#1 for RSA)
     */
    public record Tls(int port, Path certificate, Path key) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
            checkPort(port);
        }
    }

    public static final GatewaySettings DEFAULT = new GatewaySettings(
            "127.0.0.1",
            8080,
            Duration.ofSeconds(10),
            List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("::1/128")),
            Optional.empty());

    public GatewaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(tls, "tls");
        managementAllow = List.copyOf(managementAllow);
        checkPort(port);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 0..65535)");
        }
    }

    public GatewaySettings withHost(String value) {
        return new GatewaySettings(value, port, drainTimeout, managementAllow, tls);
    }

    public GatewaySettings withPort(int value) {
        return new GatewaySettings(host, value, drainTimeout, managementAllow, tls);
    }

    public GatewaySettings withDrainTimeout(Duration value) {
        return new GatewaySettings(host, port, value, managementAllow, tls);
    }

    public GatewaySettings withManagementAllow(List<AddressRange> value) {
        return new GatewaySettings(host, port, drainTimeout, value, tls);
    }

    public GatewaySettings withTls(Tls value) {
        return new GatewaySettings(host, port, drainTimeout, managementAllow, Optional.of(value));
    }
}
