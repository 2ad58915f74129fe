package io.wsgate.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.connection.Caller;
import io.wsgate.connection.Connection;
import io.wsgate.model.Api;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Deployment;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.ToIntBiFunction;

/**
 * What the console's endpoints answer, as JSON: APIs with the member names apigatewayv2 gives them
 * ({@code routeKey}, {@code integrationType}, ...), and connections with what {@code
 * GetConnection} says of them plus their API, stage and principal.
 */
final class Views {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The longest id an error message repeats whole. */
    private static final int SHOWN_ID = 128;

    private Views() {}

    static ObjectNode api(
            Console.ServedApi served, BiFunction<String, String, URI> stageUrl, ToIntBiFunction<String, String> live) {
        Api api = served.api();
        ObjectNode view = JSON.createObjectNode()
                .put("apiId", api.apiId())
                .put("name", api.name())
                .put("source", served.source())
                .put("routeSelectionExpression", api.routeSelectionExpression())
                .put("apiKeySelectionExpression", api.apiKeySelectionExpression());
        api.description().ifPresent(d -> view.put("description", d));
        ArrayNode routes = view.putArray("routes");
        for (Route route : api.routes()) {
            ObjectNode r = routes.addObject()
                    .put("routeId", route.routeId())
                    .put("routeKey", route.routeKey())
                    .put("authorizationType", route.authorizationType().name())
                    .put("apiKeyRequired", route.apiKeyRequired());
            route.target().ifPresent(t -> r.put("target", t));
            route.authorizerId().ifPresent(a -> r.put("authorizerId", a));
            route.routeResponseSelectionExpression().ifPresent(e -> r.put("routeResponseSelectionExpression", e));
        }
        ArrayNode integrations = view.putArray("integrations");
        for (Integration integration : api.integrations()) {
            ObjectNode i = integrations
                    .addObject()
                    .put("integrationId", integration.integrationId())
                    .put("integrationType", integration.integrationType().name())
                    .put("timeoutInMillis", integration.timeoutInMillis());
            integration.integrationUri().ifPresent(u -> i.put("integrationUri", u));
            integration.description().ifPresent(d -> i.put("description", d));
        }
        ArrayNode authorizers = view.putArray("authorizers");
        for (Authorizer authorizer : api.authorizers()) {
            ObjectNode a = authorizers
                    .addObject()
                    .put("authorizerId", authorizer.authorizerId())
                    .put("name", authorizer.name())
                    .put("authorizerType", authorizer.jwtConfiguration().isPresent() ? "JWT" : "REQUEST");
            if (authorizer.authorizerUri() != null) {
                a.put("authorizerUri", authorizer.authorizerUri());
            }
            ArrayNode sources = a.putArray("identitySource");
            authorizer.identitySource().forEach(sources::add);
            authorizer.jwtConfiguration().ifPresent(jwt -> {
                ObjectNode j = a.putObject("jwtConfiguration").put("issuer", jwt.issuer());
                ArrayNode audience = j.putArray("audience");
                jwt.audience().forEach(audience::add);
            });
        }
        ArrayNode deployments = view.putArray("deployments");
        for (Deployment deployment : api.deployments()) {
            ObjectNode d = deployments
                    .addObject()
                    .put("deploymentId", deployment.deploymentId())
                    .put("createdDate", deployment.createdDate().toString())
                    .put("autoDeployed", deployment.autoDeployed());
            deployment.description().ifPresent(text -> d.put("description", text));
        }
        ArrayNode stages = view.putArray("stages");
        for (Stage stage : api.stages()) {
            ObjectNode s = stages.addObject()
                    .put("stageName", stage.stageName())
                    .put("url", stageUrl.apply(api.apiId(), stage.stageName()).toString())
                    .put("autoDeploy", stage.autoDeploy())
                    .put("connections", live.applyAsInt(api.apiId(), stage.stageName()));
            stage.deploymentId().ifPresent(id -> s.put("deploymentId", id));
            stage.description().ifPresent(d -> s.put("description", d));
            ObjectNode variables = s.putObject("stageVariables");
            stage.stageVariables().forEach(variables::put);
            stage.accessLogSettings()
                    .ifPresent(log -> s.putObject("accessLogSettings")
                            .put("destinationArn", log.destinationArn())
                            .put("format", log.format()));
        }
        return view;
    }

    static ObjectNode connection(Connection c) {
        ObjectNode view = JSON.createObjectNode()
                .put("connectionId", c.connectionId())
                .put("apiId", c.apiId())
                .put("stage", c.stage())
                .put("sourceIp", c.sourceIp())
                .put("connectedAt", Instant.ofEpochMilli(c.connectedAt()).toString())
                .put("lastActiveAt", Instant.ofEpochMilli(c.lastActiveAt()).toString());
        c.userAgent().ifPresent(ua -> view.put("userAgent", ua));
        String principal = principal(c.caller());
        if (principal != null) {
            view.put("principal", principal);
        }
        return view;
    }

    /**
     * Who the client is, as far as {@code $connect} found out: its authorizer's {@code principalId},
     * else its IAM signer's ARN, else its API key's id; null for an anonymous client.
     */
    static String principal(Caller caller) {
        if (caller.authorizer() != null && caller.authorizer().get("principalId") != null) {
            return String.valueOf(caller.authorizer().get("principalId"));
        }
        if (caller.identity().get("userArn") != null) {
            return caller.identity().get("userArn");
        }
        return caller.identity().get("apiKeyId");
    }

    /** Whether {@code needle} (lower case) is in the connection's id, source IP, user agent or principal. */
    static boolean matches(Connection c, String needle) {
        String principal = principal(c.caller());
        return contains(c.connectionId(), needle)
                || contains(c.sourceIp(), needle)
                || contains(c.userAgent().orElse(null), needle)
                || contains(principal, needle);
    }

    private static boolean contains(String text, String needle) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** {@code id} as an error message shows it: cut, with its length, past {@link #SHOWN_ID} characters. */
    static String shortened(String id) {
        return id.length() <= SHOWN_ID ? id : id.substring(0, SHOWN_ID) + "... (" + id.length() + " characters)";
    }
}
