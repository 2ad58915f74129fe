package io.wsgate.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stage's {@code accessLogSettings.format}, parsed once: text with {@code $context.NAME}
 * variables, each rendered per event from what the gateway knows of it. A variable with no value
 * renders as {@code -}, as AWS writes it; the rest of the format is kept as written (the JSON, XML,
 * CSV or CLF around the variables is the user's). What AWS refuses in a format is checked by
 * {@link io.wsgate.model.AccessLogSettings} and the stage's shape.
 */
public final class AccessLogFormat {
    private static final String PREFIX = "$context.";

    /** {@code literals[i]} comes before {@code names[i]}; one more literal ends the line. */
    private final String[] literals;

    private final String[] names;

    /** Whether {@code names[i]}'s values can hold text from outside (a header, an authorizer, an error). */
    private final boolean[] outside;

    /** What a line takes before it grows: the literals and 24 characters a variable. */
    private final int capacity;

    /**
     * The variables whose values the gateway makes itself (ids, times, numbers, names from the
     * API's own definition): written as they are. Every other value is checked for control
     * characters.
     */
    private static final java.util.Set<String> OWN = java.util.Set.of(
            "apiId",
            "connectionId",
            "connectedAt",
            "eventType",
            "extendedRequestId",
            "messageId",
            "requestId",
            "requestTime",
            "requestTimeEpoch",
            "routeKey",
            "stage",
            "status",
            "integrationLatency",
            "integrationStatus",
            "integration.latency",
            "integration.status",
            "integration.integrationStatus");

    private AccessLogFormat(List<String> literals, List<String> names) {
        this.literals = literals.toArray(String[]::new);
        // Interned: the renderer's switch on a name then matches it by identity, not by its characters.
        this.names = names.stream().map(String::intern).toArray(String[]::new);
        this.outside = new boolean[this.names.length];
        for (int i = 0; i < this.names.length; i++) {
            outside[i] = !OWN.contains(this.names[i]);
        }
        this.capacity = literals.stream().mapToInt(String::length).sum() + 24 * names.size();
    }

    public static AccessLogFormat parse(String format) {
        var literals = new ArrayList<String>();
        var names = new ArrayList<String>();
        int text = 0; // where the text since the last variable starts
        int at = format.indexOf(PREFIX);
        while (at >= 0) {
            int start = at + PREFIX.length();
            int end = start;
            while (end < format.length() && isNameChar(format.charAt(end))) {
                end++;
            }
            while (end > start && format.charAt(end - 1) == '.') {
                end--; // "... $context.status." ends a sentence
            }
            if (end > start) { // "$context." alone is text
                literals.add(format.substring(text, at));
                names.add(format.substring(start, end));
                text = end;
            }
            at = format.indexOf(PREFIX, Math.max(end, start));
        }
        literals.add(format.substring(text));
        return new AccessLogFormat(literals, names);
    }

    private static boolean isNameChar(char c) {
        return c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** The variables the format names, without {@code $context.}, in order. */
    public List<String> variables() {
        return List.of(names);
    }

    /**
     * One line: each variable's value from {@code values} (null, or empty, for none: {@code -}). A
     * value from outside the gateway has its control characters written escaped ({@code \n}, {@code \r}, {@code \t}, else
     * {@code \u001b}), so that a value (a multi-line error, an authorizer's context) cannot end the
     * line or forge another.
     */
    public String render(Function<String, String> values) {
        var line = new StringBuilder(capacity);
        for (int i = 0; i < names.length; i++) {
            line.append(literals[i]);
            String value = values.apply(names[i]);
            if (value == null || value.isEmpty()) {
                line.append('-');
            } else if (outside[i]) {
                escaped(line, value);
            } else {
                line.append(value);
            }
        }
        return line.append(literals[names.length]).toString();
    }

    private static void escaped(StringBuilder line, String value) {
        int first = 0;
        while (first < value.length() && value.charAt(first) >= 0x20 && value.charAt(first) != 0x7f) {
            first++;
        }
        if (first == value.length()) { // the usual case: nothing to escape
            line.append(value);
            return;
        }
        line.append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                line.append(c);
            } else {
                switch (c) {
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    default -> line.append(String.format("\\u%04x", (int) c));
                }
            }
        }
    }
}
