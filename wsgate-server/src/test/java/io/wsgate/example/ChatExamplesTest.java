package io.wsgate.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgate.app.Main;
import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.JavaSources;
import io.wsgate.testing.Snippets;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat examples run as a user runs them: {@code examples/chat-*}/{@code run}, which starts
 * dynalite, creates the connection table and execs wsgate on the example's file, with the
 * handlers as they are written for Lambda in real {@code python3} and {@code node} processes.
 * Three clients: A's message reaches all three; after C leaves (its {@code $disconnect} deletes
 * it from the table) the next reaches A and B only; a connection id left in the table by a client
 * wsgate no longer knows answers 410 and the handler deletes it. dynalite stops when wsgate does.
 *
 * <p>The jar is not built when tests run, so {@code WSGATE} (which {@code run} honours) names a
 * script that starts this build's classes instead, as {@code ReadmeTest} does for {@code ./wsgate}.
 */
class ChatExamplesTest {
    private static final Pattern DYNALITE = Pattern.compile("dynalite \\(DynamoDB in memory\\) on (http://\\S+)");
    private static final Pattern CONNECTED = Pattern.compile("\\bconnected (\\S+)$");
    private static final String API = "helloapigwsocket";

    @TempDir
    Path dir;

    private static Path examples() {
        return Snippets.readme().resolveSibling("examples");
    }

    @Test
    void thePythonChatWithBoto3() throws Exception {
        assumeTrue(
                Tools.probe(List.of(
                                "python3",
                                "-c",
                                "import boto3, botocore, sys; sys.exit(tuple(map(int, botocore.__version__.split('.')[:3]))"
                                        + " < (1, 31, 57))"))
                        .isPresent(),
                "python3 with boto3 1.28.57 or newer (which reads AWS_ENDPOINT_URL_DYNAMODB) is not installed");
        chat("chat-python");
    }

    @Test
    void theNodeChatWithTheAwsSdkV3() throws Exception {
        assumeTrue(
                Files.isDirectory(examples().resolve("chat-node/node_modules/@aws-sdk/client-apigatewaymanagementapi")),
                "examples/chat-node has no node_modules: run npm ci there (.ci/run does)");
        chat("chat-node");
    }

    private void chat(String example) throws Exception {
        assumeTrue(Tools.probe(List.of("node", "--version")).isPresent(), "Node.js (node) is not installed");
        assumeTrue(
                Files.isDirectory(examples().resolve("dynalite/node_modules/dynalite")),
                "examples/dynalite has no node_modules: run npm ci there (.ci/run does)");
        assumeTrue(Tools.probe(List.of("aws", "--version")).isPresent(), "the AWS CLI (aws) is not installed");
        String wsgate = launcher().toString();
        try (var gateway = GatewayProcess.command(
                dir,
                env -> env.put("WSGATE", wsgate),
                examples().resolve(example + "/run").toString(),
                "--port",
                "0",
                "--no-control")) {
            Matcher dynalite = DYNALITE.matcher(gateway.awaitLine(DYNALITE.asPredicate()));
            assertThat(dynalite.find()).isTrue();
            URI stage = URI.create("ws://127.0.0.1:" + gateway.awaitPort() + "/" + API + "/dev");
            ProcessHandle table = ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("dynalite/serve.mjs"))
                    .findFirst()
                    .orElseThrow();
            var clients = new ArrayList<TestClient>();
            var ids = new ArrayList<String>();
            try {
                // One at a time, each after the last's $connect has printed the id it put in the table.
                for (int i = 0; i < 3; i++) {
                    clients.add(TestClient.connect(stage));
                    ids.add(connected(gateway));
                }
                assertThat(ids).doesNotHaveDuplicates();
                talk(gateway, dynalite.group(1), clients, ids);
            } finally {
                clients.forEach(TestClient::close);
            }
            table.onExit().get(30, TimeUnit.SECONDS);
            assertThat(table.isAlive()).as("dynalite stops with wsgate").isFalse();
        }
    }

    /** A, B and C chat; C leaves; a stale id is passed over and deleted; wsgate stops. */
    private static void talk(GatewayProcess gateway, String endpoint, List<TestClient> clients, List<String> ids) {
        TestClient a = clients.get(0);
        TestClient b = clients.get(1);
        TestClient c = clients.get(2);
        a.send("{\"action\":\"sendmessage\",\"message\":\"hello\"}");
        for (TestClient each : clients) {
            assertThat(each.awaitMessage()).isEqualTo("hello");
        }
        gateway.awaitLine(line -> line.endsWith("sent to 3 connections"));

        c.close(1000, "bye");
        gateway.awaitLine(line -> line.endsWith("disconnected " + ids.get(2)));
        a.send("{\"action\":\"sendmessage\",\"message\":\"without C\"}");
        assertThat(a.awaitMessage()).isEqualTo("without C");
        assertThat(b.awaitMessage()).isEqualTo("without C");
        gateway.awaitLine(line -> line.endsWith("sent to 2 connections"));

        String stale = "StaleConnectId0="; // the shape of an id, which wsgate never gave
        aws(endpoint, "put-item", "--item", "{\"ConnectionId\": {\"S\": \"" + stale + "\"}}");
        a.send("{\"action\":\"sendmessage\",\"message\":\"again\"}");
        assertThat(a.awaitMessage()).isEqualTo("again");
        assertThat(b.awaitMessage()).isEqualTo("again");
        gateway.awaitLine(line -> line.endsWith("connection " + stale + " is gone: deleting it"));
        gateway.awaitLine(line -> line.endsWith("sent to 2 connections"));
        assertThat(aws(endpoint, "scan", "--query", "Items[].ConnectionId.S", "--output", "text")
                        .strip()
                        .split("\\s+"))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1));

        gateway.terminate(); // SIGTERM: wsgate closes A and B, then exits
        assertThat(a.awaitClose().code()).isEqualTo(1001);
        assertThat(b.awaitClose().code()).isEqualTo(1001);
        assertThat(gateway.awaitExit()).as("128 + SIGTERM").isEqualTo(143);
    }

    /** {@code aws dynamodb COMMAND ARGS} on the connection table in dynalite; what it printed. */
    private static String aws(String endpoint, String command, String... args) {
        var line = new ArrayList<>(
                List.of("aws", "dynamodb", command, "--endpoint-url", endpoint, "--table-name", "ConnectionIdTable"));
        line.addAll(List.of(args));
        return Tools.run(line).ok().out();
    }

    /** The id the next {@code $connect} put into the table, as the handler prints it. */
    private static String connected(GatewayProcess gateway) {
        Matcher m = CONNECTED.matcher(gateway.awaitLine(CONNECTED.asPredicate()));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** {@code wsgate}: this build's classes, as {@link GatewayProcess} starts them. */
    private Path launcher() throws IOException {
        Path args = JavaSources.classPathArgs(dir.resolve("wsgate-classpath.args"));
        Path script = dir.resolve("wsgate");
        Files.writeString(
                script,
                "#!/bin/sh\nexec '" + JavaSources.jdkTool("java") + "' -Dwsgate.log.level=INFO '@" + args + "' "
                        + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
