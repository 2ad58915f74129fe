package io.wsgate.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template's intrinsic functions, resolved to plain values as CloudFormation would, with what
 * the resources are here: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub} (both forms, {@code
 * ${!Literal}}), {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If}, {@code
 * Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Fn::FindInMap}, {@code
 * Fn::Base64}, {@code Fn::GetAZs}, {@code Condition}; the pseudo parameters ({@code AWS::Region},
 * {@code AWS::AccountId}, {@code AWS::StackName}, {@code AWS::StackId}, {@code AWS::Partition},
 * {@code AWS::URLSuffix}, {@code AWS::NoValue}, which drops the member it is in); {@code Parameters}
 * with their defaults, the values given, {@code AllowedValues}; {@code Conditions}; {@code
 * Mappings}. What cannot be resolved here ({@code Fn::ImportValue}, {@code Fn::Transform}, {@code
 * Fn::Cidr}) is a problem at the property path it is in, as is a dangling {@code Ref}, a circular
 * condition, or a function given the wrong arguments. Every problem is collected; a value that
 * could not be resolved is left as a missing node.
 */
public final class Intrinsics {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]*)}");

    /** What the template's resources are here: their {@code Ref} and their attributes. */
    public interface Resources {
        /** The logical ids of the template's resources. */
        Set<String> ids();

        /** What {@code Ref} of resource {@code logicalId} is. */
        JsonNode ref(String logicalId);

        /** What {@code Fn::GetAtt} of {@code attribute} of resource {@code logicalId} is, or empty if it has none such. */
        Optional<JsonNode> attribute(String logicalId, String attribute);
    }

    /** The stack's pseudo parameters. */
    public record Pseudo(String region, String accountId, String stackName) {
        Map<String, String> values() {
            var out = new LinkedHashMap<String, String>();
            out.put("AWS::Region", region);
            out.put("AWS::AccountId", accountId);
            out.put("AWS::StackName", stackName);
            out.put(
                    "AWS::StackId",
                    "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName
                            + "/00000000-0000-0000-0000-000000000000");
            out.put("AWS::Partition", "aws");
            out.put("AWS::URLSuffix", "amazonaws.com");
            out.put("AWS::NotificationARNs", "");
            return out;
        }
    }

    private final JsonNode template;
    private final Map<String, String> pseudo;
    private final Map<String, JsonNode> parameters = new LinkedHashMap<>();
    private final Resources resources;
    private final List<Problem> problems;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param overrides parameter values given at start ({@code --parameter-overrides K=V})
     * @param problems where every problem found is added
     */
    public Intrinsics(
            JsonNode template,
            Map<String, String> overrides,
            Pseudo pseudo,
            Resources resources,
            List<Problem> problems) {
        this.template = template;
        this.pseudo = pseudo.values();
        this.resources = resources;
        this.problems = problems;
        readParameters(overrides);
    }

    private void readParameters(Map<String, String> overrides) {
        JsonNode declared = template.path("Parameters");
        for (String name : overrides.keySet()) {
            if (!declared.has(name)) {
                problems.add(new Problem(
                        "Parameters",
                        "--parameter-overrides names '" + name + "', which the template does not declare"));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            var entry = it.next();
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            String path = "Parameters." + name;
            String type = spec.path("Type").asText("String");
            String given = overrides.get(name);
            JsonNode fallback = spec.path("Default");
            if (given == null && fallback.isMissingNode()) {
                if (name.equals("BootstrapVersion")) {
                    continue; // CDK's: read by its Rules, which wsgate ignores
                }
                problems.add(new Problem(
                        path, "no value (expected: a Default, or --parameter-overrides " + name + "=VALUE)"));
                continue;
            }
            if (type.startsWith("AWS::SSM::Parameter::Value<") && given == null) {
                if (!name.equals("BootstrapVersion")) {
                    problems.add(new Problem(
                            path,
                            "an SSM parameter cannot be read here (expected: --parameter-overrides " + name
                                    + "=VALUE)"));
                }
                continue;
            }
            String text = given != null ? given : fallback.asText();
            JsonNode allowed = spec.path("AllowedValues");
            if (allowed.isArray() && allowed.size() > 0) {
                boolean ok = false;
                for (JsonNode v : allowed) {
                    ok |= v.asText().equals(text);
                }
                if (!ok) {
                    problems.add(new Problem(path, "'" + text + "' is not one of its AllowedValues " + allowed));
                    continue;
                }
            }
            if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
                ArrayNode list = JSON.arrayNode();
                for (String part : text.split(",", -1)) {
                    list.add(part.trim());
                }
                parameters.put(name, list);
            } else {
                parameters.put(name, JSON.textNode(text));
            }
        }
    }

    /** {@code value}, every intrinsic in it resolved; {@code path} names where it is, for problems. */
    public JsonNode resolve(JsonNode value, String path) {
        if (value.isArray()) {
            ArrayNode out = JSON.arrayNode();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = resolve(value.get(i), path + "[" + i + "]");
                if (!isNoValue(item)) {
                    out.add(item);
                }
            }
            return out;
        }
        if (!value.isObject()) {
            return value;
        }
        if (value.size() == 1) {
            String name = value.fieldNames().next();
            if (name.equals("Ref") || name.startsWith("Fn::") || name.equals("Condition")) {
                return function(name, value.get(name), path);
            }
        }
        ObjectNode out = JSON.objectNode();
        value.fields().forEachRemaining(e -> {
            JsonNode member = resolve(e.getValue(), TemplateText.join(path, e.getKey()));
            if (!isNoValue(member)) {
                out.set(e.getKey(), member);
            }
        });
        return out;
    }

    /** Whether condition {@code name} holds; a problem (and false) when it is not declared or is circular. */
    public boolean condition(String name, String path) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        JsonNode declared = template.path("Conditions").path(name);
        if (declared.isMissingNode()) {
            problems.add(new Problem(path, "unknown condition '" + name + "'"));
            return false;
        }
        if (!evaluating.add(name)) {
            problems.add(new Problem("Conditions." + name, "refers to itself, through other conditions"));
            return false;
        }
        JsonNode result = resolve(declared, "Conditions." + name);
        evaluating.remove(name);
        boolean holds = result.isBoolean() ? result.booleanValue() : "true".equalsIgnoreCase(result.asText());
        if (!result.isBoolean() && !result.isMissingNode()) {
            problems.add(new Problem("Conditions." + name, "is " + result + " (expected: a condition function)"));
        }
        conditions.put(name, holds);
        return holds;
    }

    /** The marker {@code AWS::NoValue} resolves to: the member holding it is dropped. */
    static final JsonNode NO_VALUE = JSON.objectNode().put("wsgate:NoValue", true);

    static boolean isNoValue(JsonNode node) {
        return node == NO_VALUE;
    }

    private JsonNode function(String name, JsonNode arguments, String path) {
        return switch (name) {
            case "Ref" -> ref(arguments, path);
            case "Condition" -> JSON.booleanNode(condition(arguments.asText(), path));
            case "Fn::GetAtt" -> getAtt(arguments, path);
            case "Fn::Sub" -> sub(arguments, path);
            case "Fn::Join" -> join(arguments, path);
            case "Fn::Select" -> select(arguments, path);
            case "Fn::Split" -> split(arguments, path);
            case "Fn::If" -> ifThen(arguments, path);
            case "Fn::Equals" -> {
                JsonNode a = list(arguments, 2, name, path);
                yield a == null
                        ? MissingNode.getInstance()
                        : JSON.booleanNode(text(resolve(a.get(0), path)).equals(text(resolve(a.get(1), path))));
            }
            case "Fn::Not" -> {
                JsonNode a = list(arguments, 1, name, path);
                yield a == null ? MissingNode.getInstance() : JSON.booleanNode(!truth(resolve(a.get(0), path)));
            }
            case "Fn::And", "Fn::Or" -> {
                if (!arguments.isArray() || arguments.size() < 2 || arguments.size() > 10) {
                    problems.add(new Problem(path, name + " takes 2 to 10 conditions, got " + arguments));
                    yield MissingNode.getInstance();
                }
                boolean and = name.equals("Fn::And");
                boolean result = and;
                for (JsonNode c : arguments) {
                    boolean v = truth(resolve(c, path));
                    result = and ? result && v : result || v;
                }
                yield JSON.booleanNode(result);
            }
            case "Fn::FindInMap" -> findInMap(arguments, path);
            case "Fn::Base64" ->
                JSON.textNode(Base64.getEncoder()
                        .encodeToString(text(resolve(arguments, path)).getBytes(StandardCharsets.UTF_8)));
            case "Fn::GetAZs" -> {
                String region = text(resolve(arguments, path));
                String r = region.isEmpty() ? pseudo.get("AWS::Region") : region;
                yield JSON.arrayNode().add(r + "a").add(r + "b").add(r + "c");
            }
            case "Fn::ImportValue" -> refused(path, name, "exports of other stacks are not known here");
            case "Fn::Transform" -> refused(path, name, "macros other than SAM's are not run here");
            case "Fn::Cidr" -> refused(path, name, "it is not computed here");
            default -> {
                problems.add(new Problem(path, "unknown function " + name));
                yield MissingNode.getInstance();
            }
        };
    }

    private JsonNode refused(String path, String name, String why) {
        problems.add(new Problem(path, name + " cannot be resolved locally: " + why));
        return MissingNode.getInstance();
    }

    private JsonNode ref(JsonNode arguments, String path) {
        if (!arguments.isTextual()) {
            problems.add(new Problem(path, "Ref takes a name, got " + arguments));
            return MissingNode.getInstance();
        }
        String name = arguments.asText();
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (pseudo.containsKey(name)) {
            return JSON.textNode(pseudo.get(name));
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (resources.ids().contains(name)) {
            return resources.ref(name);
        }
        if (template.path("Parameters").has(name)) {
            return MissingNode.getInstance(); // its own problem is reported once, at Parameters
        }
        problems.add(new Problem(path, "Ref to '" + name + "', which is no parameter, resource or pseudo parameter"));
        return MissingNode.getInstance();
    }

    private JsonNode getAtt(JsonNode arguments, String path) {
        if (!arguments.isArray() || arguments.size() != 2) {
            problems.add(new Problem(path, "Fn::GetAtt takes [LogicalId, Attribute], got " + arguments));
            return MissingNode.getInstance();
        }
        String id = arguments.get(0).asText();
        String attribute = text(resolve(arguments.get(1), path));
        return attribute(id, attribute, path);
    }

    private JsonNode attribute(String id, String attribute, String path) {
        if (!resources.ids().contains(id)) {
            problems.add(new Problem(path, "Fn::GetAtt of '" + id + "', which is no resource of the template"));
            return MissingNode.getInstance();
        }
        Optional<JsonNode> value = resources.attribute(id, attribute);
        if (value.isEmpty()) {
            problems.add(new Problem(
                    path,
                    "Fn::GetAtt of '" + id + "." + attribute + "': the resource has no such" + " attribute here"));
            return MissingNode.getInstance();
        }
        return value.get();
    }

    private JsonNode sub(JsonNode arguments, String path) {
        String text;
        Map<String, JsonNode> variables = new HashMap<>();
        if (arguments.isTextual()) {
            text = arguments.asText();
        } else if (arguments.isArray()
                && arguments.size() == 2
                && arguments.get(0).isTextual()) {
            text = arguments.get(0).asText();
            JsonNode given = arguments.get(1);
            given.fields().forEachRemaining(e -> variables.put(e.getKey(), resolve(e.getValue(), path)));
        } else {
            problems.add(new Problem(path, "Fn::Sub takes a string or [string, {variables}], got " + arguments));
            return MissingNode.getInstance();
        }
        Matcher m = SUB.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = text(variables.get(name));
            } else if (!name.startsWith("AWS::") && name.contains(".")) {
                int dot = name.indexOf('.');
                replacement = text(attribute(name.substring(0, dot), name.substring(dot + 1), path));
            } else {
                replacement = text(ref(JSON.textNode(name), path));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return JSON.textNode(out.toString());
    }

    private JsonNode join(JsonNode arguments, String path) {
        JsonNode a = list(arguments, 2, "Fn::Join", path);
        if (a == null) {
            return MissingNode.getInstance();
        }
        JsonNode items = resolve(a.get(1), path);
        if (!items.isArray()) {
            problems.add(new Problem(path, "Fn::Join takes a list to join, got " + items));
            return MissingNode.getInstance();
        }
        var parts = new ArrayList<String>();
        items.forEach(item -> parts.add(text(item)));
        return JSON.textNode(String.join(text(resolve(a.get(0), path)), parts));
    }

    private JsonNode select(JsonNode arguments, String path) {
        JsonNode a = list(arguments, 2, "Fn::Select", path);
        if (a == null) {
            return MissingNode.getInstance();
        }
        JsonNode items = resolve(a.get(1), path);
        String index = text(resolve(a.get(0), path));
        int i;
        try {
            i = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            i = -1;
        }
        if (!items.isArray() || i < 0 || i >= items.size()) {
            problems.add(new Problem(path, "Fn::Select of index " + index + " from " + items + ": out of range"));
            return MissingNode.getInstance();
        }
        return items.get(i);
    }

    private JsonNode split(JsonNode arguments, String path) {
        JsonNode a = list(arguments, 2, "Fn::Split", path);
        if (a == null) {
            return MissingNode.getInstance();
        }
        String delimiter = text(resolve(a.get(0), path));
        String source = text(resolve(a.get(1), path));
        ArrayNode out = JSON.arrayNode();
        if (delimiter.isEmpty()) {
            out.add(source);
        } else {
            for (String part : source.split(Pattern.quote(delimiter), -1)) {
                out.add(part);
            }
        }
        return out;
    }

    private JsonNode ifThen(JsonNode arguments, String path) {
        JsonNode a = list(arguments, 3, "Fn::If", path);
        if (a == null) {
            return MissingNode.getInstance();
        }
        return condition(a.get(0).asText(), path) ? resolve(a.get(1), path) : resolve(a.get(2), path);
    }

    private JsonNode findInMap(JsonNode arguments, String path) {
        if (!arguments.isArray() || arguments.size() < 3) {
            problems.add(
                    new Problem(path, "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey], got " + arguments));
            return MissingNode.getInstance();
        }
        String map = text(resolve(arguments.get(0), path));
        String top = text(resolve(arguments.get(1), path));
        String second = text(resolve(arguments.get(2), path));
        JsonNode found = template.path("Mappings").path(map).path(top).path(second);
        if (found.isMissingNode()) {
            if (arguments.size() > 3 && arguments.get(3).has("DefaultValue")) {
                return resolve(arguments.get(3).get("DefaultValue"), path);
            }
            problems.add(new Problem(
                    path, "Fn::FindInMap: Mappings." + map + "." + top + "." + second + " is not in the template"));
            return MissingNode.getInstance();
        }
        return found;
    }

    /** {@code arguments} if it is a list of {@code size}; else a problem and null. */
    private JsonNode list(JsonNode arguments, int size, String name, String path) {
        if (!arguments.isArray() || arguments.size() != size) {
            problems.add(new Problem(path, name + " takes a list of " + size + ", got " + arguments));
            return null;
        }
        return arguments;
    }

    private static boolean truth(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText());
    }

    /** A resolved scalar as CloudFormation makes it a string ({@code 1} as {@code "1"}); "" for a missing one. */
    static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
