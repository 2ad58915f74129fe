package io.wsgate.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @connections} paths with each segment replaced by what names nothing ({@code .}, {@code
 * ..} and their encodings, empty, an encoded '/') or nothing that exists (a very long id, odd
 * Unicode), and with segments added around the id: an id that is not well formed is gone (410), as
 * AWS answers it; a stage or API segment that no stage or id can be names no route (403); and the
 * one connection there is gets nothing, keeps its state and stays open.
 */
class ManagementPathFuzzTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Recorder lifecycle = new Recorder();

    static final List<String> IMPOSSIBLE = List.of(".", "..", "%2e", "%2E%2e", "", "a%2Fb", "%2F", "%2e%2e%2F%2e%2e");
    static final List<String> UNKNOWN = List.of(
            "x".repeat(2_000), "%C3%A9t%C3%A9", "%F0%9F%98%80", "%E2%80%AE", "%EF%BF%BF", "%ED%A0%80", "%00", "%0A");

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Lifecycle", lifecycle)
            .api(Api.builder("fuzzed")
                    .apiId("fuzz")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .stage("dev")
                    .build()));

    @Test
    void segmentsThatNameNothingReachNoConnection() throws Exception {
        try (var client = gateway.connect("fuzz", "dev")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            String real = URLEncoder.encode(id, StandardCharsets.UTF_8);
            var failures = new ArrayList<String>();
            int sent = 0;
            for (String value : concat(IMPOSSIBLE, UNKNOWN)) {
                boolean impossible = IMPOSSIBLE.contains(value);
                // The id: gone, well formed or not.
                for (String path : List.of(
                        "/fuzz/dev/@connections/" + value,
                        "/dev/@connections/" + value,
                        "/fuzz/dev/%40connections/" + value)) {
                    for (String method : List.of("GET", "POST", "DELETE")) {
                        sent++;
                        expect(failures, method, path, 410, "GoneException");
                    }
                    sent++;
                    expect(failures, "PATCH", path, 403, "ForbiddenException");
                }
                // The API and the stage: no route, or a stage the connection is not on.
                for (String path : List.of(
                        "/" + value + "/dev/@connections/" + real,
                        "/fuzz/" + value + "/@connections/" + real,
                        "/" + value + "/@connections/" + real)) {
                    for (String method : List.of("GET", "POST", "DELETE")) {
                        sent++;
                        expect(
                                failures,
                                method,
                                path,
                                impossible ? 403 : 410,
                                impossible ? "ForbiddenException" : "GoneException");
                    }
                }
                // Segments around the real id: no route, or (one segment holding '/') an id that is gone.
                var around = new java.util.LinkedHashMap<String, Integer>();
                if (!value.isEmpty()) { // a trailing '/' after the id is the id itself
                    around.put("/fuzz/dev/@connections/" + real + "/" + value, 403);
                }
                around.put("/fuzz/dev/@connections/" + value + "/" + real, 403);
                around.put("/fuzz/dev/" + value + "/@connections/" + real, 403);
                around.put("/fuzz/dev/@connections/" + real + "%2F" + value, 410);
                for (var entry : around.entrySet()) {
                    for (String method : List.of("GET", "POST", "DELETE")) {
                        sent++;
                        int status = entry.getValue();
                        expect(
                                failures,
                                method,
                                entry.getKey(),
                                status,
                                status == 410 ? "GoneException" : "ForbiddenException");
                    }
                }
            }
            assertThat(failures).as("of %d requests", sent).isEmpty();
            assertThat(client.nextMessage(Duration.ofMillis(100)))
                    .as("nothing was sent")
                    .isEmpty();
            assertThat(client.isClosed()).isFalse();
            assertThat(send("POST", "/fuzz/dev/@connections/" + real, "still here")
                            .status())
                    .isEqualTo(200);
            assertThat(client.awaitMessage()).isEqualTo("still here");
            assertThat(lifecycle.drain()).as("no $disconnect").isEmpty();
        }
    }

    @Test
    void theForbiddenAnswerQuotesThePathAsJson() throws Exception {
        for (String path : List.of("/a\\b/@connections", "/a\"b\\/@connections", "/\\u0000/x/y/@connections")) {
            String raw = rawGet(path);
            assertThat(raw).startsWith("HTTP/1.1 403");
            JsonNode body = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
            assertThat(body.path("message").asText())
                    .isEqualTo("No method found matching route " + path.substring(1) + " for http method GET.");
        }
    }

    private static void expect(List<String> failures, String method, String path, int status, String type)
            throws Exception {
        Answer answer = send(method, path, method.equals("POST") ? "fuzz" : null);
        if (answer.status() != status || !type.equals(answer.type())) {
            String shown = path.length() > 120 ? path.substring(0, 120) + "..." : path;
            failures.add(method + " " + shown + " -> " + answer);
        }
    }

    record Answer(int status, String type, String body) {}

    private static Answer send(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                response.body());
    }

    /** A GET whose path is sent byte for byte, as no URI class would let it through. */
    private static String rawGet(String path) throws IOException {
        try (var socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
