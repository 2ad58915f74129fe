package io.wsgate.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expression language, with the examples of API Gateway's documentation. */
class SelectionExpressionTest {
    private static final JsonNode BODY =
            parse("{\"service\":\"chat\",\"action\":\"join\",\"data\":{\"room\":\"room1234\"}}");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "$request.body.action | join",
                "${request.body.action} | join",
                "${request.body.service}/${request.body.action} | chat/join",
                "action | action",
                "\\$default | $default",
                "$request.body.data.room | room1234",
                "$request.body['data']['room'] | room1234",
                "${request.body.action}-${request.body.nope} | join-",
                "${request.body.version}-beta | -beta",
                "$request.body.nope | ''",
            })
    void evaluatesAsApiGatewayDoes(String expression, String expected) {
        assertThat(SelectionExpression.parse(expression).evaluate(BODY, v -> "?"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"action\": 5} | 5",
                "{\"action\": true} | true",
                "{\"action\": null} | ''",
                "{\"action\": [\"a\", \"b\"]} | [a, b]",
                "{\"action\": {\"x\": 1}} | {\"x\":1}",
                "{\"action\": 1.5} | 1.5",
            })
    void nonStringValuesAreStringified(String body, String expected) {
        assertThat(SelectionExpression.parse("$request.body.action").evaluate(parse(body), v -> ""))
                .isEqualTo(expected);
    }

    @Test
    void otherVariablesAreResolvedByTheCaller() {
        var expression = SelectionExpression.parse("$request.header.x-api-key");
        assertThat(expression.otherVariables()).containsExactly("request.header.x-api-key");
        assertThat(expression.evaluate(BODY, v -> "key:" + v.name())).isEqualTo("key:request.header.x-api-key");
        assertThat(SelectionExpression.parse("$request.body.action").otherVariables())
                .isEmpty();
    }

    @Test
    void indexesSelectArrayItems() {
        var body = parse("{\"data\":{\"items\":[{\"type\":\"a\"},{\"type\":\"b\"}]}}");
        assertThat(SelectionExpression.parse("$request.body.data.items[1].type").evaluate(body, v -> ""))
                .isEqualTo("b");
        assertThat(SelectionExpression.parse("$request.body.data.items[7].type").evaluate(body, v -> ""))
                .isEmpty();
    }

    @Test
    void badExpressionsSayWhereTheyGoWrong() {
        assertThatThrownBy(() -> SelectionExpression.parse("${request.body.action"))
                .hasMessageContaining("unclosed '${' at position 0");
        assertThatThrownBy(() -> SelectionExpression.parse("x$"))
                .hasMessageContaining("'$' without a variable name at position 1");
        assertThatThrownBy(() -> SelectionExpression.parse("$request.body.a[x]"))
                .hasMessageContaining("bad path in variable at position 0")
                .hasMessageContaining("'[x]'");
        assertThatThrownBy(() -> SelectionExpression.parse("$request.body..a"))
                .hasMessageContaining("empty member name");
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
