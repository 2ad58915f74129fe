package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members a request body may carry and their types, as the service model declares them. A
 * body is checked against its shape: a member of the wrong type is a BadRequestException naming it;
 * members the shape does not know are dropped, as AWS ignores them.
 */
final class Shape {
    enum Kind {
        STRING,
        BOOLEAN,
        INTEGER,
        DOUBLE,
        STRING_LIST,
        STRING_MAP,
        OBJECT,
        OBJECT_MAP,
        OBJECT_LIST
    }

    record Member(String name, Kind kind, Shape nested, Set<String> values, int min, int max) {}

    private final Map<String, Member> members = new LinkedHashMap<>();

    Shape string(String name) {
        return add(new Member(name, Kind.STRING, null, Set.of(), 0, 0));
    }

    /** A string of at most {@code maxLength} characters. */
    Shape string(String name, int maxLength) {
        return add(new Member(name, Kind.STRING, null, Set.of(), 0, maxLength));
    }

    /** A string that must be one of {@code values}. */
    Shape enumeration(String name, String... values) {
        return add(new Member(name, Kind.STRING, null, Set.of(values), 0, 0));
    }

    Shape bool(String name) {
        return add(new Member(name, Kind.BOOLEAN, null, Set.of(), 0, 0));
    }

    Shape integer(String name, int min, int max) {
        return add(new Member(name, Kind.INTEGER, null, Set.of(), min, max));
    }

    /** A finite number, zero or more. */
    Shape decimal(String name) {
        return add(new Member(name, Kind.DOUBLE, null, Set.of(), 0, 0));
    }

    Shape strings(String name) {
        return add(new Member(name, Kind.STRING_LIST, null, Set.of(), 0, 0));
    }

    Shape stringMap(String name) {
        return add(new Member(name, Kind.STRING_MAP, null, Set.of(), 0, 0));
    }

    Shape object(String name, Shape nested) {
        return add(new Member(name, Kind.OBJECT, nested, Set.of(), 0, 0));
    }

    Shape objectMap(String name, Shape nested) {
        return add(new Member(name, Kind.OBJECT_MAP, nested, Set.of(), 0, 0));
    }

    Shape objects(String name, Shape nested) {
        return add(new Member(name, Kind.OBJECT_LIST, nested, Set.of(), 0, 0));
    }

    private Shape add(Member member) {
        members.put(member.name(), member);
        return this;
    }

    /**
     * The members of {@code body} this shape knows, type-checked.
     *
     * @throws ControlError a BadRequestException naming the first member of the wrong type
     */
    ObjectNode check(JsonNode body) {
        return check(body, "");
    }

    /** Checks {@code body} and that every member of {@code required} is present and not null. */
    ObjectNode check(JsonNode body, List<String> required) {
        ObjectNode checked = check(body);
        for (String name : required) {
            if (!checked.hasNonNull(name)) {
                throw ControlError.badRequest("Invalid request: " + name + " is required");
            }
        }
        return checked;
    }

    private ObjectNode check(JsonNode body, String prefix) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw ControlError.badRequest("Invalid request body: "
                    + (prefix.isEmpty() ? "the body" : prefix.substring(0, prefix.length() - 1))
                    + " must be a JSON object");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Member member : members.values()) {
            JsonNode value = body.get(member.name());
            if (value == null || value.isNull()) {
                continue;
            }
            out.set(member.name(), checkValue(member, value, prefix + member.name()));
        }
        return out;
    }

    private static JsonNode checkValue(Member member, JsonNode value, String path) {
        switch (member.kind()) {
            case STRING -> {
                if (!value.isTextual()) {
                    throw typeError(path, "a string");
                }
                if (member.max() > 0 && value.textValue().length() > member.max()) {
                    throw ControlError.badRequest("Invalid request body: " + path + " must be at most " + member.max()
                            + " characters long, not " + value.textValue().length());
                }
                if (!member.values().isEmpty() && !member.values().contains(value.textValue())) {
                    throw ControlError.badRequest("Invalid request body: " + path + " must be one of "
                            + String.join(", ", new java.util.TreeSet<>(member.values())) + ", not '"
                            + value.textValue() + "'");
                }
                return value;
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw typeError(path, "true or false");
                }
                return value;
            }
            case INTEGER -> {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    throw typeError(path, "an integer");
                }
                if (value.intValue() < member.min() || value.intValue() > member.max()) {
                    throw ControlError.badRequest("Invalid request body: " + path + " must be between " + member.min()
                            + " and " + member.max() + ", not " + value.intValue());
                }
                return value;
            }
            case DOUBLE -> {
                if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
                    throw typeError(path, "a number, zero or more");
                }
                return JsonNodeFactory.instance.numberNode(value.doubleValue());
            }
            case STRING_LIST -> {
                if (!value.isArray()) {
                    throw typeError(path, "a list of strings");
                }
                value.forEach(item -> {
                    if (!item.isTextual()) {
                        throw typeError(path, "a list of strings");
                    }
                });
                return value;
            }
            case STRING_MAP -> {
                if (!value.isObject()) {
                    throw typeError(path, "a map of strings");
                }
                value.fields().forEachRemaining(e -> {
                    if (!e.getValue().isTextual()) {
                        throw typeError(path + "." + e.getKey(), "a string");
                    }
                });
                return value;
            }
            case OBJECT -> {
                return member.nested().check(value, path + ".");
            }
            case OBJECT_MAP -> {
                if (!value.isObject()) {
                    throw typeError(path, "a map of objects");
                }
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                value.fields()
                        .forEachRemaining(e -> out.set(
                                e.getKey(), member.nested().check(e.getValue(), path + "." + e.getKey() + ".")));
                return out;
            }
            case OBJECT_LIST -> {
                if (!value.isArray()) {
                    throw typeError(path, "a list of objects");
                }
                var out = JsonNodeFactory.instance.arrayNode();
                for (JsonNode item : value) {
                    out.add(member.nested().check(item, path + "[]."));
                }
                return out;
            }
        }
        throw new IllegalStateException("every kind is handled");
    }

    private static ControlError typeError(String path, String expected) {
        return ControlError.badRequest("Invalid request body: " + path + " must be " + expected);
    }
}
