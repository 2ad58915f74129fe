package io.wsgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.wsgate.bench.ceiling.VertxEchoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S6's servers as the bench starts them, with real processes: wsgate running the bench's echo
 * handler in real {@code node} and {@code python3}, timed by {@link ColdStart} with the JDK's
 * WebSocket client, which checks that each answer is the message sent, byte for byte.
 */
class LocalFunctionSubjectsTest {
    @TempDir
    Path runDir;

    @ParameterizedTest
    @EnumSource(Subjects.Function.class)
    void wsgateEchoesThroughTheLocalFunctionAndItsColdStartIsTimed(Subjects.Function function) throws Exception {
        var subjects = new Subjects(runDir, "", null);
        Runtimes runtimes = subjects.runtimes();
        try (Subject s = subjects.localFunction(function, runtimes)) {
            ColdStart c = ColdStart.of(s, 64);
            assertThat(c.listeningMillis()).isPositive();
            assertThat(c.firstAnswerMillis()).isGreaterThan(c.listeningMillis());
            assertThat(c.nextMillis()).isPositive();
            assertThat(s.procs()).hasSize(1);
        }
        String log = Files.readString(runDir.resolve(function.file + ".log"));
        assertThat(log)
                .contains("runtime=" + function.runtime, "handler=handler.echo", "hot-reload=" + function.hotReload);
        assertThat(runDir.resolve("functions").resolve(function.file).resolve("handler.js"))
                .exists();
        assertThat(runDir.resolve("functions").resolve(function.file).resolve("handler.py"))
                .exists();
    }

    @Test
    void theInterpretersAreLinkedUnderTheirNamesAndDescribed() throws Exception {
        Runtimes runtimes = Runtimes.link(runDir.resolve("bin"));
        for (String name : List.of("node", "python3")) {
            Path link = runtimes.bin().resolve(name);
            assertThat(Files.isSymbolicLink(link)).as(name).isTrue();
            assertThat(Files.isExecutable(link)).as(name).isTrue();
        }
        assertThat(runtimes.node()).matches("v\\d+\\.\\d+\\.\\d+ \\(/.+\\)");
        assertThat(runtimes.python()).matches("3\\.\\d+\\.\\d+ \\(/.+\\)");
        assertThat(runtimes.environment().get("PATH")).startsWith(runtimes.bin() + ":");
        // Linking again replaces the links.
        assertThat(Runtimes.link(runDir.resolve("bin")).node()).isEqualTo(runtimes.node());
    }

    @Test
    void aServerThatAnswersAnythingButTheEchoFailsItsColdStart() throws Exception {
        int port = Subjects.freePort();
        Vertx other = VertxEchoServer.onEveryLoop(
                port,
                server -> server.webSocketHandler(ws -> ws.textMessageHandler(
                        text -> ws.writeTextMessage("{\"message\": \"Internal server error\"}"))));
        try {
            // No process of its own: a cold start that fails never reads one.
            var s = new Subject("odd", "ws://127.0.0.1:" + port + "/", null, List.of());
            assertThatThrownBy(() -> ColdStart.of(s, 64))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("odd answered {\"message\": \"Internal server error\"} instead of the echo");
        } finally {
            other.close().await();
        }
    }

    @Test
    void aServerThatRefusesTheUpgradeFailsItsColdStartNamingIt() {
        int port = Subjects.freePort(); // nothing listens
        var s = new Subject("gone", "ws://127.0.0.1:" + port + "/", null, List.of());
        assertThatThrownBy(() -> ColdStart.of(s, 64))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("gone did not accept a WebSocket at ws://127.0.0.1:" + port + "/");
    }
}
