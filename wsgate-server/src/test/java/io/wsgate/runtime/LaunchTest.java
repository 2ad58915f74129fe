package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.model.RuntimeFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command and environment a function's process gets: Lambda's, and nothing else of wsgate's. */
class LaunchTest {
    private static final Path CODE = Path.of("/srv/app").toAbsolutePath();
    private static final RuntimeFunction NODE = RuntimeFunction.of(
                    "Send", RuntimeFunction.Runtime.NODEJS20, "src/send.handler", CODE)
            .withVariables(Map.of("TABLE_NAME", "connections"));

    @Test
    void theEnvironmentIsLambdasWithStandInCredentials() {
        var launch = new Launch(
                Path.of("/tmp/boot"),
                Map.of(
                        "PATH", "/usr/bin",
                        "HOME", "/root",
                        "JAVA_TOOL_OPTIONS", "-Xmx1g",
                        "AWS_PROFILE", "prod",
                        "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4567"));
        Map<String, String> env = launch.environment(NODE, 4711);
        assertThat(env)
                .containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:4711")
                .containsEntry("_HANDLER", "src/send.handler")
                .containsEntry("LAMBDA_TASK_ROOT", CODE.toString())
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "Send")
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/Send")
                .containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_DEFAULT_REGION", "us-east-1")
                .containsEntry("TZ", ":UTC")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs20.x")
                .containsEntry("NODE_PATH", CODE.resolve("node_modules").toString())
                .containsEntry("TABLE_NAME", "connections")
                .containsEntry("AWS_ACCESS_KEY_ID", "wsgate")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "wsgate")
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4567")
                .containsEntry("PATH", "/usr/bin")
                .doesNotContainKeys(
                        "HOME", "JAVA_TOOL_OPTIONS", "AWS_PROFILE", "AWS_SESSION_TOKEN", "PYTHONDONTWRITEBYTECODE");
        assertThat(env.get("AWS_LAMBDA_LOG_STREAM_NAME")).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
    }

    @Test
    void wsgatesOwnCredentialsAndRegionArePassedOn() {
        var launch = new Launch(
                Path.of("/tmp/boot"),
                Map.of(
                        "AWS_ACCESS_KEY_ID", "AKIA",
                        "AWS_SECRET_ACCESS_KEY", "secret",
                        "AWS_SESSION_TOKEN", "token",
                        "AWS_DEFAULT_REGION", "eu-west-1",
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:9000"));
        var python = RuntimeFunction.of("Connect", RuntimeFunction.Runtime.PYTHON312, "connect.handler", CODE);
        Map<String, String> env = launch.environment(python, 1);
        assertThat(env)
                .containsEntry("AWS_ACCESS_KEY_ID", "AKIA")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret")
                .containsEntry("AWS_SESSION_TOKEN", "token")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_python3.12")
                .containsEntry("PYTHONDONTWRITEBYTECODE", "1")
                .doesNotContainKey("NODE_PATH");
        ProcessBuilder builder = launch.builder(python, 1);
        assertThat(builder.command()).isEqualTo(List.of("python3", "/tmp/boot/python/bootstrap.py"));
        assertThat(builder.directory()).isEqualTo(CODE.toFile());
        assertThat(launch.builder(NODE, 1).command()).isEqualTo(List.of("node", "/tmp/boot/node/bootstrap.mjs"));
    }

    @Test
    void sharedNodeModulesComeAfterTheFunctionsOwn() {
        var launch = new Launch(
                Path.of("/tmp/boot"),
                Map.of(),
                io.wsgate.config.RuntimeSettings.DEFAULT.withNodeModules(Path.of("/opt/sdk/node_modules")));
        assertThat(launch.environment(NODE, 1))
                .containsEntry(
                        "NODE_PATH",
                        CODE.resolve("node_modules") + java.io.File.pathSeparator + "/opt/sdk/node_modules");
    }
}
