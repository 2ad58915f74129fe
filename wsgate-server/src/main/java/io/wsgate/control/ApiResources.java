package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.apiEntry;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.shape.Shape;
import io.wsgate.model.shape.Shapes;
import io.wsgate.route.SelectionExpression;
import java.util.List;
import java.util.Set;

/** Apis ({@code /v2/apis}) and Tags ({@code /v2/tags/{resource-arn}}). */
final class ApiResources {
    private static final Set<String> API_KEY_SELECTIONS =
            Set.of("$request.header.x-api-key", "$context.authorizer.usageIdentifierKey");
    private static final List<String> UPDATABLE = List.of(
            "name",
            "routeSelectionExpression",
            "apiKeySelectionExpression",
            "description",
            "disableSchemaValidation",
            "disableExecuteApiEndpoint",
            "ipAddressType",
            "version");

    private final ControlContext context;

    ApiResources(ControlContext context) {
        this.context = context;
    }

    List<Operation.Bound> operations() {
        return List.of(
                new Operation.Bound("POST", "/v2/apis", this::create),
                new Operation.Bound("GET", "/v2/apis", this::list),
                new Operation.Bound("GET", "/v2/apis/{apiId}", this::get),
                new Operation.Bound("PATCH", "/v2/apis/{apiId}", this::update),
                new Operation.Bound("DELETE", "/v2/apis/{apiId}", this::delete),
                new Operation.Bound("GET", "/v2/tags/{resource-arn}", this::tags),
                new Operation.Bound("POST", "/v2/tags/{resource-arn}", this::tag),
                new Operation.Bound("DELETE", "/v2/tags/{resource-arn}", this::untag));
    }

    private Answer create(Call call) {
        ObjectNode body = Shapes.API.check(call.body(), List.of("name", "protocolType"));
        if (!body.path("protocolType").asText().equals("WEBSOCKET")) {
            throw ControlError.badRequest("wsgate serves WEBSOCKET APIs only; protocolType "
                    + body.path("protocolType").asText() + " is not supported");
        }
        refuseHttpOnly(body);
        if (!body.hasNonNull("routeSelectionExpression")) {
            throw ControlError.badRequest("Invalid request: routeSelectionExpression is required for WEBSOCKET APIs");
        }
        String id = Ids.apiId(
                body.path("tags"), taken -> context.store().state().path("apis").has(taken));
        ObjectNode api = JSON.objectNode().put("apiId", id);
        api.setAll(body);
        api.put(
                "apiKeySelectionExpression",
                body.path("apiKeySelectionExpression").asText("$request.header.x-api-key"));
        api.put(
                "disableExecuteApiEndpoint",
                body.path("disableExecuteApiEndpoint").asBoolean(false));
        api.put("ipAddressType", body.path("ipAddressType").asText("ipv4"));
        if (!api.has("tags")) {
            api.putObject("tags");
        }
        api.put("createdDate", Documents.now(context.clock()));
        validate(api);
        context.store().update(state -> object(object(state, "apis"), id).set("api", api));
        return Answer.created(view(api));
    }

    private Answer list(Call call) {
        List<JsonNode> items = Documents.values(context.store().state().path("apis")).stream()
                .map(entry -> (JsonNode) view((ObjectNode) entry.path("api")))
                .toList();
        return Answer.ok(Documents.page(items, call));
    }

    private Answer get(Call call) {
        return Answer.ok(view((ObjectNode)
                apiEntry(context.store().state(), context, call.param("apiId")).path("api")));
    }

    private Answer update(Call call) {
        ObjectNode body = Shapes.API.check(call.body());
        refuseHttpOnly(body);
        // Redeployed: the route selection expression is deployed with the routes.
        return Answer.ok(view(Deployments.change(context, call.param("apiId"), true, entry -> {
            ObjectNode api = (ObjectNode) entry.path("api");
            Documents.update(api, body, UPDATABLE, Set.of("name", "routeSelectionExpression"));
            validate(api);
            return api;
        })));
    }

    private Answer delete(Call call) {
        context.store().update(state -> {
            String apiId = call.param("apiId");
            apiEntry(state, context, apiId);
            ((ObjectNode) state.path("apis")).remove(apiId);
            Documents.removeMappings(state, m -> m.path("apiId").asText().equals(apiId)); // they go with it
            return null;
        });
        return Answer.noContent();
    }

    private Answer tags(Call call) {
        ObjectNode out = JSON.objectNode();
        out.set(
                "tags",
                tagged(context.store().state(), call.param("resource-arn")).path("tags"));
        return Answer.ok(out);
    }

    private Answer tag(Call call) {
        ObjectNode body = Shapes.TAGS.check(call.body());
        context.store().update(state -> {
            ObjectNode tags = object(tagged(state, call.param("resource-arn")), "tags");
            if (body.path("tags") instanceof ObjectNode added) { // optional in the model: none, nothing to do
                ObjectNode merged = tags.deepCopy();
                merged.setAll(added);
                if (merged.size() > Shape.MAX_TAGS) {
                    throw ControlError.badRequest("Invalid request: a resource has at most " + Shape.MAX_TAGS
                            + " tags; with these it would have " + merged.size());
                }
                tags.setAll(added);
            }
            return null;
        });
        return Answer.createdEmpty();
    }

    private Answer untag(Call call) {
        List<String> keys = call.queryAll("tagKeys");
        if (keys.isEmpty()) {
            throw ControlError.badRequest("Invalid request: tagKeys is required");
        }
        context.store()
                .update(state -> object(tagged(state, call.param("resource-arn")), "tags")
                        .remove(keys));
        return Answer.noContent();
    }

    /** The document an ARN names: an API, a stage, or a domain name. */
    private ObjectNode tagged(ObjectNode state, String arn) {
        int at = arn.indexOf("::/");
        String path = at < 0 ? "" : arn.substring(at + 2);
        String[] parts = path.split("/");
        if (arn.startsWith("arn:aws") && parts.length == 3 && parts[1].equals("apis")) {
            return (ObjectNode) apiEntry(state, context, parts[2]).path("api");
        }
        if (arn.startsWith("arn:aws") && parts.length == 5 && parts[1].equals("apis") && parts[3].equals("stages")) {
            return Documents.child(apiEntry(state, context, parts[2]).path("stages"), parts[4], "Stage");
        }
        if (arn.startsWith("arn:aws") && parts.length == 3 && parts[1].equals("domainnames")) {
            return (ObjectNode) Documents.child(state.path("domainNames"), parts[2], "DomainName")
                    .path("domainName");
        }
        throw ControlError.notFound(
                "Resource",
                "Invalid resource ARN specified " + arn
                        + " (expected: arn:aws:apigateway:REGION::/apis/ID, .../apis/ID/stages/NAME or .../domainnames/NAME)");
    }

    private static void refuseHttpOnly(ObjectNode body) {
        for (String httpOnly : List.of("corsConfiguration", "credentialsArn", "routeKey", "target")) {
            if (body.has(httpOnly)) {
                throw ControlError.badRequest(httpOnly + " is only supported for HTTP APIs");
            }
        }
    }

    private void validate(ObjectNode api) {
        if (api.path("name").asText().isBlank()) {
            throw ControlError.badRequest("Invalid request: name must not be empty");
        }
        String expression = api.path("routeSelectionExpression").asText();
        if (expression.isBlank()) {
            throw ControlError.badRequest("Invalid request: routeSelectionExpression must not be empty");
        }
        try {
            var parsed = SelectionExpression.parse(expression);
            if (!parsed.otherVariables().isEmpty()) {
                throw ControlError.badRequest("Invalid route selection expression '" + expression
                        + "': only $request.body variables can select routes");
            }
        } catch (IllegalArgumentException e) {
            throw ControlError.badRequest("Invalid route selection expression '" + expression + "': " + e.getMessage());
        }
        if (!API_KEY_SELECTIONS.contains(api.path("apiKeySelectionExpression").asText())) {
            throw ControlError.badRequest("Invalid apiKeySelectionExpression '"
                    + api.path("apiKeySelectionExpression").asText() + "' (expected one of: "
                    + String.join(", ", API_KEY_SELECTIONS) + ")");
        }
    }

    /** The API as answered: what is stored, plus the endpoint clients connect to. */
    private ObjectNode view(ObjectNode api) {
        ObjectNode out = api.deepCopy();
        out.put("apiEndpoint", context.apiEndpoint().apply(api.path("apiId").asText()));
        return out;
    }
}
