package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.auth.Identity;
import io.wsgate.auth.Policy;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wsgate connections list|send|kick} against a running gateway, unsigned and signed. */
class ConnectionsCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Api echoApi() {
        return Api.builder("Echo")
                .integration(Integration.function("echo", "Echo"))
                .route("$connect", "echo")
                .route(Route.of("$default", "echo").withRouteResponse())
                .stage("dev")
                .build();
    }

    static String idOf(TestClient client, Recorder echo) {
        client.send("whoami");
        client.awaitMessage();
        return echo.await(EventType.MESSAGE).connectionId();
    }

    @Test
    void listsSendsAndKicksWithoutIdentities(@TempDir Path dir) throws Exception {
        var echo =
                new Recorder().answer((e, c) -> e.eventType() == EventType.MESSAGE ? Reply.body(e.body()) : Reply.ok());
        try (Gateway gateway = Gateway.builder()
                        .port(0)
                        .control(0, dir.resolve("data"))
                        .function("Echo", echo)
                        .api(echoApi())
                        .start();
                var a = TestClient.connect(gateway.stageUrl("echo", "dev"));
                var b = TestClient.connect(gateway.stageUrl("echo", "dev"))) {
            String endpoint = gateway.controlUrl().orElseThrow().toString();
            String idA = idOf(a, echo);
            String idB = idOf(b, echo);

            var json = CliTest.run("connections", "list", "--endpoint", endpoint, "--no-sign", "--output", "json");
            assertThat(json.exit()).as(json.err()).isZero();
            assertThat(ids(JSON.readTree(json.out()))).containsExactlyInAnyOrder(idA, idB);

            var paged = CliTest.run(
                    "connections",
                    "list",
                    "--endpoint",
                    endpoint,
                    "--no-sign",
                    "--limit",
                    "1",
                    "--all",
                    "--output",
                    "json");
            assertThat(ids(JSON.readTree(paged.out()))).containsExactlyInAnyOrder(idA, idB);
            var first = CliTest.run("connections", "list", "--endpoint", endpoint, "--no-sign", "--limit", "1");
            assertThat(first.out()).contains("CONNECTION ID", "API/STAGE", "echo/dev", "more: --next-token ");

            var text = CliTest.run(
                    "connections",
                    "list",
                    "--endpoint",
                    endpoint,
                    "--no-sign",
                    "--api-id",
                    "echo",
                    "--stage",
                    "dev",
                    "--filter",
                    idA);
            assertThat(text.out()).contains(idA, "127.0.0.1").doesNotContain(idB);

            var sent =
                    CliTest.run("connections", "send", "--endpoint", endpoint, "--no-sign", idA, "hello from a shell");
            assertThat(sent.exit()).as(sent.err()).isZero();
            assertThat(a.awaitMessage()).isEqualTo("hello from a shell");

            var kicked = CliTest.run("connections", "kick", "--endpoint", endpoint, "--no-sign", idB);
            assertThat(kicked.exit()).as(kicked.err()).isZero();
            assertThat(kicked.out()).contains("disconnected " + idB);
            assertThat(b.awaitClose().code()).isEqualTo(1000);

            // an id may start with '-' (URL-safe base64): taken as an id, not as an option
            var dashed = CliTest.run("connections", "kick", "--endpoint", endpoint, "--no-sign", "-Zm9v=");
            assertThat(dashed.err()).contains("410 GoneException: No open connection -Zm9v=");
            var gone = CliTest.run("connections", "kick", "--endpoint", endpoint, "--no-sign", idB);
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err()).contains("410 GoneException: No open connection " + idB);

            var badOutput = CliTest.run("connections", "list", "--endpoint", endpoint, "--output", "yaml");
            assertThat(badOutput.exit()).isEqualTo(2);
            assertThat(badOutput.err()).contains("--output must be text or json");

            var badLimit = CliTest.run("connections", "list", "--endpoint", endpoint, "--no-sign", "--limit", "0");
            assertThat(badLimit.exit()).isEqualTo(1);
            assertThat(badLimit.err()).contains("400 BadRequestException: limit must be");
        }
        // the gateway is stopped: nothing listens there any more
        var unreachable = CliTest.run("connections", "list", "--endpoint", "http://127.0.0.1:1", "--no-sign");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the gateway's control plane at http://127.0.0.1:1");
    }

    @Test
    void signsWithTheCredentialsTheSdkFinds(@TempDir Path dir) throws Exception {
        var operator = new Identity(
                "AKIACLIOPERATOR",
                "cli-secret",
                null,
                "arn:aws:iam::000000000000:user/cli",
                "AKIACLIOPERATOR",
                Policy.read(JSON.readTree("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"execute-api:ManageConnections\",\"Resource\":\"*\"}]}")));
        var echo =
                new Recorder().answer((e, c) -> e.eventType() == EventType.MESSAGE ? Reply.body(e.body()) : Reply.ok());
        try (Gateway gateway = Gateway.builder()
                        .port(0)
                        .control(0, dir.resolve("data"))
                        .identity(operator)
                        .function("Echo", echo)
                        .api(echoApi())
                        .start();
                var a = TestClient.connect(gateway.stageUrl("echo", "dev"))) {
            String endpoint = gateway.controlUrl().orElseThrow().toString();
            String id = idOf(a, echo);
            var unsigned = CliTest.run("connections", "list", "--endpoint", endpoint, "--no-sign");
            assertThat(unsigned.exit()).isEqualTo(1);
            assertThat(unsigned.err()).contains("403 MissingAuthenticationTokenException");
            // the SDK's chain reads these system properties before the environment and ~/.aws
            // (the build sets them for other tests: put back as they were)
            String key = System.getProperty("aws.accessKeyId");
            String secret = System.getProperty("aws.secretAccessKey");
            System.setProperty("aws.accessKeyId", operator.accessKeyId());
            System.setProperty("aws.secretAccessKey", operator.secretAccessKey());
            try {
                var listed = CliTest.run("connections", "list", "--endpoint", endpoint, "--output", "json");
                assertThat(listed.exit()).as(listed.err()).isZero();
                assertThat(ids(JSON.readTree(listed.out()))).containsExactly(id);
                var sent = CliTest.run("connections", "send", "--endpoint", endpoint, id, "signed hello");
                assertThat(sent.exit()).as(sent.err()).isZero();
                assertThat(a.awaitMessage()).isEqualTo("signed hello");
                var kicked = CliTest.run("connections", "kick", "--endpoint", endpoint, id);
                assertThat(kicked.exit()).as(kicked.err()).isZero();
                assertThat(a.awaitClose().code()).isEqualTo(1000);
                System.setProperty("aws.secretAccessKey", "wrong");
                var wrong = CliTest.run("connections", "list", "--endpoint", endpoint);
                assertThat(wrong.exit()).isEqualTo(1);
                assertThat(wrong.err()).contains("403 InvalidSignatureException");
            } finally {
                restore("aws.accessKeyId", key);
                restore("aws.secretAccessKey", secret);
            }
        }
    }

    static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    static List<String> ids(JsonNode listing) {
        var ids = new ArrayList<String>();
        listing.path("items").forEach(c -> ids.add(c.path("connectionId").asText()));
        return ids;
    }
}
