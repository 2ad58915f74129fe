package io.wsgate.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.wsgate.model.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template's text as a JSON tree, YAML or JSON: the short forms CloudFormation's YAML allows
 * ({@code !Ref X}, {@code !GetAtt R.Attr}, {@code !Sub}, {@code !Join}, {@code !Select}, {@code
 * !Split}, {@code !If}, {@code !Equals}, {@code !Not}, {@code !And}, {@code !Or}, {@code
 * !FindInMap}, {@code !Base64}, {@code !GetAZs}, {@code !ImportValue}, {@code !Condition}, ...)
 * written as their long forms ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["R", "Attr"]}}), with
 * the line each member starts on, for problems. An unknown tag is a problem at its member.
 */
public final class TemplateText {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The short forms that stand for {@code Fn::NAME}. */
    static final Set<String> FUNCTIONS = Set.of(
            "Base64",
            "Cidr",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "ImportValue",
            "Join",
            "Select",
            "Split",
            "Sub",
            "Transform",
            "And",
            "Equals",
            "If",
            "Not",
            "Or",
            "Length",
            "ToJsonString");

    /**
     * The tree, the line of each member by its JSON Pointer, and the problems of the text.
     */
    public record Parsed(JsonNode root, Map<String, Integer> lines, List<Problem> problems) {
        /** The line {@code path} (a dotted path as problems name them) starts on, or 0. */
        public int lineOf(String pointer) {
            return lines.getOrDefault(pointer, 0);
        }
    }

    private TemplateText() {}

    /** Reads {@code text}; a syntax error is a problem at the root. */
    public static Parsed read(String text) {
        var lines = new HashMap<String, Integer>();
        var problems = new ArrayList<Problem>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new Problem("", "empty (expected: a template with Resources)"));
                return new Parsed(JSON.objectNode(), lines, problems);
            }
            JsonNode root = value(parser, "", "", lines, problems);
            return new Parsed(root, lines, problems);
        } catch (IOException e) {
            problems.add(new Problem(
                    "",
                    "not YAML or JSON: " + e.getMessage().lines().findFirst().orElse("")));
            return new Parsed(JSON.objectNode(), lines, problems);
        }
    }

    /** The value at the parser's current token, its short form (if tagged) made long. */
    private static JsonNode value(
            JsonParser parser, String pointer, String path, Map<String, Integer> lines, List<Problem> problems)
            throws IOException {
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        String tag = parser instanceof YAMLParser yaml ? yaml.getTypeId() : null;
        JsonNode plain = plain(parser, pointer, path, lines, problems);
        if (tag == null || tag.isEmpty() || tag.startsWith("tag:yaml.org")) {
            return plain;
        }
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        if (name.equals("Ref") || name.equals("Condition")) {
            return JSON.objectNode().set(name, plain);
        }
        if (!FUNCTIONS.contains(name)) {
            problems.add(new Problem(path, "unknown tag !" + name + " (expected: !Ref, !Sub, !GetAtt, !Join, ...)"));
            return plain;
        }
        if (name.equals("GetAtt") && plain.isTextual()) {
            String text = plain.asText();
            int dot = text.indexOf('.');
            ArrayNode parts = JSON.arrayNode();
            if (dot < 0) {
                parts.add(text);
            } else {
                parts.add(text.substring(0, dot)).add(text.substring(dot + 1));
            }
            return JSON.objectNode().set("Fn::GetAtt", parts);
        }
        return JSON.objectNode().set("Fn::" + name, plain);
    }

    private static JsonNode plain(
            JsonParser parser, String pointer, String path, Map<String, Integer> lines, List<Problem> problems)
            throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = JSON.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String childPointer =
                            pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                    lines.put(childPointer, parser.currentTokenLocation().getLineNr());
                    parser.nextToken();
                    object.set(name, value(parser, childPointer, join(path, name), lines, problems));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = JSON.arrayNode();
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, pointer + "/" + i, path + "[" + i + "]", lines, problems));
                    i++;
                }
                return array;
            }
            case VALUE_STRING -> {
                return JSON.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return JSON.numberNode(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return JSON.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return JSON.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return JSON.booleanNode(false);
            }
            case VALUE_NULL -> {
                return JSON.nullNode();
            }
            default -> throw new IOException("unexpected " + token);
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
