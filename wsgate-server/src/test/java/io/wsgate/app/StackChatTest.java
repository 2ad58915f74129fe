package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.testing.Dynalite;
import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.StackChat;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stacks kept as test data, each served unchanged by {@code wsgate serve --template} as a user
 * runs it, with its table in dynalite and its handlers in real {@code node} and {@code python3}
 * processes: three clients chat through the handlers' {@code @connections} posts, and {@code
 * $disconnect} takes the leaver out of the table ({@link StackChat}). The Node.js handlers import
 * the AWS SDK v3, which Lambda provides, from {@code --node-modules}.
 */
class StackChatTest {
    static final Path TEMPLATES = Path.of("src/test/resources/templates").toAbsolutePath();
    static final Path SDK = Path.of("src/test/node/node_modules").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aServerlessFrameworkChat() {
        requireNodeSdk();
        try (var dynalite = Dynalite.start();
                var serve = serve(dynalite, TEMPLATES.resolve("serverless-chat/serverless.yml"))) {
            URI stage = output(serve, "serverless-chat-dev.ServiceEndpointWebsocket");
            assertThat(serve.output())
                    .contains("stack serverless-chat-dev (")
                    .contains("4 functions")
                    .contains("made as serverless-chat-connections-dev at " + dynalite.endpoint());
            assertThat(TestClient.refusal(stage))
                    .as("no token: the authorizer's identity source is missing")
                    .isEqualTo(401);
            assertThat(TestClient.refusal(URI.create(stage + "?token=guess")))
                    .as("the authorizer denies a wrong token")
                    .isEqualTo(403);
            new StackChat(
                            URI.create(stage + "?token=letmein"),
                            words -> "{\"action\":\"sendMessage\",\"data\":\"" + words + "\"}",
                            n -> "sent to " + n,
                            () -> dynalite.values("serverless-chat-connections-dev", "connectionId"))
                    .talk(serve);
        }
    }

    @Test
    void aCdkAppShapedAsSeed001() {
        requireNodeSdk();
        try (var dynalite = Dynalite.start();
                var serve = serve(dynalite, TEMPLATES.resolve("cdk-seed001/cdk.out"))) {
            URI stage = output(serve, "ChatStack.WebSocketUrl");
            String table = table(serve, "Connections827CEF2F");
            new StackChat(
                            stage,
                            words -> "{\"action\":\"sendMessage\",\"data\":\"" + words + "\"}",
                            n -> "sent",
                            () -> dynalite.values(table, "connectionId"))
                    .talk(serve);
        }
    }

    @Test
    void aCdkL1AppShapedAsSeed004WithPythonHandlers() {
        Assumptions.assumeTrue(
                Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(), "python3 with boto3 is missing");
        try (var dynalite = Dynalite.start();
                var serve = serve(dynalite, TEMPLATES.resolve("cdk-seed004/cdk.out"))) {
            int port = serve.awaitPort();
            String apiId = output(serve, "ApiGwSocketStack.endpointUrl").toString();
            assertThat(serve.output())
                    .contains("made as ConnectionIdTable at ")
                    .contains("AWS::IAM::Role RoleForApiGwInvokeLambdaF8F5A808");
            new StackChat(
                            URI.create("ws://127.0.0.1:" + port + "/" + apiId + "/dev"),
                            words -> "{\"action\":\"sendmessage\",\"message\":\"" + words + "\"}",
                            null,
                            () -> dynalite.values("ConnectionIdTable", "ConnectionId"))
                    .talk(serve);
        }
    }

    @Test
    void aSamAppShapedAsTheSimpleWebsocketsChatApp() {
        requireNodeSdk();
        try (var dynalite = Dynalite.start();
                var serve = serve(dynalite, TEMPLATES.resolve("sam-chat/template.yaml"))) {
            URI stage = output(serve, "sam-chat.WebSocketURI");
            assertThat(stage.getPath()).endsWith("/Prod");
            assertThat(serve.output())
                    .contains("made as simplechat_connections at ")
                    .contains("AWS::Lambda::Permission SendMessagePermission");
            new StackChat(
                            stage,
                            words -> "{\"action\":\"sendmessage\",\"data\":\"" + words + "\"}",
                            null,
                            () -> dynalite.values("simplechat_connections", "connectionId"))
                    .talk(serve);
        }
    }

    /** The name a stack's table was made with in dynalite, as serve printed it. */
    private static String table(GatewayProcess serve, String logicalId) {
        Matcher m = Pattern.compile("AWS::DynamoDB::Table " + logicalId + " \\(made as (\\S+) at ")
                .matcher(serve.output());
        assertThat(m.find()).as(serve.output()).isTrue();
        return m.group(1);
    }

    private GatewayProcess serve(Dynalite dynalite, Path template, String... more) {
        var args = new java.util.ArrayList<>(List.of(
                "--template",
                template.toString(),
                "--port",
                "0",
                "--control-port",
                "0",
                "--data-dir",
                "data",
                "--dynamodb-endpoint",
                dynalite.endpoint().toString(),
                "--node-modules",
                SDK.toString()));
        args.addAll(List.of(more));
        return GatewayProcess.serveIn(dir, args.toArray(String[]::new));
    }

    /** The stack output {@code name} printed once the gateway listens, as the URL it is here. */
    private static URI output(GatewayProcess serve, String name) {
        Pattern line = Pattern.compile("output " + Pattern.quote(name) + " = (\\S+)$");
        Matcher m = line.matcher(serve.awaitLine(line.asPredicate()));
        assertThat(m.find()).isTrue();
        return URI.create(m.group(1));
    }

    private static void requireNodeSdk() {
        boolean present = Files.isDirectory(SDK.resolve("@aws-sdk/client-dynamodb"))
                && Tools.probe(List.of("node", "--version")).isPresent();
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(present, "node and the tests' node_modules (.ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "node, or npm ci in src/test/node, is missing");
    }
}
