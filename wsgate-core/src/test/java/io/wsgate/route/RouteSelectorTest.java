package io.wsgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Picking the route key, including the messages that must fall to {@code $default}. */
class RouteSelectorTest {
    private static final Set<String> KEYS = Set.of("$connect", "$disconnect", "$default", "join", "5", "true");

    private final RouteSelector simple = new RouteSelector(SelectionExpression.parse("$request.body.action"), KEYS);
    private final RouteSelector braced = new RouteSelector(SelectionExpression.parse("${request.body.action}"), KEYS);

    @Test
    void aMatchingKeyIsSelected() {
        assertThat(simple.select("{\"action\":\"join\"}")).contains("join");
        assertThat(simple.select("{\"other\":{\"action\":\"x\"},\"action\":\"join\",\"tail\":[1,{}]}"))
                .contains("join");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "",
                "{",
                "{\"action\":\"join\"",
                "{\"action\":\"join\"} {}",
                "{\"action\":\"join\"} x",
                "\"join\"",
                "[\"join\"]",
                "{\"action\":\"leave\"}",
                "{\"action\":\"Join\"}",
                "{}",
                "{\"action\":\"$connect\"}",
                "{\"action\":\"$disconnect\"}",
                "{\"action\":null}",
                "{\"action\":{\"k\":1}}"
            })
    void otherwiseNothingIsSelected(String message) {
        assertThat(simple.select(message)).as(message).isEmpty();
        assertThat(braced.select(message)).as(message).isEmpty();
    }

    @Test
    void theFastScanAndTheTreeAgree() {
        for (String message : new String[] {
            "{\"action\":5}", "{\"action\":true}", "{\"action\":\"join\",\"action\":\"5\"}", "{\"action\":5.0}",
            "{\"action\":[\"a\"]}", "{\"a\":1}", "{\"action\":\"\\u006aoin\"}", "  {\"action\" : \"join\"}  "
        }) {
            assertThat(simple.evaluate(message)).as(message).isEqualTo(braced.evaluate(message));
        }
        assertThat(simple.select("{\"action\":5}")).contains("5");
        assertThat(simple.select("{\"action\":true}")).contains("true");
        assertThat(simple.select("{\"action\":\"\\u006aoin\"}")).contains("join");
    }

    @Test
    void defaultMayBeNamedExplicitly() {
        assertThat(simple.select("{\"action\":\"$default\"}")).contains("$default");
    }
}
