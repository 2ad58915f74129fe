package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.apiEntry;
import static io.wsgate.control.Documents.child;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Route;
import io.wsgate.model.shape.ApiDocuments;
import io.wsgate.model.shape.Shapes;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Routes and their route responses ({@code /v2/apis/{apiId}/routes...}). */
final class RouteResources {
    /** AWS's quota of routes per API. */
    static final int MAX_PER_API = 300;

    private final ControlContext context;

    RouteResources(ControlContext context) {
        this.context = context;
    }

    List<Operation.Bound> operations() {
        String routes = "/v2/apis/{apiId}/routes";
        String route = routes + "/{routeId}";
        String responses = route + "/routeresponses";
        String response = responses + "/{routeResponseId}";
        return List.of(
                new Operation.Bound("POST", routes, this::create),
                new Operation.Bound("GET", routes, call -> Documents.list(context, call, "routes", "route")),
                new Operation.Bound(
                        "GET", route, call -> Answer.ok(routeDoc(context.store().state(), call))),
                new Operation.Bound("PATCH", route, this::update),
                new Operation.Bound("DELETE", route, this::delete),
                new Operation.Bound(
                        "DELETE", route + "/requestparameters/{requestParameterKey}", this::deleteParameter),
                new Operation.Bound("POST", responses, this::createResponse),
                new Operation.Bound("GET", responses, this::listResponses),
                new Operation.Bound(
                        "GET",
                        response,
                        call -> Answer.ok(responseDoc(context.store().state(), call))),
                new Operation.Bound("PATCH", response, this::updateResponse),
                new Operation.Bound("DELETE", response, this::deleteResponse));
    }

    private Answer create(Call call) {
        ObjectNode body = Shapes.ROUTE.check(call.body(), List.of("routeKey"));
        return Answer.created(change(call, entry -> {
            if (entry.path("routes").size() >= MAX_PER_API) {
                throw ControlError.quotaReached("Routes", MAX_PER_API);
            }
            String id = Ids.resourceId();
            ObjectNode route = JSON.objectNode().put("routeId", id).put("apiGatewayManaged", false);
            route.setAll(body);
            if (!route.has("authorizationType")) {
                route.put("authorizationType", "NONE");
            }
            route.put("apiKeyRequired", route.path("apiKeyRequired").asBoolean(false));
            validate(entry, route, null);
            ObjectNode stored = object(object(entry, "routes"), id);
            stored.set("route", route);
            stored.putObject("responses");
            return route;
        }));
    }

    private Answer update(Call call) {
        ObjectNode body = Shapes.ROUTE.check(call.body());
        return Answer.ok(change(call, entry -> {
            ObjectNode route = (ObjectNode) routeEntry(entry, call).path("route");
            Documents.update(route, body, Shapes.ROUTE, Set.of("routeKey"));
            validate(entry, route, route.path("routeId").asText());
            return route;
        }));
    }

    private Answer delete(Call call) {
        change(call, entry -> {
            routeEntry(entry, call);
            ((ObjectNode) entry.path("routes")).remove(call.param("routeId"));
            return null;
        });
        return Answer.noContent();
    }

    private Answer deleteParameter(Call call) {
        change(call, entry -> {
            ObjectNode route = (ObjectNode) routeEntry(entry, call).path("route");
            if (!(route.path("requestParameters") instanceof ObjectNode parameters)
                    || !parameters.has(call.param("requestParameterKey"))) {
                throw ControlError.notFound(
                        "RequestParameter", "Invalid request parameter key " + call.param("requestParameterKey"));
            }
            parameters.remove(call.param("requestParameterKey"));
            return null;
        });
        return Answer.noContent();
    }

    private Answer createResponse(Call call) {
        ObjectNode body = Shapes.ROUTE_RESPONSE.check(call.body(), List.of("routeResponseKey"));
        return Answer.created(change(call, entry -> {
            ObjectNode responses = object(routeEntry(entry, call), "responses");
            String key = body.path("routeResponseKey").asText();
            if (Documents.values(responses).stream()
                    .anyMatch(r -> r.path("routeResponseKey").asText().equals(key))) {
                throw ControlError.conflict("Route response with key " + key + " already exists for this route");
            }
            String id = Ids.resourceId();
            ObjectNode response = JSON.objectNode().put("routeResponseId", id);
            response.setAll(body);
            checkResponse(response);
            responses.set(id, response);
            return response;
        }));
    }

    private Answer listResponses(Call call) {
        ObjectNode entry = apiEntry(context.store().state(), context, call.param("apiId"));
        return Answer.ok(Documents.page(Documents.values(routeEntry(entry, call).path("responses")), call));
    }

    private Answer updateResponse(Call call) {
        ObjectNode body = Shapes.ROUTE_RESPONSE.check(call.body());
        return Answer.ok(change(call, entry -> {
            ObjectNode response =
                    child(routeEntry(entry, call).path("responses"), call.param("routeResponseId"), "RouteResponse");
            Documents.update(response, body, Shapes.ROUTE_RESPONSE, Set.of("routeResponseKey"));
            checkResponse(response);
            return response;
        }));
    }

    private Answer deleteResponse(Call call) {
        change(call, entry -> {
            ObjectNode responses = (ObjectNode) routeEntry(entry, call).path("responses");
            child(responses, call.param("routeResponseId"), "RouteResponse");
            responses.remove(call.param("routeResponseId"));
            return null;
        });
        return Answer.noContent();
    }

    /** Applies a change to the API's routes and deploys it to stages that deploy automatically. */
    private ObjectNode change(Call call, Function<ObjectNode, ObjectNode> change) {
        return Deployments.change(context, call.param("apiId"), true, change);
    }

    private ObjectNode routeDoc(ObjectNode state, Call call) {
        return (ObjectNode)
                routeEntry(apiEntry(state, context, call.param("apiId")), call).path("route");
    }

    private ObjectNode responseDoc(ObjectNode state, Call call) {
        ObjectNode entry = apiEntry(state, context, call.param("apiId"));
        return child(routeEntry(entry, call).path("responses"), call.param("routeResponseId"), "RouteResponse");
    }

    private static ObjectNode routeEntry(ObjectNode entry, Call call) {
        return child(entry.path("routes"), call.param("routeId"), "Route");
    }

    /** The rules of the model, a unique key, and targets and authorizers that exist. */
    private static void validate(ObjectNode entry, ObjectNode route, String routeId) {
        String key = route.path("routeKey").asText();
        for (ObjectNode other : Documents.values(entry.path("routes"))) {
            if (other.path("route").path("routeKey").asText().equals(key)
                    && !other.path("route").path("routeId").asText().equals(routeId)) {
                throw ControlError.conflict("Route with key " + key + " already exists for this API");
            }
        }
        if (route.path("authorizationType").asText().equals("JWT")) {
            throw ControlError.badRequest("JWT authorization is only supported for HTTP APIs");
        }
        Route model;
        try {
            model = ApiDocuments.route(route, java.util.List.of());
        } catch (InvalidModelException e) {
            throw ControlError.badRequest(e.getMessage());
        }
        model.integrationId().ifPresent(id -> {
            if (!entry.path("integrations").has(id)) {
                throw ControlError.badRequest(
                        "Invalid target integrations/" + id + ": no such integration in this API");
            }
        });
        model.authorizerId().ifPresent(id -> {
            if (!entry.path("authorizers").has(id)) {
                throw ControlError.badRequest("Invalid authorizerId " + id + ": no such authorizer in this API");
            }
        });
    }

    private static void checkResponse(ObjectNode response) {
        if (!response.path("routeResponseKey").asText().equals("$default")) {
            throw ControlError.badRequest("Invalid routeResponseKey '"
                    + response.path("routeResponseKey").asText()
                    + "' (expected: $default, the only key WebSocket APIs support)");
        }
    }
}
