package io.wsgate.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of a {@code serverless.yml} (framework v3), resolved as the framework resolves
 * them: {@code ${self:path.to.member}}, {@code ${opt:stage}} and {@code ${opt:region}} (the options
 * given), {@code ${sls:stage}} (the stage option, else {@code provider.stage}, else {@code dev}),
 * {@code ${env:NAME}}; alternatives after commas, tried in order ({@code ${opt:stage, 'dev'}},
 * {@code ${env:X, self:custom.x}}); quoted strings and numbers as literals. A value that is one
 * variable keeps what it names (an object, a number); one inside a string is written into it.
 * Sources that need AWS or files ({@code ssm:}, {@code cf:}, {@code s3:}, {@code file(...)}) are a
 * problem at the member, as is a reference to itself or to nothing.
 */
public final class ServerlessVariables {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^${}]*)}");

    private final JsonNode document;
    private final Map<String, String> options;
    private final Map<String, String> environment;
    private final List<Problem> problems;
    private final Set<String> resolving = new HashSet<>();

    /**
     * @param options what the command line gave: {@code stage}, {@code region}
     * @param environment the variables {@code ${env:...}} reads
     */
    public ServerlessVariables(
            JsonNode document, Map<String, String> options, Map<String, String> environment, List<Problem> problems) {
        this.document = document;
        this.options = options;
        this.environment = environment;
        this.problems = problems;
    }

    /** The whole document, every variable resolved. */
    public JsonNode resolveAll() {
        return resolve(document, "");
    }

    /** The stage: {@code --stage}, else {@code provider.stage}, else {@code dev}. */
    public String stage() {
        if (options.containsKey("stage")) {
            return options.get("stage");
        }
        JsonNode declared = document.path("provider").path("stage");
        if (declared.isMissingNode()) {
            return "dev";
        }
        JsonNode value = resolve(declared, "provider.stage");
        return value.isMissingNode() ? "dev" : value.asText();
    }

    JsonNode resolve(JsonNode value, String path) {
        if (value.isTextual()) {
            return text(value.asText(), path);
        }
        if (value.isArray()) {
            ArrayNode out = JSON.arrayNode();
            for (int i = 0; i < value.size(); i++) {
                out.add(resolve(value.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = JSON.objectNode();
            value.fields()
                    .forEachRemaining(e ->
                            out.set(e.getKey(), resolve(e.getValue(), TemplateText.join(path, e.getKey()))));
            return out;
        }
        return value;
    }

    private JsonNode text(String text, String path) {
        Matcher m = VARIABLE.matcher(text);
        if (m.matches()) {
            return variable(m.group(1), path);
        }
        if (!m.find()) {
            return JSON.textNode(text);
        }
        m.reset();
        var out = new StringBuilder();
        while (m.find()) {
            JsonNode value = variable(m.group(1), path);
            m.appendReplacement(out, Matcher.quoteReplacement(value.isValueNode() ? value.asText() : value.toString()));
        }
        m.appendTail(out);
        // A variable may have made another: ${self:custom.${opt:stage}} resolves from the inside out.
        String once = out.toString();
        return once.equals(text) ? JSON.textNode(once) : text(once, path);
    }

    /**
     * One {@code ${...}}: its alternatives in order, the first that has a value. CloudFormation's
     * own ({@code ${AWS::Region}}, {@code ${Name}}, {@code ${!Literal}} in a {@code resources}
     * {@code Fn::Sub}) are left as written, for the template to resolve.
     */
    private JsonNode variable(String body, String path) {
        String trimmed = body.trim();
        if (trimmed.startsWith("AWS::") || trimmed.startsWith("!") || trimmed.matches("[A-Za-z0-9_.]+")) {
            return JSON.textNode("${" + body + "}");
        }
        List<String> alternatives = split(body);
        for (String alternative : alternatives) {
            JsonNode value = source(alternative.trim(), path, alternatives.size() == 1);
            if (!value.isMissingNode()) {
                return value;
            }
        }
        if (alternatives.size() > 1) {
            problems.add(new Problem(path, "${" + body + "}: none of its sources has a value"));
        }
        return MissingNode.getInstance();
    }

    private JsonNode source(String source, String path, boolean alone) {
        if ((source.startsWith("'") && source.endsWith("'") && source.length() >= 2)
                || (source.startsWith("\"") && source.endsWith("\"") && source.length() >= 2)) {
            return JSON.textNode(source.substring(1, source.length() - 1));
        }
        if (source.matches("-?\\d+(\\.\\d+)?")) {
            return source.contains(".")
                    ? JSON.numberNode(Double.parseDouble(source))
                    : JSON.numberNode(Long.parseLong(source));
        }
        if (source.startsWith("self:")) {
            return self(source.substring(5), path, alone);
        }
        if (source.startsWith("opt:")) {
            String name = source.substring(4);
            return options.containsKey(name)
                    ? JSON.textNode(options.get(name))
                    : missing(alone, path, "--" + name + " was not given");
        }
        if (source.equals("sls:stage")) {
            return JSON.textNode(stage());
        }
        if (source.startsWith("env:")) {
            String name = source.substring(4);
            return environment.containsKey(name)
                    ? JSON.textNode(environment.get(name))
                    : missing(alone, path, "environment variable " + name + " is not set");
        }
        String kind = source.contains(":") ? source.substring(0, source.indexOf(':')) : source;
        problems.add(new Problem(
                path,
                "${" + source + "} cannot be resolved locally (" + kind
                        + " is not read here; supported: self:, opt:, sls:stage, env:, literals)"));
        return JSON.textNode("");
    }

    private JsonNode missing(boolean alone, String path, String why) {
        if (alone) {
            problems.add(new Problem(path, why));
        }
        return MissingNode.getInstance();
    }

    private JsonNode self(String reference, String path, boolean alone) {
        JsonNode node = document;
        for (String part : reference.isEmpty() ? new String[0] : reference.split("\\.")) {
            node = node.isArray() && part.matches("\\d+") ? node.path(Integer.parseInt(part)) : node.path(part);
        }
        if (node.isMissingNode()) {
            return missing(alone, path, "${self:" + reference + "} names nothing in the file");
        }
        if (!resolving.add(reference)) {
            problems.add(new Problem(path, "${self:" + reference + "} refers to itself"));
            return JSON.textNode("");
        }
        try {
            return resolve(node, reference);
        } finally {
            resolving.remove(reference);
        }
    }

    /** {@code a, 'b, c', d} as three alternatives: commas inside quotes or brackets do not split. */
    private static List<String> split(String body) {
        var parts = new ArrayList<String>();
        var current = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }
}
