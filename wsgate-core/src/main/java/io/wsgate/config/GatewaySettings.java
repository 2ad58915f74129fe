package io.wsgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's own settings (the {@code gateway} section of the file, kebab-case there); command
 * line options override them.
 *
 * @param host the address the listener binds; loopback unless set
 * @param port the data-plane port (WebSocket and {@code @connections}); 0 picks a free one
 * @param drainTimeout how long shutdown waits for connections to close and {@code $disconnect}
 *     to finish
 * @param managementAllow the addresses {@code @connections} answers; loopback only unless set
 */
public record GatewaySettings(String host, int port, Duration drainTimeout, List<AddressRange> managementAllow) {
    public static final GatewaySettings DEFAULT = new GatewaySettings(
            "127.0.0.1",
            8080,
            Duration.ofSeconds(10),
            List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("::1/128")));

    public GatewaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        managementAllow = List.copyOf(managementAllow);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 0..65535)");
        }
    }

    public GatewaySettings withHost(String value) {
        return new GatewaySettings(value, port, drainTimeout, managementAllow);
    }

    public GatewaySettings withPort(int value) {
        return new GatewaySettings(host, value, drainTimeout, managementAllow);
    }

    public GatewaySettings withDrainTimeout(Duration value) {
        return new GatewaySettings(host, port, value, managementAllow);
    }

    public GatewaySettings withManagementAllow(List<AddressRange> value) {
        return new GatewaySettings(host, port, drainTimeout, value);
    }
}
