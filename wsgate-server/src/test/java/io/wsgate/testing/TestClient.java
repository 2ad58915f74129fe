package io.wsgate.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A WebSocket client for tests, on the JDK's {@link WebSocket}: what a user's Java client would
 * be. Collects messages, pongs and the close the server sends; every wait has a timeout.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    /** The close frame the server sent. */
    public record Closed(int code, String reason) {}

    private final WebSocket socket;
    private final Listener listener;

    private TestClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    public static TestClient connect(URI uri) {
        return connect(uri, Map.of(), List.of());
    }

    public static TestClient connect(URI uri, Map<String, String> headers, List<String> subprotocols) {
        return connect(HttpClient.newHttpClient(), uri, headers, subprotocols);
    }

    /** Connects over TLS, trusting what {@code ssl} trusts. */
    public static TestClient connect(SSLContext ssl, URI uri) {
        return connect(HttpClient.newBuilder().sslContext(ssl).build(), uri, Map.of(), List.of());
    }

    /** A TLS context that trusts the certificates in {@code pems} (PEM files) and nothing else. */
    public static SSLContext trusting(java.nio.file.Path... pems) {
        try {
            var store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            var factory = java.security.cert.CertificateFactory.getInstance("X.509");
            int n = 0;
            for (java.nio.file.Path pem : pems) {
                try (var in = java.nio.file.Files.newInputStream(pem)) {
                    for (var certificate : factory.generateCertificates(in)) {
                        store.setCertificateEntry("trusted-" + n++, certificate);
                    }
                }
            }
            var trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            var context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new AssertionError("cannot trust " + List.of(pems) + ": " + e, e);
        }
    }

    private static TestClient connect(
            HttpClient http, URI uri, Map<String, String> headers, List<String> subprotocols) {
        var listener = new Listener();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(
                    subprotocols.get(0),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        try {
            WebSocket socket = builder.buildAsync(uri, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return new TestClient(socket, listener);
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + uri + ": " + e, e);
        }
    }

    /** The HTTP status the server refused the handshake with; fails if the handshake succeeded. */
    public static int refusal(URI uri, Map<String, String> headers) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        try {
            WebSocket socket = builder.buildAsync(uri, new Listener()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            socket.abort();
            throw new AssertionError("the handshake to " + uri + " succeeded");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("unexpected failure: " + e.getCause(), e);
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    public static int refusal(URI uri) {
        return refusal(uri, Map.of());
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        join(socket.sendText(text, true));
    }

    /** Sends {@code parts} as one message in as many frames. */
    public void sendFragments(List<String> parts) {
        for (int i = 0; i < parts.size(); i++) {
            join(socket.sendText(parts.get(i), i == parts.size() - 1));
        }
    }

    public void sendBinary(byte[] data) {
        join(socket.sendBinary(ByteBuffer.wrap(data), true));
    }

    public void ping(byte[] data) {
        join(socket.sendPing(ByteBuffer.wrap(data)));
    }

    /** Sends a close frame and waits for the server's. */
    public void close(int code, String reason) {
        join(socket.sendClose(code, reason));
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        socket.abort();
    }

    /** The next message, waiting up to {@link #WAIT}. */
    public String awaitMessage() {
        return nextMessage(WAIT).orElseThrow(() -> new AssertionError("no message within " + WAIT));
    }

    /** The next message within {@code wait}, or empty. */
    public Optional<String> nextMessage(Duration wait) {
        return Await.poll(listener.messages, wait);
    }

    public byte[] awaitPong() {
        return Await.next(listener.pongs, "pong");
    }

    /** The close the server sent, waiting up to {@link #WAIT}. */
    public Closed awaitClose() {
        try {
            return listener.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no close within " + WAIT + ": " + e, e);
        }
    }

    public boolean isClosed() {
        return listener.closed.isDone();
    }

    /** Binary messages received, as a check that none arrived where none should. */
    public int binaryMessages() {
        return listener.binary;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS);
        }
        socket.abort();
    }

    private static void join(CompletableFuture<WebSocket> future) {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        volatile int binary;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) {
                binary++;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            pongs.add(bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }
    }
}
