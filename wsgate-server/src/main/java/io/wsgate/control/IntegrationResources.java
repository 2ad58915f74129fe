package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.apiEntry;
import static io.wsgate.control.Documents.child;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.integration.FunctionName;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.shape.ApiDocuments;
import io.wsgate.model.shape.Shapes;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Integrations and their integration responses ({@code /v2/apis/{apiId}/integrations...}). */
final class IntegrationResources {
    /** AWS's quota of integrations per API. */
    static final int MAX_PER_API = 300;

    private final ControlContext context;

    IntegrationResources(ControlContext context) {
        this.context = context;
    }

    List<Operation.Bound> operations() {
        String integrations = "/v2/apis/{apiId}/integrations";
        String integration = integrations + "/{integrationId}";
        String responses = integration + "/integrationresponses";
        String response = responses + "/{integrationResponseId}";
        return List.of(
                new Operation.Bound("POST", integrations, this::create),
                new Operation.Bound(
                        "GET", integrations, call -> Documents.list(context, call, "integrations", "integration")),
                new Operation.Bound(
                        "GET", integration, call -> Answer.ok(read(call).path("integration"))),
                new Operation.Bound("PATCH", integration, this::update),
                new Operation.Bound("DELETE", integration, this::delete),
                new Operation.Bound("POST", responses, this::createResponse),
                new Operation.Bound(
                        "GET",
                        responses,
                        call -> Answer.ok(
                                Documents.page(Documents.values(read(call).path("responses")), call))),
                new Operation.Bound("GET", response, call -> Answer.ok(responseDoc(read(call), call))),
                new Operation.Bound("PATCH", response, this::updateResponse),
                new Operation.Bound("DELETE", response, this::deleteResponse));
    }

    private Answer create(Call call) {
        ObjectNode body = Shapes.INTEGRATION.check(call.body(), List.of("integrationType"));
        return Answer.created(change(call, api -> {
            if (api.path("integrations").size() >= MAX_PER_API) {
                throw ControlError.quotaReached("Integrations", MAX_PER_API);
            }
            String id = Ids.resourceId();
            ObjectNode integration = JSON.objectNode().put("integrationId", id).put("apiGatewayManaged", false);
            integration.setAll(body);
            integration.put("connectionType", body.path("connectionType").asText("INTERNET"));
            integration.put(
                    "passthroughBehavior", body.path("passthroughBehavior").asText("WHEN_NO_MATCH"));
            integration.put(
                    "payloadFormatVersion", body.path("payloadFormatVersion").asText("1.0"));
            integration.put("timeoutInMillis", body.path("timeoutInMillis").asInt(29_000));
            if (!body.has("integrationMethod")
                    && !body.path("integrationType").asText().equals("MOCK")) {
                integration.put("integrationMethod", "POST");
            }
            selectResponses(integration);
            validate(integration, JSON.objectNode());
            ObjectNode stored = object(object(api, "integrations"), id);
            stored.set("integration", integration);
            stored.putObject("responses");
            return integration;
        }));
    }

    private Answer update(Call call) {
        ObjectNode body = Shapes.INTEGRATION.check(call.body());
        return Answer.ok(change(call, api -> {
            ObjectNode stored = entry(api, call);
            ObjectNode integration = (ObjectNode) stored.path("integration");
            String type = integration.path("integrationType").asText();
            Documents.update(integration, body, Shapes.INTEGRATION, Set.of("integrationType"));
            if (!integration.path("integrationType").asText().equals(type)) {
                selectResponses(integration);
            }
            validate(integration, stored.path("responses"));
            return integration;
        }));
    }

    private Answer delete(Call call) {
        change(call, api -> {
            String id = call.param("integrationId");
            entry(api, call);
            for (ObjectNode route : Documents.values(api.path("routes"))) {
                if (route.path("route").path("target").asText().equals("integrations/" + id)) {
                    throw ControlError.conflict("Integration " + id + " is in use by route "
                            + route.path("route").path("routeKey").asText() + "; change or delete the route first");
                }
            }
            ((ObjectNode) api.path("integrations")).remove(id);
            return null;
        });
        return Answer.noContent();
    }

    private Answer createResponse(Call call) {
        ObjectNode body = Shapes.INTEGRATION_RESPONSE.check(call.body(), List.of("integrationResponseKey"));
        return Answer.created(change(call, api -> {
            ObjectNode stored = entry(api, call);
            ObjectNode responses = object(stored, "responses");
            String key = body.path("integrationResponseKey").asText();
            if (Documents.values(responses).stream()
                    .anyMatch(r -> r.path("integrationResponseKey").asText().equals(key))) {
                throw ControlError.conflict(
                        "Integration response with key " + key + " already exists for this integration");
            }
            String id = Ids.resourceId();
            ObjectNode response = JSON.objectNode().put("integrationResponseId", id);
            response.setAll(body);
            ObjectNode withNew = responses.deepCopy();
            withNew.set(id, response);
            validate((ObjectNode) stored.path("integration"), withNew);
            responses.set(id, response);
            return response;
        }));
    }

    private Answer updateResponse(Call call) {
        ObjectNode body = Shapes.INTEGRATION_RESPONSE.check(call.body());
        return Answer.ok(change(call, api -> {
            ObjectNode stored = entry(api, call);
            ObjectNode response = responseDoc(stored, call);
            Documents.update(response, body, Shapes.INTEGRATION_RESPONSE, Set.of("integrationResponseKey"));
            validate((ObjectNode) stored.path("integration"), stored.path("responses"));
            return response;
        }));
    }

    private Answer deleteResponse(Call call) {
        change(call, api -> {
            ObjectNode stored = entry(api, call);
            responseDoc(stored, call);
            ((ObjectNode) stored.path("responses")).remove(call.param("integrationResponseId"));
            return null;
        });
        return Answer.noContent();
    }

    /** Changes the API's document and deploys it to its autoDeploy stages. */
    private ObjectNode change(Call call, Function<ObjectNode, ObjectNode> change) {
        return Deployments.change(context, call.param("apiId"), true, change);
    }

    /** The integration's entry in the published state, for reading. */
    private ObjectNode read(Call call) {
        return entry(apiEntry(context.store().state(), context, call.param("apiId")), call);
    }

    private static ObjectNode entry(ObjectNode api, Call call) {
        return child(api.path("integrations"), call.param("integrationId"), "Integration");
    }

    private static ObjectNode responseDoc(ObjectNode integrationEntry, Call call) {
        return child(integrationEntry.path("responses"), call.param("integrationResponseId"), "IntegrationResponse");
    }

    /** The integrationResponseSelectionExpression AWS sets for the integration's type (none for proxies). */
    private static void selectResponses(ObjectNode integration) {
        switch (integration.path("integrationType").asText()) {
            case "AWS" ->
                integration.put("integrationResponseSelectionExpression", "${integration.response.body.errorMessage}");
            case "HTTP", "MOCK" ->
                integration.put("integrationResponseSelectionExpression", "${integration.response.statuscode}");
            default -> integration.remove("integrationResponseSelectionExpression");
        }
    }

    /**
     * The model's rules, and what WebSocket APIs do not support. One leniency: AWS documents
     * payloadFormatVersion 1.0 only for WebSocket APIs, yet widely copied templates (Terraform,
     * boto3) set 2.0 on Lambda proxy integrations; it is stored as given and the event keeps the
     * WebSocket shape, which has a single version.
     */
    private static void validate(ObjectNode integration, JsonNode responses) {
        String version = integration.path("payloadFormatVersion").asText("1.0");
        boolean proxy = integration.path("integrationType").asText().equals("AWS_PROXY");
        if (!(version.equals("1.0") || (proxy && version.equals("2.0")))) {
            throw ControlError.badRequest("payloadFormatVersion " + version + " is not supported for "
                    + integration.path("integrationType").asText() + " integrations of WebSocket APIs (expected: 1.0)");
        }
        if (integration.path("connectionType").asText().equals("VPC_LINK")) {
            throw ControlError.badRequest("connectionType VPC_LINK is not supported by wsgate (expected: INTERNET)");
        }
        for (String httpOnly : List.of("integrationSubtype", "tlsConfig")) {
            if (integration.has(httpOnly)) {
                throw ControlError.badRequest(httpOnly + " is only supported for HTTP APIs");
            }
        }
        try {
            ApiDocuments.integration(integration, responses);
        } catch (InvalidModelException e) {
            throw ControlError.badRequest(e.getMessage());
        }
        if (integration.path("integrationType").asText().startsWith("AWS")) {
            try {
                FunctionName.parse(integration.path("integrationUri").asText());
            } catch (IllegalArgumentException e) {
                throw ControlError.badRequest("Invalid integrationUri " + e.getMessage());
            }
        }
    }
}
