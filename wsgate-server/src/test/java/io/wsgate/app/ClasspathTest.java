package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.CliTest.Result;
import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.TestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own handler, compiled apart from wsgate, served from {@code --classpath} or the file's
 * {@code gateway.classpath} ({@code ./wsgate} runs {@code java -jar}, which ignores {@code -cp}).
 */
class ClasspathTest {
    static final String HANDLER = """
            package com.example;

            import io.wsgate.integration.HandlerContext;
            import io.wsgate.integration.Reply;
            import io.wsgate.integration.WebSocketEvent;
            import io.wsgate.integration.WebSocketHandler;

            public class Hello implements WebSocketHandler {
                @Override
                public Reply handle(WebSocketEvent event, HandlerContext context) {
                    return Reply.body("hello from " + getClass().getClassLoader().getName() + ": " + event.body());
                }
            }
            """;

    static String file(String gateway, String className) {
        return gateway + """
                functions:
                  Hello: %s
                apis:
                  - name: mine
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: hello, integrationType: AWS_PROXY, integrationUri: Hello}
                    routes:
                      - {routeKey: $default, target: integrations/hello, routeResponseSelectionExpression: $default}
                    stages:
                      - stageName: dev
                """.formatted(className);
    }

    /** Compiles {@link #HANDLER} against wsgate's classes into {@code dir/classes}. */
    static Path compile(Path dir) throws IOException {
        Path source = dir.resolve("src/com/example/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, HANDLER);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int exit = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-d",
                        classes.toString(),
                        source.toString());
        assertThat(exit).as("javac").isZero();
        return classes;
    }

    @Test
    void aHandlerOnTheCommandLinesClassPathIsServed(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        Path config = dir.resolve("mine.yaml");
        Files.writeString(config, file("", "com.example.Hello"));
        try (var gateway = GatewayProcess.serve(
                "--config", config.toString(), "--port", "0", "--no-control", "--classpath", classes.toString())) {
            int port = gateway.awaitPort();
            try (var client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/mine/dev"))) {
                client.send("hi");
                assertThat(client.awaitMessage()).isEqualTo("hello from wsgate-user-classes: hi");
            }
        }
    }

    @Test
    void aJarNamedInTheFileIsFoundRelativeToTheFile(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        Path lib = Files.createDirectories(dir.resolve("conf/lib"));
        try (var jar = new JarOutputStream(Files.newOutputStream(lib.resolve("hello.jar")))) {
            jar.putNextEntry(new JarEntry("com/example/Hello.class"));
            try (OutputStream out = new java.io.FilterOutputStream(jar) {
                @Override
                public void close() {} // leaves the jar open
            }) {
                Files.copy(classes.resolve("com/example/Hello.class"), out);
            }
            jar.closeEntry();
        }
        Path config = dir.resolve("conf/mine.yaml");
        Files.writeString(config, file("gateway:\n  classpath: [lib/hello.jar]\n", "com.example.Hello"));
        Result result = CliTest.run("validate", config.toString());
        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        try (var gateway = GatewayProcess.serve("--config", config.toString(), "--port", "0", "--no-control")) {
            int port = gateway.awaitPort();
            try (var client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/mine/dev"))) {
                client.send("hi");
                assertThat(client.awaitMessage()).isEqualTo("hello from wsgate-user-classes: hi");
            }
        }
    }

    @Test
    void aClassNotFoundNamesTheFileThePathAndWhereItWasLookedFor(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        Path config = dir.resolve("mine.yaml");
        Files.writeString(config, file("", "com.example.Nope"));
        Result result = CliTest.run("validate", "--classpath", classes.toString(), config.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err())
                .contains(config + ":2: functions.Hello: class 'com.example.Nope' not found on the class path"
                        + " (searched: wsgate's own, then " + classes + ")");
    }

    @Test
    void aClassPathEntryThatDoesNotExistIsReported(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("mine.yaml");
        Files.writeString(config, file("gateway:\n  classpath: [missing.jar]\n", "com.example.Hello"));
        Result fromFile = CliTest.run("validate", config.toString());
        assertThat(fromFile.exit()).isEqualTo(1);
        assertThat(fromFile.err())
                .contains(config + ":2: gateway.classpath: 'missing.jar' not found at " + dir.resolve("missing.jar"));
        Result fromOption = CliTest.run(
                "validate",
                "--classpath",
                String.join(java.io.File.pathSeparator, List.of("nowhere")),
                config.toString());
        assertThat(fromOption.exit()).isEqualTo(1);
        assertThat(fromOption.err()).contains("--classpath: 'nowhere' not found");
    }
}
