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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void needsTheCli() throws Exception {
        Run version;
        try {
            version = aws(List.of("--version"));
        } catch (IOException e) {
            version = null;
        }
        assumeTrue(version != null && version.exit() == 0, "the AWS CLI (aws) is not installed");
        v2 = (version.out() + version.err()).startsWith("aws-cli/2");
    }

    @Test
    void postGetAndDeleteWorkOnTheComputedEndpoint() throws Exception {
        try (var client = gateway.connect("cli", "dev")) {
            var connect = lifecycle.await(EventType.CONNECT);
            String endpoint = "http://" + connect.requestContext().domainName() + "/"
                    + connect.requestContext().stage();
            String id = connect.connectionId();

            var post = new ArrayList<>(List.of(
                    "apigatewaymanagementapi",
                    "post-to-connection",
                    "--endpoint-url",
                    endpoint,
                    "--connection-id",
                    id,
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
                    "--connection-id",
                    id,
                    "--output",
                    "json"));
            assertThat(got.exit()).as(got.err()).isZero();
            JsonNode info = new ObjectMapper().readTree(got.out());
            assertThat(info.at("/Identity/SourceIp").asText()).isEqualTo("127.0.0.1");
            assertThat(info.has("ConnectedAt")).isTrue();
            assertThat(info.has("LastActiveAt")).isTrue();

            Run deleted = aws(List.of(
                    "apigatewaymanagementapi", "delete-connection", "--endpoint-url", endpoint, "--connection-id", id));
            assertThat(deleted.exit()).as(deleted.err()).isZero();
            assertThat(client.awaitClose().code()).isEqualTo(1000);

            Run gone = aws(List.of(
                    "apigatewaymanagementapi", "get-connection", "--endpoint-url", endpoint, "--connection-id", id));
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.err()).contains("GoneException");
        }
    }

    private static Run aws(List<String> args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("aws");
        command.addAll(args);
        var builder = new ProcessBuilder(command);
        var env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + args + " did not finish within 60 s");
        }
        return new Run(
                process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
