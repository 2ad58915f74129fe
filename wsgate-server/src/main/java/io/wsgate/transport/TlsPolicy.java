package io.wsgate.transport;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.Set;

/**
 * The TLS the data-plane listener speaks: TLS 1.2 and 1.3 only, and, for TLS 1.2, ephemeral
 * elliptic-curve key exchange (forward secrecy) with AEAD ciphers only (AES-GCM, ChaCha20-Poly1305).
 * The JDK's defaults would also offer CBC suites with SHA-1 MACs and finite-field DHE; both are
 * gone from current recommendations (Mozilla's "intermediate" profile, RFC 9325). Every client
 * that speaks TLS 1.2 or newer (browsers, the AWS SDKs, Java 8 and later, OpenSSL 1.0.1 and
 * later) has one of these.
 */
public final class TlsPolicy {
    /** TLS 1.3's suites are all AEAD with ephemeral key exchange; listed so that none is left out. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private TlsPolicy() {}

    /** Restricts {@code options} to the protocols and suites above; returns it. */
    public static HttpServerOptions apply(HttpServerOptions options) {
        options.setEnabledSecureTransportProtocols(PROTOCOLS);
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /** The same restriction on a Netty context ({@link OptionalTls}); returns it. */
    static SslContextBuilder apply(SslContextBuilder builder) {
        return builder.protocols(PROTOCOLS).ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE);
    }
}
