package io.wsgate.model.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a document written by a user (a configuration file's entry, a CloudFormation resource's
 * properties) against a {@link Shape}, as strictly as CloudFormation reads properties: unlike the
 * REST API, which drops members it does not know as AWS does, every unknown member and every value
 * of the wrong type is a problem at its path, all of them at once. Scalars are read as
 * CloudFormation and YAML writers give them: a string {@code "true"}/{@code "false"} as a boolean,
 * a numeric string as a number (what a {@code Ref} to a parameter gives), a number or boolean
 * where a string is wanted as its text. wsgate's own file, written by hand in YAML, may also give
 * numbers as the values of string maps and lists ({@code port: 8080}) and one string for a list of
 * one; CloudFormation's maps are passed on as written, so those are its type errors.
 */
public final class ShapeReader {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** How the document names members: as the shape does, or as CloudFormation does. */
    public enum Names {
        /** {@code autoDeploy}, as the REST API and wsgate's file write it. */
        MEMBERS("member"),
        /**
         * {@code AutoDeploy}: the first letter capitalized, at every level but the keys of maps
         * (stage variables, route settings, request parameters, tags), which are the user's.
         */
        PROPERTIES("property");

        private final String word;

        Names(String word) {
            this.word = word;
        }

        /** {@code autoDeploy} as this document writes it. */
        public String written(String member) {
            return this == MEMBERS || member.isEmpty()
                    ? member
                    : member.substring(0, 1).toUpperCase(Locale.ROOT) + member.substring(1);
        }

        /** The shape's name of a member this document writes {@code written}, or empty. */
        Optional<String> member(String written) {
            if (this == MEMBERS) {
                return Optional.of(written);
            }
            if (written.isEmpty() || !Character.isUpperCase(written.charAt(0))) {
                return Optional.empty();
            }
            return Optional.of(written.substring(0, 1).toLowerCase(Locale.ROOT) + written.substring(1));
        }
    }

    /** The checked document (with the shape's names) and every problem found in it. */
    public record Read(ObjectNode body, List<Problem> problems) {}

    private final Names names;
    private final List<Problem> problems = new ArrayList<>();

    private ShapeReader(Names names) {
        this.names = names;
    }

    /**
     * {@code doc} read against {@code shape}: the members that are right, in the shape's names; a
     * problem under {@code path} for each one that is not. Members named in {@code others} (as the
     * document writes them) are the reader's own: left out and not reported, but listed among
     * those expected.
     */
    public static Read read(Shape shape, JsonNode doc, String path, Names names, Set<String> others) {
        var reader = new ShapeReader(names);
        ObjectNode body = JSON.objectNode();
        if (!doc.isObject() && !doc.isMissingNode()) {
            reader.problems.add(new Problem(path, "must be an object of " + names.word.replace("y", "ie") + "s"));
        } else {
            doc.fields().forEachRemaining(e -> {
                if (!others.contains(e.getKey())) {
                    reader.read(shape, e.getKey(), e.getValue(), path, body, others);
                }
            });
        }
        return new Read(body, reader.problems);
    }

    /** One member of {@code shape} into {@code body}, checked. */
    private void read(Shape shape, String written, JsonNode value, String path, ObjectNode body, Set<String> others) {
        String where = path.isEmpty() ? written : path + "." + written;
        Optional<Shape.Member> member = names.member(written).flatMap(shape::member);
        if (member.isEmpty()) {
            var expected = new ArrayList<String>();
            shape.names().forEach(n -> expected.add(names.written(n)));
            expected.addAll(others);
            problems.add(new Problem(
                    where, "unknown " + names.word + " (expected one of: " + String.join(", ", expected) + ")"));
            return;
        }
        if (value.isNull()) {
            return;
        }
        int before = problems.size();
        JsonNode converted = convert(member.get(), value, where);
        if (problems.size() > before) {
            return;
        }
        try {
            body.set(
                    member.get().name(),
                    Shape.checkValue(member.get(), converted, member.get().name()));
        } catch (ShapeException e) {
            problems.add(problem(path, e.getMessage()));
        }
    }

    /** {@code value} with the document's names made the shape's, scalars read as CloudFormation reads them. */
    private JsonNode convert(Shape.Member member, JsonNode value, String where) {
        return switch (member.kind()) {
            case BOOLEAN ->
                value.isTextual()
                                && (value.asText().equals("true")
                                        || value.asText().equals("false"))
                        ? JSON.booleanNode(Boolean.parseBoolean(value.asText()))
                        : value;
            case INTEGER ->
                value.isTextual() && value.asText().matches("-?\\d{1,9}")
                        ? JSON.numberNode(Integer.parseInt(value.asText()))
                        : value;
            case DOUBLE ->
                value.isTextual() && value.asText().matches("\\d{1,15}(\\.\\d{1,15})?")
                        ? JSON.numberNode(Double.parseDouble(value.asText()))
                        : value;
            case STRING -> text(value);
            case STRING_LIST -> {
                if (names != Names.MEMBERS) {
                    yield value;
                }
                if (value.isValueNode()) {
                    yield JSON.arrayNode().add(text(value)); // one string, a list of one
                }
                if (!value.isArray()) {
                    yield value;
                }
                ArrayNode out = JSON.arrayNode();
                value.forEach(item -> out.add(text(item)));
                yield out;
            }
            case STRING_MAP -> {
                if (names != Names.MEMBERS || !value.isObject()) {
                    yield value;
                }
                ObjectNode out = JSON.objectNode();
                value.fields().forEachRemaining(e -> out.set(e.getKey(), text(e.getValue())));
                yield out;
            }
            case OBJECT -> object(member.nested(), value, where);
            case OBJECT_MAP -> {
                if (!value.isObject()) {
                    yield value;
                }
                ObjectNode out = JSON.objectNode();
                value.fields()
                        .forEachRemaining(e ->
                                out.set(e.getKey(), object(member.nested(), e.getValue(), where + "." + e.getKey())));
                yield out;
            }
            case OBJECT_LIST -> {
                if (!value.isArray()) {
                    yield value;
                }
                ArrayNode out = JSON.arrayNode();
                for (int i = 0; i < value.size(); i++) {
                    out.add(object(member.nested(), value.get(i), where + "[" + i + "]"));
                }
                yield out;
            }
            default -> value;
        };
    }

    /** A number or boolean where a string is wanted, as its text (YAML's {@code port: 8080}). */
    private static JsonNode text(JsonNode value) {
        return value.isNumber() || value.isBoolean() ? JSON.textNode(value.asText()) : value;
    }

    private JsonNode object(Shape shape, JsonNode value, String where) {
        if (!value.isObject()) {
            return value; // the shape's check names the type it wants
        }
        ObjectNode out = JSON.objectNode();
        value.fields().forEachRemaining(e -> read(shape, e.getKey(), e.getValue(), where, out, Set.of()));
        return out;
    }

    /**
     * A shape's message about one member ({@code Invalid request body: autoDeploy must be true or
     * false}, {@code stageVariables.a must ...}) at the member's path under {@code path}, as the
     * document names it.
     */
    private Problem problem(String path, String message) {
        String text = message.replaceFirst("^Invalid request( body)?: ", "");
        int must = text.indexOf(" must ");
        if (must < 0) {
            return new Problem(path, text);
        }
        String member = text.substring(0, must);
        return new Problem(
                path.isEmpty() ? names.written(member) : path + "." + names.written(member), text.substring(must + 1));
    }
}
