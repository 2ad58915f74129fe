package io.wsgate.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part of JSONPath that selection expressions use: member names ({@code .a}, {@code ['a b']})
 * and array indexes ({@code [0]}), applied from the message root.
 */
public final class JsonPath {
    private final String text;
    private final List<Object> steps; // String member names and Integer indexes

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /**
     * Parses the path after {@code request.body}, such as {@code .data.items[0].type} or the empty
     * string for the whole body.
     *
     * @throws IllegalArgumentException naming the position of the first bad character
     */
    public static JsonPath parse(String text) {
        var steps = new ArrayList<Object>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("empty member name at position " + start + " of '" + text + "'");
                }
                steps.add(text.substring(start, i));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' at position " + i + " of '" + text + "'");
                }
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2
                        && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                        && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else if (inside.matches("\\d{1,9}")) {
                    steps.add(Integer.valueOf(inside));
                } else {
                    throw new IllegalArgumentException("'[" + inside + "]' at position " + i + " of '" + text
                            + "' (expected: an index such as [0] or a quoted name such as ['a'])");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException(
                        "'" + c + "' at position " + i + " of '" + text + "' (expected: '.' or '[')");
            }
        }
        return new JsonPath(text, steps);
    }

    /** The node at this path, or {@code null} when the path does not resolve. */
    public JsonNode find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer index ? (node.isArray() ? node.get(index) : null) : node.get((String) step);
        }
        return node;
    }

    /** The single top-level member this path names, or {@code null} if it is anything else. */
    String topLevelMember() {
        return steps.size() == 1 && steps.get(0) instanceof String name ? name : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath other && other.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps);
    }

    @Override
    public String toString() {
        return text;
    }
}
