package io.wsgate.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.route.JsonPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping template, limited to substitution: {@code $context.NAME} (and {@code
 * $context.identity.sourceIp}, {@code $context.authorizer.KEY}), {@code $stageVariables.NAME},
 * {@code $input.body}, {@code $input.json('$.path')} (JSON text) and {@code $input.path('$.path')}
 * (plain text), each also in braces ({@code ${context.connectionId}}). VTL directives ({@code #if},
 * {@code #foreach}, {@code #set}) and {@code $util} are refused when the template is parsed, so a
 * template never renders differently from AWS without saying so.
 */
public final class Template {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIRECTIVE =
            Pattern.compile("#(set|if|elseif|else|end|foreach|macro|define|break|stop|parse|include|evaluate)\\b");
    private static final Pattern REFERENCE = Pattern.compile("\\\\\\$"
            + "|\\$\\{?(context\\.[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*|stageVariables\\.[A-Za-z0-9_]+|input\\.body)\\}?"
            + "|\\$stageVariables\\['([A-Za-z0-9_]+)'\\]"
            + "|\\$input\\.(json|path)\\((?:'([^']*)'|\"([^\"]*)\")\\)"
            + "|\\$!?\\{?util\\.");

    private sealed interface Part permits Text, Context, StageVariable, Body, Input {}

    private record Text(String text) implements Part {}

    private record Context(String name) implements Part {}

    private record StageVariable(String name) implements Part {}

    private record Body() implements Part {}

    private record Input(boolean json, JsonPath path) implements Part {}

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException for VTL directives, {@code $util} and bad JSON paths
     */
    public static Template parse(String text) {
        Matcher directive = DIRECTIVE.matcher(text);
        if (directive.find()) {
            throw new IllegalArgumentException("VTL directive '" + directive.group() + "' is not supported (templates"
                    + " may use $context, $stageVariables and $input.body/json/path)");
        }
        var parts = new ArrayList<Part>();
        var literal = new StringBuilder();
        Matcher m = REFERENCE.matcher(text);
        int at = 0;
        while (m.find()) {
            literal.append(text, at, m.start());
            at = m.end();
            String whole = m.group();
            if (whole.equals("\\$")) {
                literal.append('$');
                continue;
            }
            if (whole.contains("util.")) {
                throw new IllegalArgumentException("'$util' functions are not supported (templates may use $context,"
                        + " $stageVariables and $input.body/json/path)");
            }
            if (whole.startsWith("${") != whole.endsWith("}")
                    && m.group(1) != null) { // "$context.x}" or "${context.x": keep the brace as text
                at = whole.endsWith("}") ? m.end() - 1 : m.end();
            }
            if (!literal.isEmpty()) {
                parts.add(new Text(literal.toString()));
                literal.setLength(0);
            }
            if (m.group(1) != null) {
                String name = m.group(1);
                parts.add(
                        name.equals("input.body")
                                ? new Body()
                                : name.startsWith("context.")
                                        ? new Context(name.substring("context.".length()))
                                        : new StageVariable(name.substring("stageVariables.".length())));
            } else if (m.group(2) != null) {
                parts.add(new StageVariable(m.group(2)));
            } else {
                String path = m.group(4) != null ? m.group(4) : m.group(5);
                if (!path.startsWith("$")) {
                    throw new IllegalArgumentException(
                            "path '" + path + "' in " + whole + " (expected: one starting with $)");
                }
                parts.add(new Input(m.group(3).equals("json"), JsonPath.parse(path.substring(1))));
            }
        }
        literal.append(text, at, text.length());
        if (!literal.isEmpty()) {
            parts.add(new Text(literal.toString()));
        }
        return new Template(parts);
    }

    /** The template's output for {@code event}. */
    public String render(WebSocketEvent event) {
        var out = new StringBuilder();
        JsonNode body = null;
        boolean parsed = false;
        for (Part part : parts) {
            switch (part) {
                case Text t -> out.append(t.text());
                case Context c -> out.append(context(event.requestContext(), c.name()));
                case StageVariable v -> out.append(event.stageVariables().getOrDefault(v.name(), ""));
                case Body b -> out.append(event.body() == null ? "" : event.body());
                case Input input -> {
                    if (!parsed) {
                        body = parseBody(event.body());
                        parsed = true;
                    }
                    JsonNode node = body == null ? null : input.path().find(body);
                    if (input.json()) {
                        out.append(node == null ? "null" : node.toString());
                    } else if (node != null && !node.isNull()) {
                        out.append(node.isValueNode() ? node.asText() : node.toString());
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code body} parsed as JSON, or {@code null} when it is absent or not JSON. */
    static JsonNode parseBody(String body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The value of {@code $context.name}; "" for names the event does not have. */
    public static String context(RequestContext c, String name) {
        if (name.startsWith("authorizer.")) {
            Map<String, Object> authorizer = c.authorizer();
            Object value = authorizer == null ? null : authorizer.get(name.substring("authorizer.".length()));
            return value == null ? "" : value.toString();
        }
        String value = switch (name) {
            case "connectionId" -> c.connectionId();
            case "requestId", "extendedRequestId" -> c.requestId();
            case "messageId" -> c.messageId();
            case "routeKey" -> c.routeKey();
            case "eventType" -> c.eventType().name();
            case "stage" -> c.stage();
            case "apiId" -> c.apiId();
            case "domainName" -> c.domainName();
            case "connectedAt" -> Long.toString(c.connectedAt());
            case "requestTimeEpoch" -> Long.toString(c.requestTimeEpoch());
            case "requestTime" -> c.requestTime();
            case "messageDirection" -> "IN";
            case "identity.sourceIp" -> c.sourceIp();
            case "identity.userAgent" -> c.userAgent();
            default ->
                name.startsWith("identity.") ? c.caller().identity().get(name.substring("identity.".length())) : null;
        };
        return value == null ? "" : value;
    }
}
