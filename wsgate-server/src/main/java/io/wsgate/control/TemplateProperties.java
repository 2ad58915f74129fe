package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The properties of CloudFormation's {@code AWS::ApiGatewayV2::*} resources read through the same
 * {@link Shapes} that check the REST API's bodies, so that a member is declared once for both.
 * CloudFormation's property names are the members' with the first letter capitalized, at every
 * level but the keys of maps (stage variables, route settings, request parameters, tags), which
 * are the user's. Unlike the REST API, which drops members it does not know as AWS does,
 * CloudFormation refuses them, and so does this: every unknown property and every value of the
 * wrong type is a problem at its path, all of them at once. As CloudFormation does, a string
 * {@code "true"}/{@code "false"} is read as a boolean and a numeric string as a number (what a
 * {@code Ref} to a parameter gives).
 */
public final class TemplateProperties {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The tags CloudFormation puts on what a stack makes: which stack, and which of its resources. */
    public static final String STACK_TAG = "aws:cloudformation:stack-name";

    public static final String LOGICAL_ID_TAG = "aws:cloudformation:logical-id";

    /**
     * A type's shape, the properties that name its parents (passed on, they are the REST API's path),
     * and those CloudFormation has that wsgate accepts without using.
     */
    private record Type(Shape shape, Set<String> path, Set<String> unused) {}

    private static final Map<String, Type> TYPES = Map.of(
            "AWS::ApiGatewayV2::Api",
            new Type(Shapes.API, Set.of(), Set.of("Body", "BodyS3Location", "BasePath", "FailOnWarnings")),
            "AWS::ApiGatewayV2::Route",
            new Type(Shapes.ROUTE, Set.of("ApiId"), Set.of()),
            "AWS::ApiGatewayV2::RouteResponse",
            new Type(Shapes.ROUTE_RESPONSE, Set.of("ApiId", "RouteId"), Set.of()),
            "AWS::ApiGatewayV2::Integration",
            new Type(Shapes.INTEGRATION, Set.of("ApiId"), Set.of()),
            "AWS::ApiGatewayV2::IntegrationResponse",
            new Type(Shapes.INTEGRATION_RESPONSE, Set.of("ApiId", "IntegrationId"), Set.of()),
            "AWS::ApiGatewayV2::Authorizer",
            new Type(Shapes.AUTHORIZER, Set.of("ApiId"), Set.of()),
            "AWS::ApiGatewayV2::Deployment",
            new Type(Shapes.DEPLOYMENT, Set.of("ApiId"), Set.of()),
            "AWS::ApiGatewayV2::Stage",
            new Type(Shapes.STAGE, Set.of("ApiId"), Set.of("AccessPolicyId")),
            "AWS::ApiGatewayV2::DomainName",
            new Type(Shapes.DOMAIN_NAME, Set.of(), Set.of()),
            "AWS::ApiGatewayV2::ApiMapping",
            new Type(Shapes.API_MAPPING, Set.of("DomainName"), Set.of()));

    private TemplateProperties() {}

    /** The REST API's body made of a resource's properties, and every problem found in them. */
    public record Members(ObjectNode body, List<Problem> problems) {}

    /** Whether {@code type} is one of the {@code AWS::ApiGatewayV2::*} types read here. */
    public static boolean reads(String type) {
        return TYPES.containsKey(type);
    }

    /**
     * {@code properties} (intrinsics resolved) of a resource of {@code type} as the REST API's body:
     * the properties that name its parents included (as {@code apiId}, ...), the ones that are wrong
     * left out, each with a problem under {@code path}.
     */
    public static Members members(String type, JsonNode properties, String path) {
        Type known = TYPES.get(type);
        if (known == null) {
            throw new IllegalArgumentException("not an apigatewayv2 type read here: " + type);
        }
        var problems = new ArrayList<Problem>();
        ObjectNode body = JSON.objectNode();
        if (!properties.isObject() && !properties.isMissingNode()) {
            problems.add(new Problem(path, "must be an object of properties"));
            return new Members(body, problems);
        }
        properties.fields().forEachRemaining(e -> {
            if (known.path().contains(e.getKey())) {
                body.set(member(e.getKey()), e.getValue());
            } else if (!known.unused().contains(e.getKey())) {
                read(known.shape(), e.getKey(), e.getValue(), path, body, problems, known.path());
            }
        });
        return new Members(body, problems);
    }

    /** One property of {@code shape} into {@code body}, checked. */
    private static void read(
            Shape shape,
            String property,
            JsonNode value,
            String path,
            ObjectNode body,
            List<Problem> problems,
            Set<String> extra) {
        String where = path + "." + property;
        Optional<Shape.Member> member =
                Character.isUpperCase(property.charAt(0)) ? shape.member(member(property)) : Optional.empty();
        if (member.isEmpty()) {
            var expected = new ArrayList<>(extra);
            shape.names().forEach(n -> expected.add(property(n)));
            problems.add(new Problem(where, "unknown property (expected one of: " + String.join(", ", expected) + ")"));
            return;
        }
        int before = problems.size();
        JsonNode converted = convert(member.get(), value, where, problems);
        if (problems.size() > before) {
            return;
        }
        try {
            body.set(
                    member.get().name(),
                    Shape.checkValue(member.get(), converted, member.get().name()));
        } catch (ControlError e) {
            problems.add(problem(path, e.getMessage()));
        }
    }

    /** {@code value} with CloudFormation's names made the members', scalars read as CloudFormation reads them. */
    private static JsonNode convert(Shape.Member member, JsonNode value, String where, List<Problem> problems) {
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
            case OBJECT -> object(member.nested(), value, where, problems);
            case OBJECT_MAP -> {
                if (!value.isObject()) {
                    yield value;
                }
                ObjectNode out = JSON.objectNode();
                value.fields()
                        .forEachRemaining(e -> out.set(
                                e.getKey(), object(member.nested(), e.getValue(), where + "." + e.getKey(), problems)));
                yield out;
            }
            case OBJECT_LIST -> {
                if (!value.isArray()) {
                    yield value;
                }
                ArrayNode out = JSON.arrayNode();
                for (int i = 0; i < value.size(); i++) {
                    out.add(object(member.nested(), value.get(i), where + "[" + i + "]", problems));
                }
                yield out;
            }
            default -> value;
        };
    }

    private static JsonNode object(Shape shape, JsonNode value, String where, List<Problem> problems) {
        if (!value.isObject()) {
            return value; // the shape's check names the type it wants
        }
        ObjectNode out = JSON.objectNode();
        value.fields().forEachRemaining(e -> read(shape, e.getKey(), e.getValue(), where, out, problems, Set.of()));
        return out;
    }

    /**
     * A shape's message about one member ({@code Invalid request body: autoDeploy must be true or
     * false}, {@code stageVariables.a must ...}) at the property's path under {@code path}.
     */
    private static Problem problem(String path, String message) {
        String text = message.replaceFirst("^Invalid request( body)?: ", "");
        int must = text.indexOf(" must ");
        return must < 0
                ? new Problem(path, text)
                : new Problem(path + "." + property(text.substring(0, must)), text.substring(must + 1));
    }

    /** {@code AutoDeploy} → {@code autoDeploy}. */
    static String member(String property) {
        return property.isEmpty()
                ? property
                : property.substring(0, 1).toLowerCase(Locale.ROOT) + property.substring(1);
    }

    /** {@code autoDeploy} → {@code AutoDeploy}. */
    static String property(String member) {
        return member.isEmpty() ? member : member.substring(0, 1).toUpperCase(Locale.ROOT) + member.substring(1);
    }
}
