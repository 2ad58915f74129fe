package io.wsgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chat every stack of the tests serves, driven as three users would: A, B and C connect (each
 * once the last's {@code $connect} handler has said {@code connected ID}); A's message reaches all
 * three through {@code @connections}; C leaves, and its {@code $disconnect} handler says {@code
 * disconnected ID}; the next message reaches A and B only, and the store holds A's and B's ids
 * alone. The handlers say {@code sent to N connections} after each broadcast.
 *
 * @param stage the stage's URL, with any query a connect needs
 * @param message the text a client sends to broadcast {@code words}
 * @param reply what the sender gets back after the broadcast, from {@code N} connections; null for
 *     none
 * @param stored the connection ids the stack's store holds
 */
public record StackChat(
        URI stage, Function<String, String> message, Function<Integer, String> reply, Supplier<List<String>> stored) {
    private static final Pattern CONNECTED = Pattern.compile("\\bconnected (\\S+)$");

    /** Runs the chat against {@code gateway}'s output; returns A's and B's ids (all three are closed after). */
    public List<String> talk(GatewayProcess gateway) {
        var clients = new ArrayList<TestClient>();
        var ids = new ArrayList<String>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(TestClient.connect(stage));
                Matcher m = CONNECTED.matcher(gateway.awaitLine(CONNECTED.asPredicate()));
                assertThat(m.find()).isTrue();
                ids.add(m.group(1));
            }
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(stored.get()).containsExactlyInAnyOrderElementsOf(ids);
            TestClient a = clients.get(0);
            a.send(message.apply("hello"));
            for (TestClient each : clients) {
                assertThat(each.awaitMessage()).isEqualTo("hello");
            }
            if (reply != null) {
                assertThat(a.awaitMessage())
                        .as("the route's response to the sender")
                        .isEqualTo(reply.apply(3));
            }
            gateway.awaitLine(line -> line.endsWith("sent to 3 connections"));

            clients.get(2).close(1000, "bye");
            gateway.awaitLine(line -> line.endsWith("disconnected " + ids.get(2)));
            assertThat(stored.get()).as("$disconnect cleaned up").containsExactlyInAnyOrder(ids.get(0), ids.get(1));
            a.send(message.apply("without C"));
            assertThat(a.awaitMessage()).isEqualTo("without C");
            assertThat(clients.get(1).awaitMessage()).isEqualTo("without C");
            if (reply != null) {
                assertThat(a.awaitMessage()).isEqualTo(reply.apply(2));
            }
            gateway.awaitLine(line -> line.endsWith("sent to 2 connections"));
            assertThat(clients.get(1).nextMessage(java.time.Duration.ZERO))
                    .as("B got the message once")
                    .isEmpty();
            return List.copyOf(ids.subList(0, 2));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nthe gateway said:\n" + gateway.output(), e);
        } finally {
            clients.forEach(TestClient::close);
        }
    }
}
