package io.wsgate.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.StringJoiner;

/** How a JSON value becomes text in a selection expression. */
final class JsonText {
    private JsonText() {}

    /**
     * Strings as they are, numbers and booleans as written, {@code null} and missing values as "",
     * arrays as {@code [item1, item2]}, objects as their JSON.
     */
    static String of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            var joined = new StringJoiner(", ", "[", "]");
            node.forEach(item -> joined.add(of(item)));
            return joined.toString();
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        return node.toString();
    }
}
