package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import io.wsgate.model.shape.Shape;
import io.wsgate.model.shape.ShapeReader;
import io.wsgate.model.shape.Shapes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The properties of CloudFormation's {@code AWS::ApiGatewayV2::*} resources read through the same
 * {@link Shapes} that check the REST API's bodies and the configuration file's entries, so that a
 * member is declared once for all three; {@link ShapeReader} says how strictly.
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
    private record Type(Shape shape, List<String> path, List<String> unused) {}

    private static final Map<String, Type> TYPES = Map.of(
            "AWS::ApiGatewayV2::Api",
            new Type(Shapes.API, List.of(), List.of("Body", "BodyS3Location", "BasePath", "FailOnWarnings")),
            "AWS::ApiGatewayV2::Route",
            new Type(Shapes.ROUTE, List.of("ApiId"), List.of()),
            "AWS::ApiGatewayV2::RouteResponse",
            new Type(Shapes.ROUTE_RESPONSE, List.of("ApiId", "RouteId"), List.of()),
            "AWS::ApiGatewayV2::Integration",
            new Type(Shapes.INTEGRATION, List.of("ApiId"), List.of()),
            "AWS::ApiGatewayV2::IntegrationResponse",
            new Type(Shapes.INTEGRATION_RESPONSE, List.of("ApiId", "IntegrationId"), List.of()),
            "AWS::ApiGatewayV2::Authorizer",
            new Type(Shapes.AUTHORIZER, List.of("ApiId"), List.of()),
            "AWS::ApiGatewayV2::Deployment",
            new Type(Shapes.DEPLOYMENT, List.of("ApiId"), List.of()),
            "AWS::ApiGatewayV2::Stage",
            new Type(Shapes.STAGE, List.of("ApiId"), List.of("AccessPolicyId")),
            "AWS::ApiGatewayV2::DomainName",
            new Type(Shapes.DOMAIN_NAME, List.of(), List.of()),
            "AWS::ApiGatewayV2::ApiMapping",
            new Type(Shapes.API_MAPPING, List.of("DomainName"), List.of()));

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
        var others = new LinkedHashSet<>(known.path());
        others.addAll(known.unused());
        ShapeReader.Read read = ShapeReader.read(known.shape(), properties, path, ShapeReader.Names.PROPERTIES, others);
        ObjectNode body = read.body();
        known.path().forEach(p -> {
            if (properties.hasNonNull(p)) {
                body.set(member(p), properties.get(p));
            }
        });
        return new Members(body, read.problems());
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
