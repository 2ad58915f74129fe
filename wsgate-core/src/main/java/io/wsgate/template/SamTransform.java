package io.wsgate.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import java.util.List;
import java.util.Set;

/**
 * SAM's transform ({@code Transform: AWS::Serverless-2016-10-31}), as far as a WebSocket stack
 * needs it: each {@code AWS::Serverless::Function} becomes an {@code AWS::Lambda::Function} with
 * the template's {@code Globals.Function} under its own properties (its own win; {@code
 * Environment.Variables} merged key by key, as SAM merges maps), {@code CodeUri} kept as the local
 * code path, and the members that only matter on AWS ({@code Policies}, {@code Role}, {@code
 * Events} of types wsgate does not serve, ...) left out. WebSocket APIs are plain {@code
 * AWS::ApiGatewayV2::*} resources in SAM too, and pass unchanged. Other {@code AWS::Serverless::*}
 * types are problems naming the resource.
 */
public final class SamTransform {
    static final String TRANSFORM = "AWS::Serverless-2016-10-31";

    /** The properties of a SAM function that become the Lambda function's. */
    private static final Set<String> FUNCTION = Set.of(
            "Handler",
            "Runtime",
            "CodeUri",
            "InlineCode",
            "Timeout",
            "MemorySize",
            "Environment",
            "FunctionName",
            "ReservedConcurrentExecutions",
            "Architectures",
            "Description",
            "Layers",
            "Tracing",
            "Tags");

    private SamTransform() {}

    /** Whether {@code template} asks for SAM's transform. */
    public static boolean applies(JsonNode template) {
        JsonNode transform = template.path("Transform");
        if (transform.isTextual()) {
            return transform.asText().equals(TRANSFORM);
        }
        for (JsonNode t : transform) {
            if (t.asText().equals(TRANSFORM)) {
                return true;
            }
        }
        return false;
    }

    /** {@code template} (changed in place) with its SAM resources made plain; problems added to {@code problems}. */
    public static ObjectNode expand(ObjectNode template, List<Problem> problems) {
        JsonNode globals = template.path("Globals").path("Function");
        template.path("Resources").fields().forEachRemaining(e -> {
            String type = e.getValue().path("Type").asText();
            if (!type.startsWith("AWS::Serverless::")) {
                return;
            }
            String path = "Resources." + e.getKey();
            if (!type.equals("AWS::Serverless::Function")) {
                problems.add(new Problem(
                        path + ".Type",
                        type + " is not served (supported: AWS::Serverless::Function;"
                                + " write WebSocket APIs as AWS::ApiGatewayV2 resources, as SAM does)"));
                return;
            }
            ObjectNode resource = (ObjectNode) e.getValue();
            JsonNode own = resource.path("Properties");
            ObjectNode properties = resource.objectNode();
            globals.fields().forEachRemaining(g -> {
                if (FUNCTION.contains(g.getKey())) {
                    properties.set(g.getKey(), g.getValue().deepCopy());
                }
            });
            own.fields().forEachRemaining(p -> {
                if (!FUNCTION.contains(p.getKey())) {
                    return; // Policies, Role, Events, ...: what AWS needs, not what runs here
                }
                if (p.getKey().equals("Environment") && properties.has("Environment")) {
                    ObjectNode merged = properties.get("Environment").deepCopy();
                    ObjectNode variables = merged.with("Variables");
                    p.getValue()
                            .path("Variables")
                            .fields()
                            .forEachRemaining(v -> variables.set(v.getKey(), v.getValue()));
                    properties.set("Environment", merged);
                } else {
                    properties.set(p.getKey(), p.getValue());
                }
            });
            if (!properties.has("CodeUri") && !properties.has("InlineCode")) {
                problems.add(new Problem(
                        path + ".Properties.CodeUri",
                        "missing (expected: the function's code" + " directory, relative to the template)"));
            }
            resource.put("Type", "AWS::Lambda::Function");
            resource.set("Properties", properties);
        });
        template.remove("Globals");
        return template;
    }
}
