package io.wsgate.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.wsgate.observe.Counter;
import io.wsgate.observe.Metrics;
import io.wsgate.observe.RepeatedWarnings;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the plain listener's port (port unification), so that a backend that builds {@code
 * https://{domainName}/{stage}} from the event, as AWS code does, reaches {@code @connections}
 * though the client connected with {@code ws://}. The first bytes of each connection decide, as
 * Netty's {@link OptionalSslHandler} reads them: a TLS record header (a ClientHello) puts an {@link
 * SslHandler} in its place, anything else removes it, so that a plain connection carries nothing
 * once its first five bytes have arrived. Bytes that are neither TLS nor HTTP go on to Vert.x's
 * HTTP decoder, which answers 400 as without this.
 *
 * <pre>
 *  accepted ─► [optional-tls] httpDecoder httpEncoder handler
 *  first 5 bytes: TLS record? ─► [ssl] httpDecoder ...  (a failed handshake: connection.tls_handshake_failed)
 *                 otherwise   ─►       httpDecoder ...
 * </pre>
 *
 * <p>Vert.x internals relied on (Vert.x 5.1): the server's connection handler is given an {@code
 * io.vertx.core.http.impl.HttpServerConnection} whose {@code channelHandlerContext()} reaches the
 * channel's pipeline, on the channel's event loop and before its first read (as {@link
 * ConnectionGuard} also relies on); and a connection's {@code isSsl()} looks for an {@link
 * SslHandler} in the pipeline, so {@code request.isSSL()} is true on such a connection and the
 * event's {@code X-Forwarded-Proto} says {@code https}. {@code OptionalTlsTest} checks both.
 *
 * <p>The TLS is {@link TlsPolicy}'s, as on the TLS listener, without ALPN (HTTP/1.1 only).
 */
public final class OptionalTls {
    private static final Logger log = LoggerFactory.getLogger(OptionalTls.class);
    private static final String NAME = "wsgate-optional-tls";

    private final SslContext context;
    private final Path certificate;
    private final Metrics metrics;
    private final RepeatedWarnings warnings;

    private OptionalTls(SslContext context, Path certificate, Metrics metrics) {
        this.context = context;
        this.certificate = certificate;
        this.metrics = metrics;
        this.warnings = new RepeatedWarnings(log, metrics, Clock.systemUTC(), Duration.ofSeconds(10), 1);
    }

    /**
     * TLS with {@code certificateChain} and {@code key} (PEM files, the key PKCS#8).
     *
     * @throws IllegalStateException when they cannot be read
     */
    public static OptionalTls of(Path certificateChain, Path key, Metrics metrics) {
        try {
            SslContext context = TlsPolicy.apply(SslContextBuilder.forServer(certificateChain.toFile(), key.toFile()))
                    .sslProvider(SslProvider.JDK)
                    .build();
            return new OptionalTls(context, certificateChain, metrics);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "cannot use " + certificateChain + " and " + key + " for TLS: " + e.getMessage(), e);
        }
    }

    /** The certificate chain served. */
    public Path certificate() {
        return certificate;
    }

    /** Puts the detector at the head of {@code connection}'s pipeline, ahead of Vert.x's HTTP codec. */
    public void install(HttpConnection connection) {
        if (!(connection instanceof HttpServerConnection server)) {
            warnings.warn(
                    "untyped",
                    "connection not offered TLS on the plain port type={}",
                    connection.getClass().getName());
            return;
        }
        server.channelHandlerContext().pipeline().addFirst(NAME, detector());
    }

    /** A new connection's detector. */
    ChannelHandler detector() {
        return new Detector();
    }

    /** One connection's: replaced by an {@link SslHandler} or removed once five bytes have arrived. */
    private final class Detector extends OptionalSslHandler {
        Detector() {
            super(context);
        }

        @Override
        protected String newSslHandlerName() {
            return "ssl";
        }

        @Override
        protected SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext sslContext) {
            SslHandler handler = super.newSslHandler(ctx, sslContext);
            handler.handshakeFuture().addListener(done -> {
                Throwable cause = done.cause();
                if (cause != null && !(cause instanceof ClosedChannelException)) {
                    metrics.increment(Counter.TLS_HANDSHAKE_FAILED);
                    log.debug(
                            "TLS handshake failed on the plain port remote={} error=\"{}\"",
                            ctx.channel().remoteAddress(),
                            cause.toString());
                }
            });
            return handler;
        }
    }

    @Override
    public String toString() {
        return "OptionalTls{" + certificate + "}";
    }
}
