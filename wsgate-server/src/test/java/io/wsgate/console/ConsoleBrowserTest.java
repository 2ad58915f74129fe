package io.wsgate.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.observe.Counter;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console end to end in headless Chromium (Debian's {@code chromium}, driven by playwright-core
 * from {@code src/test/node}): load the page, see an API, open a test connection, send and see the
 * echo, send to it from the connection list, disconnect it and see it gone. The last screen is kept
 * as {@code target/console.png}.
 */
class ConsoleBrowserTest {
    static final Path NODE = Path.of("src/test/node").toAbsolutePath();
    static final Path SCREENSHOT = Path.of("target/console.png").toAbsolutePath();

    @Test
    void aPersonWatchesMessagesAndDisconnectsALiveClient(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Debian's chromium (apt-get install chromium)");
        assumeTrue(
                Files.isDirectory(NODE.resolve("node_modules/playwright-core")),
                "playwright-core (npm ci in wsgate-server/src/test/node)");
        var echo = new Recorder()
                .answer((e, c) -> e.eventType() == EventType.MESSAGE ? Reply.body("echo: " + e.body()) : Reply.ok());
        Api api = Api.builder("Echo")
                .integration(Integration.function("echo", "Echo"))
                .route("$connect", "echo")
                .route(Route.of("$default", "echo").withRouteResponse())
                .stage("dev")
                .build();
        try (Gateway gateway = Gateway.builder()
                .port(0)
                .control(0, dir.resolve("data"))
                .function("Echo", echo)
                .api(api)
                .start()) {
            Files.deleteIfExists(SCREENSHOT);
            var run = Tools.run(List.of(
                    "node",
                    NODE.resolve("console.mjs").toString(),
                    gateway.controlUrl().orElseThrow().resolve(Console.PAGE).toString(),
                    "Echo",
                    SCREENSHOT.toString()));
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode saw = new ObjectMapper().readTree(run.out());
            assertThat(saw.path("wsUrl").asText())
                    .isEqualTo(gateway.stageUrl(api.apiId(), "dev").toString());
            assertThat(saw.path("echo").asText()).isEqualTo("echo: hello console");
            assertThat(saw.path("listed").asInt()).isEqualTo(1);
            assertThat(saw.path("pushed").asText()).isEqualTo("from the console");
            assertThat(saw.path("closed").asText()).startsWith("closed 1000");
            assertThat(saw.path("left").asInt()).isZero();
            assertThat(saw.path("errors")).isEmpty();
            // what the page showed is what the gateway had
            assertThat(echo.await(EventType.CONNECT).requestContext().connectionId())
                    .isEqualTo(saw.path("connectionId").asText());
            assertThat(echo.await(EventType.MESSAGE).body()).isEqualTo("hello console");
            assertThat(gateway.connectionCount()).isZero();
            assertThat(gateway.counters().count(Counter.CONSOLE_REQUEST)).isPositive();
            assertThat(gateway.counters().count(Counter.CONSOLE_REFUSED)).isZero();
            assertThat(SCREENSHOT).isNotEmptyFile();
        }
    }
}
