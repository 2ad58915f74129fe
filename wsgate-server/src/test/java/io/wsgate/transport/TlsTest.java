package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.config.GatewaySettings;
import io.wsgate.model.Api;
import io.wsgate.testing.GatewayExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TLS listener's protocols and suites ({@link TlsPolicy}), probed with the JDK's own client
 * offering one suite at a time: only TLS 1.2+ with ECDHE and AEAD is accepted. The certificate is
 * RSA, so that the finite-field DHE_RSA suites could be chosen if they were offered.
 */
class TlsTest {
    static final Path TLS = Path.of("src/test/resources/tls");

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> {
        Gateway.Builder builder =
                Gateway.builder().api(Api.builder("tls").stage("dev").build());
        return builder.settings(builder.settings()
                .withTls(new GatewaySettings.Tls(
                        0, TLS.resolve("rsa-localhost.crt"), TLS.resolve("rsa-localhost.key"), List.of())));
    });

    @Test
    void onlyEcdheWithAeadIsAcceptedOverTls12() throws Exception {
        var accepted = new TreeSet<String>();
        for (String suite : clientSuites()) {
            if (!suite.startsWith("TLS_AES_") && !suite.startsWith("TLS_CHACHA20_")) { // TLS 1.3's
                handshake("TLSv1.2", suite).ifPresent(accepted::add);
            }
        }
        assertThat(accepted)
                .contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
                .allMatch(TlsPolicy.CIPHER_SUITES::contains)
                .noneMatch(s -> s.contains("_CBC_") || s.contains("_DHE_") || s.endsWith("_SHA"));
    }

    @Test
    void theSuitesOnceOfferedAreRefused() throws Exception {
        for (String suite : List.of(
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_RSA_WITH_AES_128_GCM_SHA256")) {
            assertThat(handshake("TLSv1.2", suite)).as(suite).isEmpty();
        }
    }

    @Test
    void tls13IsAccepted() throws Exception {
        assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).contains("TLS_AES_128_GCM_SHA256");
    }

    private static List<String> clientSuites() throws Exception {
        try (var socket = (SSLSocket) trustAll().getSocketFactory().createSocket()) {
            return Arrays.asList(socket.getSupportedCipherSuites());
        }
    }

    /** The suite the server chose, when the client offers only {@code suite} over {@code protocol}. */
    private static Optional<String> handshake(String protocol, String suite) throws Exception {
        try (var socket = (SSLSocket) trustAll()
                .getSocketFactory()
                .createSocket("127.0.0.1", gateway.gateway().tlsPort())) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return Optional.of(socket.getSession().getCipherSuite());
        } catch (IllegalArgumentException unsupportedByThisJdk) {
            return Optional.empty();
        } catch (IOException refused) {
            return Optional.empty();
        }
    }

    private static SSLContext trustAll() throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        return context;
    }
}
