package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bootstraps speak HTTP/1.1 to the Runtime API themselves, on one socket: here the host is a
 * bare socket that answers in each framing HTTP allows, a body chunked, framed by the end of the
 * connection, or by Content-Length with a UTF-8 character cut between two writes, and that
 * closes the connection after an answer, so the bootstrap must open another.
 */
class RuntimeApiFramingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the host read it: its first line, its headers (names in lower case) and its body. */
    private record Request(String line, Map<String, String> headers, String body) {}

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void everyFramingOfAnAnswerIsReadAndAClosedConnectionIsOpenedAgain(String runtime) throws Exception {
        try (var host = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            host.setSoTimeout(20_000);
            String address = "127.0.0.1:" + host.getLocalPort();
            try (var process = runtime.equals("node")
                    ? BootstrapProcess.node(address, "node-cjs", "src/connect.handler", Map.of())
                    : BootstrapProcess.python(address, "python-echo", "echo.handler")) {
                try (Socket first = host.accept()) {
                    InputStream in = first.getInputStream();
                    OutputStream out = first.getOutputStream();
                    assertThat(read(in).line()).isEqualTo("GET /2018-06-01/runtime/invocation/next HTTP/1.1");
                    write(out, head("req-1", "Transfer-Encoding: chunked\r\n"));
                    write(out, "6\r\n{\"n\":1\r\n");
                    write(out, "1\r\n}\r\n0\r\n\r\n");
                    Request answer = read(in);
                    assertThat(answer.line()).isEqualTo("POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1");
                    assertThat(event(answer).get("n").asInt()).isEqualTo(1);
                    // the handler printed, so its end marks follow on the output streams
                    assertThat(answer.headers()).doesNotContainKey("wsgate-end-mark");
                    write(
                            out,
                            "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"OK\"}");
                }
                try (Socket second = host.accept()) { // the first was closed: the poll opens another
                    assertThat(read(second.getInputStream()).line()).contains("/invocation/next");
                    write(second.getOutputStream(), head("req-2", "Connection: close\r\n") + "{\"n\":2}");
                } // the body ends with the connection
                try (Socket third = host.accept()) {
                    InputStream in = third.getInputStream();
                    OutputStream out = third.getOutputStream();
                    Request answer = read(in);
                    assertThat(answer.line()).contains("/invocation/req-2/response");
                    assertThat(event(answer).get("n").asInt()).isEqualTo(2);
                    // the next poll came in the same write as the answer, before the answer's 202
                    assertThat(in.available()).isPositive();
                    write(out, "HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}");

                    assertThat(read(in).line()).contains("/invocation/next"); // the same connection, kept alive
                    byte[] body = "{\"n\":3,\"s\":\"é€\"}".getBytes(StandardCharsets.UTF_8);
                    int cut = body.length - 3; // inside €, which is 3 bytes
                    out.write(head("req-3", "Content-Length: " + body.length + "\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.write(body, 0, cut);
                    out.flush();
                    out.write(body, cut, body.length - cut);
                    out.flush();
                    JsonNode third3 = event(read(in));
                    assertThat(third3.get("n").asInt()).isEqualTo(3);
                    assertThat(third3.get("s").asText()).isEqualTo("é€");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void anInvocationThatPrintedNothingIsAnsweredWithNoEndMark(String runtime) throws Exception {
        onOneConnection(runtime, "src/connect.nothing", "echo.quiet", (process, in, out) -> {
            for (String id : new String[] {"quiet-1", "quiet-2"}) {
                assertThat(read(in).line()).contains("/invocation/next");
                write(out, head(id, "Content-Length: 2\r\n") + "{}");
                Request answer = read(in);
                assertThat(answer.line()).contains("/invocation/" + id + "/response");
                assertThat(answer.headers()).containsEntry("wsgate-end-mark", "none");
                write(out, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
            }
            assertThat(read(in).line()).contains("/invocation/next");
            assertThat(process.linesOnceEnded()).noneMatch(line -> line.contains(OutputReader.MARK));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void aQuietInvocationAfterOneThatPrintedIsAnsweredWithNoEndMark(String runtime) throws Exception {
        onOneConnection(runtime, "src/connect.printsFirst", "echo.prints_first", (process, in, out) -> {
            for (String id : new String[] {"loud-1", "quiet-2", "quiet-3"}) {
                assertThat(read(in).line()).contains("/invocation/next");
                write(out, head(id, "Content-Length: 2\r\n") + "{}");
                Request answer = read(in);
                assertThat(answer.line()).contains("/invocation/" + id + "/response");
                if (id.startsWith("loud")) {
                    assertThat(answer.headers()).doesNotContainKey("wsgate-end-mark");
                } else { // the marks written for loud-1 were no printing of quiet-2's
                    assertThat(answer.headers()).containsEntry("wsgate-end-mark", "none");
                }
                write(out, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
            }
            assertThat(read(in).line()).contains("/invocation/next");
            assertThat(process.linesOnceEnded())
                    .filteredOn(line -> line.contains(OutputReader.MARK))
                    .allMatch(line -> line.endsWith(OutputReader.MARK + "loud-1"))
                    .hasSize(2); // one on each stream
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void outputWrittenPastTheStreamObjectsStillGetsItsEndMark(String runtime) throws Exception {
        onOneConnection(runtime, "src/connect.writesFd", "echo.writes_dunder", (process, in, out) -> {
            assertThat(read(in).line()).contains("/invocation/next");
            write(out, head("direct-1", "Content-Length: 2\r\n") + "{}");
            Request answer = read(in);
            assertThat(answer.line()).contains("/invocation/direct-1/response");
            assertThat(answer.headers()).doesNotContainKey("wsgate-end-mark");
            write(out, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
            assertThat(read(in).line()).contains("/invocation/next");
            // Awaited on the live process: killing it first raced the JDK's draining of its pipes.
            assertThat(process.awaitStdout(OutputReader.MARK + "direct-1")).endsWith("direct-1");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "python"})
    void eachInvocationSeesItsOwnTraceIdInItsEnvironment(String runtime) throws Exception {
        onOneConnection(runtime, "src/connect.trace", "echo.trace", (process, in, out) -> {
            for (int i = 1; i <= 3; i++) {
                String trace = "Root=1-6929e000-00000000000000000000000" + i + ";Sampled=0";
                assertThat(read(in).line()).contains("/invocation/next");
                write(out, head("t-" + i, "Lambda-Runtime-Trace-Id: " + trace + "\r\nContent-Length: 2\r\n") + "{}");
                JsonNode seen = JSON.readTree(read(in).body());
                assertThat(seen.get("env").asText()).isEqualTo(trace);
                if (runtime.equals("node")) {
                    assertThat(seen.get("listed").asBoolean()).isTrue();
                    assertThat(seen.get("child").asText()).isEqualTo(trace);
                } else {
                    assertThat(seen.get("getenv").asText()).isEqualTo(trace);
                }
                write(out, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
            }
        });
    }

    /** What a test does with the bootstrap and the one connection it opened to the host. */
    private interface Session {
        void run(BootstrapProcess process, InputStream in, OutputStream out) throws Exception;
    }

    /**
     * Starts the bootstrap of {@code runtime} on {@code nodeHandler} (in node-cjs) or {@code
     * pythonHandler} (in python-echo) against a bare-socket host, and runs {@code session} on the
     * connection it opens.
     */
    private static void onOneConnection(String runtime, String nodeHandler, String pythonHandler, Session session)
            throws Exception {
        try (var host = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            host.setSoTimeout(20_000);
            String address = "127.0.0.1:" + host.getLocalPort();
            try (var process = runtime.equals("node")
                            ? BootstrapProcess.node(address, "node-cjs", nodeHandler, Map.of())
                            : BootstrapProcess.python(address, "python-echo", pythonHandler);
                    Socket socket = host.accept()) {
                session.run(process, socket.getInputStream(), socket.getOutputStream());
            }
        }
    }

    /** The head of a {@code next} answer for {@code id}, with {@code framing}'s header lines. */
    private static String head(String id, String framing) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: " + id
                + "\r\nLambda-Runtime-Deadline-Ms: " + (System.currentTimeMillis() + 30_000)
                + "\r\nLambda-Runtime-Invoked-Function-Arn: " + RuntimeApiPeer.ARN + "\r\n" + framing + "\r\n";
    }

    /** The event the echo handlers answer with. */
    private static JsonNode event(Request answer) throws IOException {
        return JSON.readTree(answer.body()).get("event");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one request (its body framed by Content-Length, as the bootstraps frame theirs). */
    private static Request read(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the bootstrap closed the connection mid-request: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        var headers = new java.util.HashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Request(lines[0], headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
}
