package io.wsgate.model.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members a resource's document may carry and their types, as the service model declares
 * them. A document is checked against its shape: a member of the wrong type is a {@link
 * ShapeException} naming it (a BadRequestException on the REST API); members the shape does not
 * know are dropped, as AWS ignores them in a request body ({@link ShapeReader} reports them).
 *
 * <p>Every member is bounded, so that no body can make the state, and every later write, large: a
 * string has at most {@link #DEFAULT_CHARS} characters unless its member says otherwise (the model's
 * lengths where it gives them), a list or map at most {@link #DEFAULT_ENTRIES} entries, a map key at
 * most {@link #DEFAULT_KEY_CHARS}. No string may hold NUL; names, keys and tags may hold no control
 * character at all.
 */
public final class Shape {
    public enum Kind {
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

    /** Characters of a string whose member the model gives no length (an ARN's, a URI's 2048). */
    public static final int DEFAULT_CHARS = 2048;
    /** Entries of a list or map whose member names no number. */
    public static final int DEFAULT_ENTRIES = 100;
    /** Characters of a map key whose member names no length. */
    public static final int DEFAULT_KEY_CHARS = 1024;
    /** AWS's tag restrictions: 50 a resource, keys of 1 to 128 characters, values of at most 256. */
    public static final int MAX_TAGS = 50;

    private static final int TAG_KEY_CHARS = 128;
    private static final int TAG_VALUE_CHARS = 256;

    /**
     * One member: for a string, {@code max} characters; for an integer, {@code min..max}; for a
     * list, {@code entries} items of {@code max} characters each; for a map, {@code entries}
     * entries, keys of {@code keyChars}, string values of {@code max}. {@code plain}: no control
     * characters in the value (keys never have any).
     */
    public record Member(
            String name,
            Kind kind,
            Shape nested,
            Set<String> values,
            int min,
            int max,
            int entries,
            int keyChars,
            boolean plain) {}

    private final Map<String, Member> members = new LinkedHashMap<>();

    public Shape string(String name) {
        return string(name, DEFAULT_CHARS);
    }

    /** A string of at most {@code maxLength} characters. */
    public Shape string(String name, int maxLength) {
        return add(new Member(name, Kind.STRING, null, Set.of(), 0, maxLength, 0, 0, false));
    }

    /** A name or key: at most {@code maxLength} characters, none of them a control character. */
    public Shape name(String name, int maxLength) {
        return add(new Member(name, Kind.STRING, null, Set.of(), 0, maxLength, 0, 0, true));
    }

    /** A string that must be one of {@code values}. */
    public Shape enumeration(String name, String... values) {
        return add(new Member(name, Kind.STRING, null, Set.of(values), 0, DEFAULT_CHARS, 0, 0, true));
    }

    public Shape bool(String name) {
        return add(new Member(name, Kind.BOOLEAN, null, Set.of(), 0, 0, 0, 0, false));
    }

    public Shape integer(String name, int min, int max) {
        return add(new Member(name, Kind.INTEGER, null, Set.of(), min, max, 0, 0, false));
    }

    /** A finite number, zero or more. */
    public Shape decimal(String name) {
        return add(new Member(name, Kind.DOUBLE, null, Set.of(), 0, 0, 0, 0, false));
    }

    public Shape strings(String name) {
        return strings(name, DEFAULT_ENTRIES, DEFAULT_CHARS);
    }

    /** A list of at most {@code entries} strings of at most {@code maxLength} characters. */
    public Shape strings(String name, int entries, int maxLength) {
        return add(new Member(name, Kind.STRING_LIST, null, Set.of(), 0, maxLength, entries, 0, false));
    }

    public Shape stringMap(String name) {
        return stringMap(name, DEFAULT_ENTRIES, DEFAULT_KEY_CHARS, DEFAULT_CHARS);
    }

    /** A map of at most {@code entries}, keys of {@code keyChars}, values of {@code maxLength}. */
    public Shape stringMap(String name, int entries, int keyChars, int maxLength) {
        return add(new Member(name, Kind.STRING_MAP, null, Set.of(), 0, maxLength, entries, keyChars, false));
    }

    /** Tags, as AWS restricts them: see {@link #MAX_TAGS}; no control characters in keys or values. */
    public Shape tags(String name) {
        return add(
                new Member(name, Kind.STRING_MAP, null, Set.of(), 1, TAG_VALUE_CHARS, MAX_TAGS, TAG_KEY_CHARS, true));
    }

    public Shape object(String name, Shape nested) {
        return add(new Member(name, Kind.OBJECT, nested, Set.of(), 0, 0, 0, 0, false));
    }

    public Shape objectMap(String name, Shape nested) {
        return objectMap(name, nested, DEFAULT_ENTRIES, DEFAULT_KEY_CHARS);
    }

    /** A map of at most {@code entries} objects, keys of at most {@code keyChars}. */
    public Shape objectMap(String name, Shape nested, int entries, int keyChars) {
        return add(new Member(name, Kind.OBJECT_MAP, nested, Set.of(), 0, 0, entries, keyChars, false));
    }

    public Shape objects(String name, Shape nested) {
        return add(new Member(name, Kind.OBJECT_LIST, nested, Set.of(), 0, 0, DEFAULT_ENTRIES, 0, false));
    }

    /** The member named {@code name}, if this shape has it. */
    public java.util.Optional<Member> member(String name) {
        return java.util.Optional.ofNullable(members.get(name));
    }

    /** Every member's name, in the order declared. */
    public java.util.Collection<String> names() {
        return members.keySet();
    }

    private Shape add(Member member) {
        members.put(member.name(), member);
        return this;
    }

    /**
     * The members of {@code body} this shape knows, type-checked.
     *
     * @throws ShapeException naming the first member of the wrong type
     */
    public ObjectNode check(JsonNode body) {
        return check(body, "");
    }

    /** Checks {@code body} and that every member of {@code required} is present and not null. */
    public ObjectNode check(JsonNode body, List<String> required) {
        ObjectNode checked = check(body);
        for (String name : required) {
            if (!checked.hasNonNull(name)) {
                throw new ShapeException("Invalid request: " + name + " is required");
            }
        }
        return checked;
    }

    private ObjectNode check(JsonNode body, String prefix) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw new ShapeException("Invalid request body: "
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

    /** {@code value} checked as {@code member}, at {@code path} in the messages; as a body's members are. */
    public static JsonNode checkValue(Member member, JsonNode value, String path) {
        switch (member.kind()) {
            case STRING -> {
                if (!value.isTextual()) {
                    throw typeError(path, "a string");
                }
                checkText(value.textValue(), path, member.max(), member.plain());
                if (!member.values().isEmpty() && !member.values().contains(value.textValue())) {
                    throw new ShapeException("Invalid request body: " + path + " must be one of "
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
                    throw new ShapeException("Invalid request body: " + path + " must be between " + member.min()
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
                checkEntries(value, path, member.entries());
                value.forEach(item -> {
                    if (!item.isTextual()) {
                        throw typeError(path, "a list of strings");
                    }
                    checkText(item.textValue(), path + "[]", member.max(), member.plain());
                });
                return value;
            }
            case STRING_MAP -> {
                if (!value.isObject()) {
                    throw typeError(path, "a map of strings");
                }
                checkEntries(value, path, member.entries());
                value.fields().forEachRemaining(e -> {
                    checkKey(e.getKey(), path, member.min(), member.keyChars());
                    if (!e.getValue().isTextual()) {
                        throw typeError(path + "." + e.getKey(), "a string");
                    }
                    checkText(e.getValue().textValue(), path + "." + e.getKey(), member.max(), member.plain());
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
                checkEntries(value, path, member.entries());
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                value.fields().forEachRemaining(e -> {
                    checkKey(e.getKey(), path, 0, member.keyChars());
                    out.set(e.getKey(), member.nested().check(e.getValue(), path + "." + e.getKey() + "."));
                });
                return out;
            }
            case OBJECT_LIST -> {
                if (!value.isArray()) {
                    throw typeError(path, "a list of objects");
                }
                checkEntries(value, path, member.entries());
                var out = JsonNodeFactory.instance.arrayNode();
                for (JsonNode item : value) {
                    out.add(member.nested().check(item, path + "[]."));
                }
                return out;
            }
        }
        throw new IllegalStateException("every kind is handled");
    }

    private static void checkText(String text, String path, int maxLength, boolean plain) {
        if (text.length() > maxLength) {
            throw new ShapeException("Invalid request body: " + path + " must be at most " + maxLength
                    + " characters long, not " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || (plain && Character.isISOControl(c))) {
                throw new ShapeException("Invalid request body: " + path + " must not contain control characters"
                        + String.format(" (U+%04X at index %d)", (int) c, i));
            }
        }
    }

    private static void checkKey(String key, String path, int minLength, int maxLength) {
        if (key.length() < minLength) {
            throw new ShapeException("Invalid request body: " + path + " must not have an empty key");
        }
        if (key.length() > maxLength) {
            throw new ShapeException("Invalid request body: a key of " + path + " must be at most " + maxLength
                    + " characters long, not " + key.length());
        }
        checkText(key, path + " key", maxLength, true);
    }

    private static void checkEntries(JsonNode value, String path, int entries) {
        if (value.size() > entries) {
            throw new ShapeException("Invalid request body: " + path + " must have at most " + entries
                    + " entries, not " + value.size());
        }
    }

    private static ShapeException typeError(String path, String expected) {
        return new ShapeException("Invalid request body: " + path + " must be " + expected);
    }
}
