package io.wsgate.transport;

import static io.wsgate.testing.RawWebSocket.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslHandler;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.observe.CounterSet;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.RawWebSocket;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain listener's port speaks TLS too ({@link OptionalTls}): a client that opens with a TLS
 * ClientHello gets TLS with the development certificate and the same gateway behind it, its event
 * saying {@code https}; plain WebSocket and HTTP clients get what they got before; bytes that are
 * neither TLS nor HTTP get 400 and are counted; a broken handshake is closed and counted. The
 * detector leaves a plain connection's pipeline after its first bytes.
 */
class OptionalTlsTest {
    static final Recorder events = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function(
                    "Events",
                    events.answer((event, context) ->
                            event.eventType() == EventType.MESSAGE ? Reply.body("echo " + event.body()) : Reply.ok()))
            .api(Api.builder("unified")
                    .integration(Integration.function("events", "Events"))
                    .route("$connect", "events")
                    .route(Route.of("$default", "events").withRouteResponse())
                    .stage("dev")
                    .build()));

    @TempDir
    static Path certificates;

    @BeforeEach
    void reset() {
        events.clear();
    }

    static SSLContext trustingTheGateway() {
        return TestClient.trusting(gateway.gateway().devTlsCa().orElseThrow());
    }

    @Test
    void aTlsClientOnThePlainPortIsServedAndItsEventSaysHttps() {
        URI wss = URI.create("wss://127.0.0.1:" + gateway.port() + "/unified/dev");
        try (var client = TestClient.connect(trustingTheGateway(), wss)) {
            WebSocketEvent connect = events.await(EventType.CONNECT);
            assertThat(connect.headers())
                    .containsEntry("X-Forwarded-Proto", "https")
                    .containsEntry("X-Forwarded-Port", Integer.toString(gateway.port()));
            assertThat(connect.requestContext().domainName()).isEqualTo("127.0.0.1:" + gateway.port());
            client.send("over tls");
            assertThat(client.awaitMessage()).isEqualTo("echo over tls");
        }
    }

    @Test
    void theCertificateNamesLocalhostToo() {
        URI wss = URI.create("wss://localhost:" + gateway.port() + "/unified/dev");
        try (var client = TestClient.connect(trustingTheGateway(), wss)) {
            client.send("by name");
            assertThat(client.awaitMessage()).isEqualTo("echo by name");
        }
    }

    @Test
    void aPlainWebSocketClientOnTheSamePortIsUnaffected() {
        try (var client = gateway.connect("unified", "dev")) {
            assertThat(events.await(EventType.CONNECT).headers()).containsEntry("X-Forwarded-Proto", "http");
            client.send("plain");
            assertThat(client.awaitMessage()).isEqualTo("echo plain");
        }
    }

    @Test
    void plainHttpAndHttpsGetTheSameAnswers() throws Exception {
        var plain = RawWebSocket.request(
                gateway.port(), "GET /unified/dev HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(plain.status()).isEqualTo(426);
        plain.close();
        var https = HttpClient.newBuilder().sslContext(trustingTheGateway()).build();
        for (String path : List.of("/unified/dev", "/nothing/here")) {
            HttpResponse<String> answer = https.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(path.startsWith("/unified") ? 426 : 403);
        }
    }

    @Test
    void bytesThatAreNeitherTlsNorHttpGet400AndAreCounted() throws IOException {
        long before = count(Counter.BAD_REQUEST);
        try (var socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            socket.getOutputStream().write("\u0001\u0002 not http at all\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(socket.getInputStream())).matches("(?s)HTTP/1\\.[01] 400 Bad Request\r\n.*");
        }
        assertThat(count(Counter.BAD_REQUEST)).isEqualTo(before + 1);
    }

    @Test
    void aTlsRecordThatIsNoHandshakeIsClosedAndCounted() throws IOException {
        long before = count(Counter.TLS_HANDSHAKE_FAILED);
        try (var socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            // A handshake record header (22, TLS 1.2, 16 bytes), then 16 bytes that are no ClientHello.
            byte[] record = new byte[5 + 16];
            record[0] = 22;
            record[1] = 3;
            record[2] = 3;
            record[4] = 16;
            socket.getOutputStream().write(record);
            assertThat(readAll(socket.getInputStream())).doesNotContain("HTTP/1.1");
        }
        assertThat(count(Counter.TLS_HANDSHAKE_FAILED)).isEqualTo(before + 1);
    }

    @Test
    void theTlsIsTheTlsListenersPolicy() throws Exception {
        try (var socket =
                (SSLSocket) trustingTheGateway().getSocketFactory().createSocket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        try (var socket =
                (SSLSocket) trustingTheGateway().getSocketFactory().createSocket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void turnedOffThePortSpeaksPlainHttpOnly() throws Exception {
        try (Gateway plain = Gateway.builder()
                .api(Api.builder("off").stage("dev").build())
                .host("127.0.0.1")
                .port(0)
                .eventLoops(1)
                .devTls(false)
                .start()) {
            assertThat(plain.devTlsCa()).isEmpty();
            try (var socket =
                    (SSLSocket) trustingTheGateway().getSocketFactory().createSocket("127.0.0.1", plain.port())) {
                socket.setSoTimeout((int) TestClient.WAIT.toMillis());
                assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void aPlainConnectionKeepsNothingOnceFiveBytesHaveArrived() {
        var channel = new EmbeddedChannel(tls().detector());
        channel.writeInbound(Unpooled.copiedBuffer("GET", StandardCharsets.US_ASCII));
        assertThat(channel.pipeline().get(OptionalSslHandler.class))
                .as("waiting for a fifth byte")
                .isNotNull();
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.copiedBuffer(" / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
        assertThat(channel.pipeline().get(OptionalSslHandler.class)).isNull();
        assertThat(channel.pipeline().get(SslHandler.class)).isNull();
        ByteBuf passed = channel.readInbound();
        assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.1\r\n");
        passed.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void aClientHelloPutsAnSslHandlerInItsPlace() throws Exception {
        var channel = new EmbeddedChannel(tls().detector());
        var engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        hello.flip();
        channel.writeInbound(Unpooled.wrappedBuffer(hello));
        assertThat(channel.pipeline().get(OptionalSslHandler.class)).isNull();
        assertThat(channel.pipeline().get(SslHandler.class)).isNotNull();
        channel.finishAndReleaseAll();
    }

    private static OptionalTls tls() {
        var certificate = DevCertificate.in(certificates, List.of("localhost"), Clock.systemUTC());
        return OptionalTls.of(certificate.certificate(), certificate.key(), new CounterSet());
    }

    private static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }
}
