package io.wsgate.example.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.app.MainAccess;
import io.wsgate.testing.GatewayExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat example that {@code ./wsgate serve} runs: two people talk through it. */
class ChatExampleTest {
    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.fromFile(MainAccess.example()));

    @Test
    void whatOneSendsEveryoneReceives() {
        try (var alice = gateway.connect("chat", "dev");
                var bob = gateway.connect("chat", "dev")) {
            alice.send("{\"action\":\"sendmessage\",\"message\":\"hello bob\"}");
            assertThat(bob.awaitMessage()).isEqualTo("{\"action\":\"sendmessage\",\"message\":\"hello bob\"}");
            assertThat(alice.awaitMessage()).isEqualTo("{\"action\":\"sendmessage\",\"message\":\"hello bob\"}");
            bob.send("{\"action\":\"sendmessage\",\"message\":{\"text\":\"hi\",\"emoji\":\"👋\"}}");
            assertThat(alice.awaitMessage())
                    .isEqualTo("{\"action\":\"sendmessage\",\"message\":{\"text\":\"hi\",\"emoji\":\"👋\"}}");
            assertThat(bob.awaitMessage()).contains("👋");
        }
    }

    @Test
    void someoneWhoLeftNoLongerReceives() {
        try (var alice = gateway.connect("chat", "dev")) {
            var bob = gateway.connect("chat", "dev");
            bob.close(1000, "bye");
            alice.send("{\"action\":\"sendmessage\",\"message\":\"anyone?\"}");
            assertThat(alice.awaitMessage()).contains("anyone?");
            assertThat(bob.nextMessage(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void anUnknownActionGetsAwsForbiddenFrame() {
        try (var alice = gateway.connect("chat", "dev")) {
            alice.send("{\"action\":\"shout\"}");
            assertThat(alice.awaitMessage()).startsWith("{\"message\": \"Forbidden\", \"connectionId\":\"");
        }
    }
}
