package io.wsgate.route;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed selection expression: literal text and variables, concatenated in one pass.
 *
 * <p>Syntax, as API Gateway's: {@code $name.path} (unbraced; runs while letters, digits, {@code _ .
 * - [ ] '} follow), {@code ${name.path}} (braced, to put text right after a variable), {@code \$}
 * for a literal dollar sign. A substituted value is never evaluated again.
 */
public final class SelectionExpression {
    /** A piece of the expression. */
    public sealed interface Part permits Text, Variable {}

    /** Literal text, copied as is. */
    public record Text(String text) implements Part {}

    /**
     * A variable such as {@code request.body.action}; {@code bodyPath} is set for {@code
     * request.body} variables.
     */
    public record Variable(String name, Optional<JsonPath> bodyPath) implements Part {
        public boolean isBody() {
            return bodyPath.isPresent();
        }
    }

    /** Resolves variables other than {@code request.body} ones, or says they are not available. */
    @FunctionalInterface
    public interface Resolver {
        String resolve(Variable variable);
    }

    private static final String BODY = "request.body";

    private final String text;
    private final List<Part> parts;

    private SelectionExpression(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with the position of the first problem
     */
    public static SelectionExpression parse(String text) {
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
            } else if (c == '$') {
                if (!literal.isEmpty()) {
                    parts.add(new Text(literal.toString()));
                    literal.setLength(0);
                }
                int end;
                String name;
                if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                    end = text.indexOf('}', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed '${' at position " + i + " of '" + text + "'");
                    }
                    name = text.substring(i + 2, end);
                    end++;
                } else {
                    end = i + 1;
                    while (end < text.length() && unbracedChar(text.charAt(end))) {
                        end++;
                    }
                    name = text.substring(i + 1, end);
                }
                if (name.isEmpty()) {
                    throw new IllegalArgumentException(
                            "'$' without a variable name at position " + i + " of '" + text + "'");
                }
                parts.add(variable(name, i, text));
                i = end;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Text(literal.toString()));
        }
        return new SelectionExpression(text, parts);
    }

    private static Variable variable(String name, int position, String text) {
        if (name.equals(BODY) || name.startsWith(BODY + ".") || name.startsWith(BODY + "[")) {
            try {
                return new Variable(name, Optional.of(JsonPath.parse(name.substring(BODY.length()))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "bad path in variable at position " + position + " of '" + text + "': " + e.getMessage());
            }
        }
        return new Variable(name, Optional.empty());
    }

    private static boolean unbracedChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || c == '\'';
    }

    /** The names of variables that are not {@code request.body} ones; empty for route selection. */
    public Set<String> otherVariables() {
        return parts.stream()
                .filter(p -> p instanceof Variable v && !v.isBody())
                .map(p -> ((Variable) p).name())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The value of this expression for a message whose parsed JSON is {@code body} (may be {@code
     * null} when the message is not JSON); body paths that do not resolve contribute "".
     */
    public String evaluate(JsonNode body, Resolver others) {
        if (parts.size() == 1 && parts.get(0) instanceof Variable v && v.isBody()) {
            return JsonText.of(body == null ? null : v.bodyPath().orElseThrow().find(body));
        }
        var out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Text t -> out.append(t.text());
                case Variable v
                when v.isBody() ->
                    out.append(JsonText.of(
                            body == null ? null : v.bodyPath().orElseThrow().find(body)));
                case Variable v -> out.append(others.resolve(v));
            }
        }
        return out.toString();
    }

    /** The member name when the expression is exactly {@code $request.body.name}, for a faster path. */
    Optional<String> singleTopLevelMember() {
        if (parts.size() == 1 && parts.get(0) instanceof Variable v && v.isBody()) {
            return Optional.ofNullable(v.bodyPath().orElseThrow().topLevelMember());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
