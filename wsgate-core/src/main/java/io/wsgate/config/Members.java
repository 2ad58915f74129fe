package io.wsgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import io.wsgate.model.shape.Shape;
import io.wsgate.model.shape.ShapeReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one object of the file, member by member, type-checking each and remembering which were
 * read so that {@link #finish()} can report the unknown ones (usually typos). Problems go to the
 * shared list with the member's path; lines are recorded as paths are visited.
 */
final class Members {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB)?");

    /** What every reader of one file shares. */
    record Context(Map<String, Integer> pointerLines, Lines lines, List<Problem> problems) {}

    private final JsonNode node;
    private final String pointer;
    private final String path;
    private final Context context;
    private final Set<String> known = new LinkedHashSet<>();

    Members(JsonNode node, String pointer, String path, Context context) {
        this.node = node;
        this.pointer = pointer;
        this.path = path;
        this.context = context;
        context.lines().record(path, context.pointerLines().getOrDefault(pointer, 0));
    }

    String path() {
        return path;
    }

    /** Records a problem whose path is already absolute. */
    void report(Problem problem) {
        context.problems().add(problem);
    }

    void problem(String member, String message) {
        context.problems().add(new Problem(member.isEmpty() ? path : join(member), message));
    }

    /** A scalar member as text (YAML numbers and booleans too); empty when absent or null. */
    Optional<String> string(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            problem(name, "expected a string, got " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    /** A member that must be there; records a problem and returns {@code null} when it is not. */
    String required(String name, String expected) {
        Optional<String> value = string(name);
        if (value.isEmpty() && member(name) == null) {
            problem(name, "missing (expected: " + expected + ")");
        }
        return value.orElse(null);
    }

    Optional<Integer> integer(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return Optional.of(value.intValue());
        }
        if (value.isTextual() && value.textValue().matches("-?\\d{1,9}")) {
            return Optional.of(Integer.parseInt(value.textValue()));
        }
        problem(name, "expected an integer, got " + describe(value));
        return Optional.empty();
    }

    Optional<Boolean> bool(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isTextual()
                && (value.textValue().equals("true") || value.textValue().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(value.textValue()));
        }
        problem(name, "expected true or false, got " + describe(value));
        return Optional.empty();
    }

    /** A duration, as {@link Durations#parse(String)} reads it. */
    Optional<Duration> duration(String name) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(text.get()));
        } catch (IllegalArgumentException e) {
            problem(name, e.getMessage());
            return Optional.empty();
        }
    }

    /** A size in bytes: a number, or a number with B, KB or MB (1 KB = 1024 bytes, as AWS counts). */
    Optional<Integer> bytes(String name) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SIZE.matcher(text.get().trim());
        if (!m.matches() || m.group(1).length() > 9) {
            problem(name, "'" + text.get() + "' (expected: a size such as 32768, 32KB or 1MB)");
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long bytes = unit.startsWith("K") ? n << 10 : unit.startsWith("M") ? n << 20 : n;
        return Optional.of((int) Math.min(Integer.MAX_VALUE, bytes));
    }

    <E extends Enum<E>> Optional<E> enumeration(String name, Class<E> type) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text.get())) {
                return Optional.of(constant);
            }
        }
        problem(
                name,
                "'" + text.get() + "' (expected one of: "
                        + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))
                        + ")");
        return Optional.empty();
    }

    /** An object of scalar members, as text. */
    Map<String, String> stringMap(String name) {
        var map = new LinkedHashMap<String, String>();
        JsonNode value = member(name);
        if (value == null) {
            return map;
        }
        if (!value.isObject()) {
            problem(name, "expected an object of names to values, got " + describe(value));
            return map;
        }
        value.fields().forEachRemaining(e -> {
            String entryPath = join(name) + "." + e.getKey();
            context.lines().record(entryPath, lineOf(pointer + "/" + escape(name) + "/" + escape(e.getKey())));
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                map.put(e.getKey(), e.getValue().asText());
            } else {
                context.problems().add(new Problem(entryPath, "expected a string, got " + describe(e.getValue())));
            }
        });
        return map;
    }

    /**
     * One member of an object read by {@link #entries(String)}: a scalar as text, or an object to
     * read further; exactly one is present.
     */
    record Entry(String key, String path, Optional<String> text, Optional<Members> object) {}

    /**
     * The members of the object member {@code name}, each a scalar or an object; anything else is
     * a problem and left out.
     */
    List<Entry> entries(String name) {
        var list = new ArrayList<Entry>();
        JsonNode value = member(name);
        if (value == null) {
            return list;
        }
        if (!value.isObject()) {
            problem(name, "expected an object of names, got " + describe(value));
            return list;
        }
        value.fields().forEachRemaining(e -> {
            String entryPath = join(name) + "." + e.getKey();
            String entryPointer = pointer + "/" + escape(name) + "/" + escape(e.getKey());
            context.lines().record(entryPath, lineOf(entryPointer));
            JsonNode item = e.getValue();
            if (item.isObject()) {
                list.add(new Entry(
                        e.getKey(),
                        entryPath,
                        Optional.empty(),
                        Optional.of(new Members(item, entryPointer, entryPath, context))));
            } else if (item.isValueNode() && !item.isNull()) {
                list.add(new Entry(e.getKey(), entryPath, Optional.of(item.asText()), Optional.empty()));
            } else {
                context.problems()
                        .add(new Problem(entryPath, "expected a class name or an object, got " + describe(item)));
            }
        });
        return list;
    }

    /** A list of strings; a single string is taken as a list of one. */
    List<String> strings(String name) {
        JsonNode value = member(name);
        var list = new ArrayList<String>();
        if (value == null) {
            return list;
        }
        if (value.isValueNode()) {
            list.add(value.asText());
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (item.isValueNode() && !item.isNull()) {
                    list.add(item.asText());
                } else {
                    problem(name, "expected a list of strings, found " + describe(item));
                }
            }
        } else {
            problem(name, "expected a list of strings, got " + describe(value));
        }
        return list;
    }

    /** A member as the document has it, for a reader of its own (an IAM policy, say). */
    Optional<JsonNode> node(String name) {
        return Optional.ofNullable(member(name));
    }

    Optional<Members> object(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            problem(name, "expected an object, got " + describe(value));
            return Optional.empty();
        }
        return Optional.of(new Members(value, pointer + "/" + escape(name), join(name), context));
    }

    /**
     * A list of objects, each labelled in paths by its {@code labelMember} (such as {@code
     * routes[sendmessage]}), or by its index when it has none.
     */
    List<Members> objects(String name, String labelMember) {
        JsonNode value = member(name);
        var list = new ArrayList<Members>();
        if (value == null) {
            return list;
        }
        if (!value.isArray()) {
            problem(name, "expected a list, got " + describe(value));
            return list;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            JsonNode label = item.get(labelMember);
            String itemPath = join(name) + "[" + (label != null && label.isValueNode() ? label.asText() : i) + "]";
            String itemPointer = pointer + "/" + escape(name) + "/" + i;
            if (!item.isObject()) {
                context.lines().record(itemPath, lineOf(itemPointer));
                context.problems().add(new Problem(itemPath, "expected an object, got " + describe(item)));
                continue;
            }
            list.add(new Members(item, itemPointer, itemPath, context));
        }
        return list;
    }

    /** An object read against its shape: the members that are right, and whether all were. */
    record Shaped(ObjectNode doc, boolean complete) {}

    /**
     * This object read against {@code shape} as {@link ShapeReader} reads it (as CloudFormation
     * reads a resource's properties): the members that are right, with the shape's types, and a
     * problem at its path for each one that is not, unknown members included. {@code own} are the
     * members wsgate's file adds to the service's (ids, nested lists), read with the methods above.
     */
    Shaped shaped(Shape shape, String... own) {
        var read = ShapeReader.read(shape, node, path, ShapeReader.Names.MEMBERS, new LinkedHashSet<>(List.of(own)));
        node.fieldNames().forEachRemaining(name -> {
            known.add(name);
            context.lines().record(join(name), lineOf(pointer + "/" + escape(name)));
        });
        context.problems().addAll(read.problems());
        return new Shaped(read.body(), read.problems().isEmpty());
    }

    /** Reports every member no reader asked for. */
    void finish() {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                context.lines().record(join(name), lineOf(pointer + "/" + escape(name)));
                problem(name, "unknown member (expected one of: " + String.join(", ", known) + ")");
            }
        });
    }

    private JsonNode member(String name) {
        known.add(name);
        JsonNode value = node.get(name);
        if (value != null) {
            context.lines().record(join(name), lineOf(pointer + "/" + escape(name)));
        }
        return value == null || value.isNull() ? null : value;
    }

    private int lineOf(String memberPointer) {
        return context.pointerLines().getOrDefault(memberPointer, 0);
    }

    private String join(String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    /** JSON Pointer escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case STRING -> "'" + value.textValue() + "'";
            case NUMBER -> "the number " + value;
            case BOOLEAN -> "the boolean " + value;
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
