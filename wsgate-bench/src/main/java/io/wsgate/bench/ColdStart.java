package io.wsgate.bench;

import io.wsgate.bench.load.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server's cold start as its first client meets it, timed from the bench's side with the JDK's
 * WebSocket client: from the start of the server's process to its port accepting connections, and
 * on to the first echo answered to a client that connects as soon as it does (the handshake, and
 * whatever the server starts for the first message: a function's process, a worker thread). Then
 * the round trips of a few more messages on the same connection, one at a time: the function warm,
 * the server just started.
 *
 * @param listeningMillis from the process's start to its port accepting a connection
 * @param firstAnswerMillis from the process's start to the first echo received
 * @param nextMillis the median round trip of the messages after the first
 */
record ColdStart(double listeningMillis, double firstAnswerMillis, double nextMillis) {
    /** How many messages follow the first, to time the function warm. */
    static final int NEXT_MESSAGES = 9;

    /** How long a server may take to answer its first message (Lambda gives an init 10 s; this is more). */
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(60);

    /** From the port accepting connections to the first echo. */
    double connectAndFirstAnswerMillis() {
        return firstAnswerMillis - listeningMillis;
    }

    /**
     * Times {@code s}, which must have just been started and seen listening, with messages of
     * {@code size} bytes. Fails when the server answers anything but the echo or nothing in time.
     */
    static ColdStart of(Subject s, int size) throws IOException, InterruptedException {
        var message = new Message("echo", size);
        var replies = new LinkedBlockingQueue<Reply>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket ws = open(client, s, replies);
            try {
                long first = roundTrip(ws, message, replies, s);
                double[] next = new double[NEXT_MESSAGES];
                for (int i = 0; i < next.length; i++) {
                    long sent = System.nanoTime();
                    next[i] = (roundTrip(ws, message, replies, s) - sent) / 1e6;
                }
                Arrays.sort(next);
                return new ColdStart(
                        s.main().millisToListen(), (first - s.main().startedNanos) / 1e6, next[next.length / 2]);
            } finally {
                ws.abort();
            }
        }
    }

    /** A text message received, and when its last fragment came. */
    private record Reply(String text, long receivedNanos) {}

    private static WebSocket open(HttpClient client, Subject s, BlockingQueue<Reply> replies)
            throws IOException, InterruptedException {
        var listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    replies.add(new Reply(text.toString(), System.nanoTime()));
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        try {
            return client.newWebSocketBuilder()
                    .connectTimeout(FIRST_ANSWER)
                    .buildAsync(URI.create(s.ws()), listener)
                    .get(FIRST_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(s.name() + " did not accept a WebSocket at " + s.ws() + ": " + cause(e), e);
        }
    }

    /** Sends one message and waits for its echo; the time the echo came. */
    private static long roundTrip(WebSocket ws, Message message, BlockingQueue<Reply> replies, Subject s)
            throws IOException, InterruptedException {
        String text = message.text(System.nanoTime());
        try {
            ws.sendText(text, true).get(FIRST_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not send to " + s.name() + ": " + cause(e), e);
        }
        Reply reply = replies.poll(FIRST_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new IOException(s.name() + " did not answer within " + FIRST_ANSWER.toSeconds() + " s");
        }
        if (!reply.text().equals(text)) {
            throw new IOException(s.name() + " answered " + abbreviated(reply.text()) + " instead of the echo");
        }
        return reply.receivedNanos();
    }

    private static String cause(Exception e) {
        Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return c.toString();
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
