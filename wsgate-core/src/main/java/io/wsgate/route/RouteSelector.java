package io.wsgate.route;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the route key for a message: evaluates the route selection expression on the message and
 * looks the result up among the custom route keys. Thread-safe and immutable.
 *
 * <p>A message that is not exactly one JSON value selects nothing (so it goes to {@code $default});
 * neither does a value naming {@code $connect} or {@code $disconnect}, which are lifecycle routes.
 * For the common expression {@code $request.body.name} the message is scanned once ({@link
 * JsonScan}) without building a tree.
 */
public final class RouteSelector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final SelectionExpression expression;
    private final Set<String> keys;
    private final String member;

    /**
     * @param expression the API's {@code routeSelectionExpression}; variables other than {@code
     *     request.body} ones evaluate to ""
     * @param keys the route keys of the deployment; lifecycle keys among them are ignored
     */
    public RouteSelector(SelectionExpression expression, Set<String> keys) {
        this.expression = expression;
        this.keys = keys.stream()
                .filter(k -> !k.equals("$connect") && !k.equals("$disconnect"))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.member = expression.singleTopLevelMember().orElse(null);
    }

    /** The route key {@code message} selects, or empty when it should go to {@code $default}. */
    public Optional<String> select(String message) {
        String value = evaluate(message);
        return value != null && keys.contains(value) ? Optional.of(value) : Optional.empty();
    }

    /** The expression's value for {@code message}, or {@code null} when the message is not JSON. */
    public String evaluate(String message) {
        if (member != null) {
            JsonScan.Result scan = JsonScan.member(message, member);
            if (scan != JsonScan.Result.NEEDS_TREE) {
                return scan == JsonScan.Result.INVALID ? null : scan.value;
            }
        }
        JsonNode body = parse(message);
        return body == null ? null : expression.evaluate(body, v -> "");
    }

    private static JsonNode parse(String message) {
        try (JsonParser parser = FACTORY.createParser(message)) {
            JsonNode node = JSON.readTree(parser);
            return node == null || parser.nextToken() != null ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "RouteSelector{" + expression + " -> " + keys + "}";
    }
}
