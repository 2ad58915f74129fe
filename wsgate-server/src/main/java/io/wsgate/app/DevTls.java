package io.wsgate.app;

import io.wsgate.config.GatewaySettings;
import io.wsgate.observe.Metrics;
import io.wsgate.runtime.Callbacks;
import io.wsgate.transport.DevCertificate;
import io.wsgate.transport.OptionalTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * TLS on the data-plane port with a development certificate ({@code gateway.dev-tls}, on by
 * default), and the trust local functions get in it. The certificate is kept in {@code
 * dev-tls/} under the control plane's data directory, so later starts reuse it, or, without a data
 * directory, in a directory of this run's, removed by {@link #close()}. Local functions trust it and
 * the TLS listener's own certificates (so that a self-signed {@code --tls-cert} works too).
 */
final class DevTls implements AutoCloseable {
    private final DevCertificate certificate;
    private final OptionalTls tls;
    private final boolean temporary;
    private final GatewaySettings settings;

    private DevTls(DevCertificate certificate, OptionalTls tls, boolean temporary, GatewaySettings settings) {
        this.certificate = certificate;
        this.tls = tls;
        this.temporary = temporary;
        this.settings = settings;
    }

    /** The certificate made or reused, and its TLS; empty when {@code dev-tls} is off. */
    static Optional<DevTls> start(GatewaySettings settings, Metrics metrics) {
        if (!settings.devTls()) {
            return Optional.empty();
        }
        Optional<Path> kept = settings.control().map(c -> c.dataDirectory().resolve("dev-tls"));
        Path directory;
        try {
            directory = kept.isPresent() ? kept.get() : Files.createTempDirectory("wsgate-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the development certificate: " + e, e);
        }
        try {
            var certificate =
                    DevCertificate.in(directory, DevCertificate.localNames(settings.host()), Clock.systemUTC());
            var tls = OptionalTls.of(certificate.certificate(), certificate.key(), metrics);
            return Optional.of(new DevTls(certificate, tls, kept.isEmpty(), settings));
        } catch (RuntimeException e) {
            if (kept.isEmpty()) {
                delete(directory);
            }
            throw new IllegalStateException(
                    e.getMessage() + " (gateway.dev-tls: false serves without TLS on the plain port)", e);
        }
    }

    OptionalTls tls() {
        return tls;
    }

    Path ca() {
        return certificate.ca();
    }

    /**
     * What local functions need to call the gateway back at {@code authority} ({@code HOST:PORT}):
     * trust in the development certificate and the TLS listener's when {@code dev} is there, and
     * the URLs of the APIs {@code apiIds} names.
     */
    static Callbacks callbacks(Optional<DevTls> dev, Supplier<String> authority, Supplier<Set<String>> apiIds) {
        if (dev.isEmpty()) {
            return new Callbacks(java.util.Map.of(), authority, apiIds);
        }
        var trusted = new ArrayList<Path>();
        trusted.add(dev.get().certificate.ca());
        dev.get().settings.tls().ifPresent(t -> {
            trusted.add(t.certificate());
            t.certificates().forEach(c -> trusted.add(c.certificate()));
        });
        return Callbacks.trusting(trusted, dev.get().certificate.directory(), System.getenv(), authority, apiIds);
    }

    /** What the start log says of it. */
    String describe(String host, int port) {
        return "TLS on the same port too (https://" + host + ":" + port + ", wss://) with the development certificate "
                + certificate.certificate().toAbsolutePath() + " (" + (certificate.made() ? "made" : "reused")
                + (temporary ? " for this run" : "") + "; its CA "
                + certificate.ca().toAbsolutePath()
                + " is what clients trust, local functions do); gateway.dev-tls: false turns it off";
    }

    /** Removes a directory of this run's; a kept one stays for the next start. */
    @Override
    public void close() {
        if (temporary) {
            delete(certificate.directory());
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clear
        }
    }
}
