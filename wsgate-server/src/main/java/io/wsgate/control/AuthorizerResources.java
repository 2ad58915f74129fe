package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.apiEntry;
import static io.wsgate.control.Documents.child;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.integration.FunctionName;
import io.wsgate.model.Authorizer;
import io.wsgate.model.shape.Shapes;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Authorizers ({@code /v2/apis/{apiId}/authorizers...}): stored and checked as AWS checks them for
 * WebSocket APIs (REQUEST only, a Lambda URI, identity sources in AWS's forms, ten per API). Routes
 * that use one are refused when deployed until the gateway enforces authorizers.
 */
final class AuthorizerResources {
    static final int MAX_PER_API = 10;

    private final ControlContext context;

    AuthorizerResources(ControlContext context) {
        this.context = context;
    }

    List<Operation.Bound> operations() {
        String authorizers = "/v2/apis/{apiId}/authorizers";
        String authorizer = authorizers + "/{authorizerId}";
        return List.of(
                new Operation.Bound("POST", authorizers, this::create),
                new Operation.Bound("GET", authorizers, call -> Documents.list(context, call, "authorizers", null)),
                new Operation.Bound(
                        "GET",
                        authorizer,
                        call -> Answer.ok(
                                entry(apiEntry(context.store().state(), context, call.param("apiId")), call))),
                new Operation.Bound("PATCH", authorizer, this::update),
                new Operation.Bound("DELETE", authorizer, this::delete));
    }

    private Answer create(Call call) {
        ObjectNode body = Shapes.AUTHORIZER.check(call.body(), List.of("name", "authorizerType", "identitySource"));
        return Answer.created(change(call, api -> {
            if (api.path("authorizers").size() >= MAX_PER_API) {
                throw ControlError.quotaReached("Authorizers", MAX_PER_API);
            }
            String id = Ids.resourceId();
            ObjectNode authorizer = JSON.objectNode().put("authorizerId", id);
            authorizer.setAll(body);
            validate(authorizer);
            object(api, "authorizers").set(id, authorizer);
            return authorizer;
        }));
    }

    private Answer update(Call call) {
        ObjectNode body = Shapes.AUTHORIZER.check(call.body());
        return Answer.ok(change(call, api -> {
            ObjectNode authorizer = entry(api, call);
            Documents.update(authorizer, body, Shapes.AUTHORIZER, Set.of("authorizerType", "name"));
            validate(authorizer);
            return authorizer;
        }));
    }

    private Answer delete(Call call) {
        change(call, api -> {
            String id = call.param("authorizerId");
            entry(api, call);
            for (ObjectNode route : Documents.values(api.path("routes"))) {
                if (route.path("route").path("authorizerId").asText().equals(id)) {
                    throw ControlError.conflict("Authorizer " + id + " is in use by route "
                            + route.path("route").path("routeKey").asText());
                }
            }
            ((ObjectNode) api.path("authorizers")).remove(id);
            return null;
        });
        return Answer.noContent();
    }

    /** Changes the API's document and deploys it to its autoDeploy stages. */
    private ObjectNode change(Call call, Function<ObjectNode, ObjectNode> change) {
        return Deployments.change(context, call.param("apiId"), true, change);
    }

    private static ObjectNode entry(ObjectNode api, Call call) {
        return child(api.path("authorizers"), call.param("authorizerId"), "Authorizer");
    }

    private static void validate(ObjectNode authorizer) {
        if (authorizer.path("name").asText().isBlank()) {
            throw ControlError.badRequest("Invalid request: name must not be empty");
        }
        if (!authorizer.path("authorizerType").asText().equals("REQUEST")) {
            throw ControlError.badRequest(
                    "authorizerType " + authorizer.path("authorizerType").asText()
                            + " is only supported for HTTP APIs (expected: REQUEST)");
        }
        for (String httpOnly : List.of("authorizerPayloadFormatVersion", "enableSimpleResponses", "jwtConfiguration")) {
            if (authorizer.has(httpOnly)) {
                throw ControlError.badRequest(httpOnly + " is only supported for HTTP APIs");
            }
        }
        if (!authorizer.hasNonNull("authorizerUri")) {
            throw ControlError.badRequest("Invalid request: authorizerUri is required for a REQUEST authorizer");
        }
        try {
            FunctionName.parse(authorizer.path("authorizerUri").asText());
        } catch (IllegalArgumentException e) {
            throw ControlError.badRequest("Invalid authorizerUri " + e.getMessage());
        }
        JsonNode sources = authorizer.path("identitySource");
        if (sources.isEmpty()) {
            throw ControlError.badRequest("Invalid request: identitySource must name at least one source");
        }
        for (JsonNode source : sources) {
            if (!Authorizer.IDENTITY_SOURCE.matcher(source.asText()).matches()) {
                throw ControlError.badRequest("Invalid identity source '" + source.asText() + "' (expected: such as"
                        + " route.request.header.Auth, route.request.querystring.token, stageVariables.name or"
                        + " context.name)");
            }
        }
    }
}
