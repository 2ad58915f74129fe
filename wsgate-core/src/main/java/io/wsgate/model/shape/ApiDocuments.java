package io.wsgate.model.shape;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgate.model.AccessLogSettings;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationResponse;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.PassthroughBehavior;
import io.wsgate.model.Route;
import io.wsgate.model.RouteResponse;
import io.wsgate.model.RouteSettings;
import io.wsgate.model.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The model made of apigatewayv2 documents: one resource each, with the service's member names,
 * already read against its {@link Shapes} shape (by the REST API before storing it, by {@link
 * ShapeReader} for the configuration file). The stored state and wsgate's file both come through
 * here, so a member the runtime uses is mapped once. Members the model does not hold are accepted
 * and not used. The model's own checks still apply: its constructors throw {@link
 * io.wsgate.model.InvalidModelException}.
 */
public final class ApiDocuments {
    private ApiDocuments() {}

    /** A route, with its route responses' documents. */
    public static Route route(JsonNode doc, Iterable<JsonNode> responses) {
        var routeResponses = new ArrayList<RouteResponse>();
        responses.forEach(r -> routeResponses.add(new RouteResponse(
                r.path("routeResponseId").asText(), r.path("routeResponseKey").asText())));
        return new Route(
                doc.path("routeId").asText(),
                doc.path("routeKey").asText(),
                text(doc, "target"),
                AuthorizationType.valueOf(doc.path("authorizationType").asText("NONE")),
                text(doc, "authorizerId"),
                doc.path("apiKeyRequired").asBoolean(false),
                text(doc, "routeResponseSelectionExpression"),
                routeResponses);
    }

    /** An integration, with its integration responses' documents. */
    public static Integration integration(JsonNode doc, Iterable<JsonNode> responses) {
        var b = Integration.builder(
                doc.path("integrationId").asText(),
                IntegrationType.valueOf(doc.path("integrationType").asText()));
        text(doc, "integrationUri").ifPresent(b::uri);
        text(doc, "integrationMethod").ifPresent(b::method);
        if (doc.hasNonNull("timeoutInMillis")) {
            b.timeoutInMillis(doc.path("timeoutInMillis").asInt());
        }
        strings(doc.path("requestTemplates")).forEach(b::requestTemplate);
        text(doc, "templateSelectionExpression").ifPresent(b::templateSelectionExpression);
        text(doc, "passthroughBehavior").map(PassthroughBehavior::valueOf).ifPresent(b::passthroughBehavior);
        text(doc, "description").ifPresent(b::description);
        responses.forEach(r -> b.integrationResponse(integrationResponse(r)));
        return b.build();
    }

    public static IntegrationResponse integrationResponse(JsonNode doc) {
        return new IntegrationResponse(
                doc.path("integrationResponseId").asText(),
                doc.path("integrationResponseKey").asText(),
                strings(doc.path("responseTemplates")),
                text(doc, "templateSelectionExpression"));
    }

    /** A {@code REQUEST} authorizer, or a {@code JWT} one when the document says so. */
    public static Authorizer authorizer(JsonNode doc) {
        var sources = new ArrayList<String>();
        doc.path("identitySource").forEach(source -> sources.add(source.asText()));
        Optional<Authorizer.JwtConfiguration> jwt = Optional.empty();
        if (doc.path("authorizerType").asText().equals("JWT")) {
            JsonNode config = doc.path("jwtConfiguration");
            var audience = new ArrayList<String>();
            config.path("audience").forEach(a -> audience.add(a.asText()));
            jwt = Optional.of(
                    new Authorizer.JwtConfiguration(config.path("issuer").asText(), audience));
        }
        return new Authorizer(
                doc.path("authorizerId").asText(),
                doc.path("name").asText(),
                doc.path("authorizerUri").asText(""),
                sources,
                jwt);
    }

    public static Stage stage(JsonNode doc) {
        var byRoute = new LinkedHashMap<String, RouteSettings>();
        doc.path("routeSettings").fields().forEachRemaining(e -> byRoute.put(e.getKey(), routeSettings(e.getValue())));
        return new Stage(
                doc.path("stageName").asText(),
                text(doc, "deploymentId"),
                strings(doc.path("stageVariables")),
                doc.path("autoDeploy").asBoolean(false),
                text(doc, "description"),
                routeSettings(doc.path("defaultRouteSettings")),
                byRoute,
                accessLogSettings(doc.path("accessLogSettings")));
    }

    /** A stage's access log, when its settings name a destination or a format; {@code {}} is none. */
    public static Optional<AccessLogSettings> accessLogSettings(JsonNode doc) {
        if (!doc.hasNonNull("destinationArn") && !doc.hasNonNull("format")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AccessLogSettings(
                    doc.path("destinationArn").asText(""), doc.path("format").asText("")));
        } catch (InvalidModelException e) {
            throw e.under("accessLogSettings");
        }
    }

    /** A route settings document: throttling, the execution log, detailed metrics. */
    public static RouteSettings routeSettings(JsonNode doc) {
        return new RouteSettings(
                doc.hasNonNull("throttlingBurstLimit")
                        ? OptionalInt.of(doc.path("throttlingBurstLimit").asInt())
                        : OptionalInt.empty(),
                doc.hasNonNull("throttlingRateLimit")
                        ? OptionalDouble.of(doc.path("throttlingRateLimit").asDouble())
                        : OptionalDouble.empty(),
                text(doc, "loggingLevel"),
                flag(doc, "dataTraceEnabled"),
                flag(doc, "detailedMetricsEnabled"));
    }

    private static Optional<Boolean> flag(JsonNode doc, String member) {
        return doc.hasNonNull(member) ? Optional.of(doc.path(member).asBoolean()) : Optional.empty();
    }

    /** A member that may be absent, as text. */
    public static Optional<String> text(JsonNode doc, String member) {
        JsonNode value = doc.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Map<String, String> strings(JsonNode map) {
        var out = new LinkedHashMap<String, String>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
