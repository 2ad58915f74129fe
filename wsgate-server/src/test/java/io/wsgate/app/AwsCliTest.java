package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.integration.EventType;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.Tools;
import io.wsgate.testing.Tools.Run;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AWS CLI's {@code apigatewaymanagementapi} commands against the endpoint a backend computes
 * from {@code requestContext.domainName} and {@code stage}. Needs {@code aws} on the PATH ({@code
 * .ci/run} installs it); works with CLI v1 and v2.
 */
class AwsCliTest {
    static final Recorder lifecycle = new Recorder();
    static boolean v2;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Lifecycle", lifecycle)
            .api(Api.builder("cli")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .stage("dev")
                    .build()));

    @BeforeAll
    static void needsTheCli() {
        var version = Tools.probe(List.of("aws", "--version"));
        assumeTrue(version.isPresent(), "the AWS CLI (aws) is not installed");
        v2 = (version.get().out() + version.get().err()).startsWith("aws-cli/2");
    }

    @Test
    void postGetAndDeleteWorkOnTheComputedEndpoint() throws Exception {
        try (var client = gateway.connect("cli", "dev")) {
            var connect = lifecycle.await(EventType.CONNECT);
            String endpoint = "http://" + connect.requestContext().domainName() + "/"
                    + connect.requestContext().stage();
            String id = connect.connectionId();
            // One id in 64 starts with '-' (as AWS's can: URL-safe base64); the CLI would read
            // "--connection-id -x..." as a missing value and a new option, so the value is joined.

            var post = new ArrayList<>(List.of(
                    "apigatewaymanagementapi",
                    "post-to-connection",
                    "--endpoint-url",
                    endpoint,
                    "--connection-id=" + id,
                    "--data",
                    "hello from the cli"));
            if (v2) {
                post.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
            }
            Run posted = aws(post);
            assertThat(posted.exit()).as(posted.err()).isZero();
            assertThat(client.awaitMessage()).isEqualTo("hello from the cli");

            Run got = aws(List.of(
                    "apigatewaymanagementapi",
                    "get-connection",
                    "--endpoint-url",
                    endpoint,
                    "--connection-id=" + id,
                    "--output",
                    "json"));
            assertThat(got.exit()).as(got.err()).isZero();
            JsonNode info = new ObjectMapper().readTree(got.out());
            assertThat(info.at("/Identity/SourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(info.has("ConnectedAt")).isTrue();
            assertThat(info.has("LastActiveAt")).isTrue();

            Run deleted = aws(List.of(
                    "apigatewaymanagementapi",
                    "delete-connection",
                    "--endpoint-url",
                    endpoint,
                    "--connection-id=" + id));
            assertThat(deleted.exit()).as(deleted.err()).isZero();
            assertThat(client.awaitClose().code()).isEqualTo(1000);

            Run gone = aws(List.of(
                    "apigatewaymanagementapi", "get-connection", "--endpoint-url", endpoint, "--connection-id=" + id));
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.err()).contains("GoneException");
        }
    }

    private static Run aws(List<String> args) {
        var command = new ArrayList<String>();
        command.add("aws");
        command.addAll(args);
        return Tools.run(command);
    }
}
