package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.apiEntry;
import static io.wsgate.control.Documents.child;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.shape.ApiDocuments;
import io.wsgate.model.shape.Shape;
import io.wsgate.model.shape.Shapes;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Stages and deployments ({@code /v2/apis/{apiId}/stages...}, {@code .../deployments...}). */
final class StageResources {
    /** AWS's quota of stages per API. */
    static final int MAX_PER_API = 10;

    /** The members UpdateStage replaces; stageVariables and the route settings are merged. */
    private static final List<String> REPLACED =
            List.of("autoDeploy", "accessLogSettings", "clientCertificateId", "description");

    private final ControlContext context;

    StageResources(ControlContext context) {
        this.context = context;
    }

    List<Operation.Bound> operations() {
        String stages = "/v2/apis/{apiId}/stages";
        String stage = stages + "/{stageName}";
        String deployments = "/v2/apis/{apiId}/deployments";
        String deployment = deployments + "/{deploymentId}";
        return List.of(
                new Operation.Bound("POST", stages, this::create),
                new Operation.Bound("GET", stages, call -> Documents.list(context, call, "stages", null)),
                new Operation.Bound("GET", stage, call -> Answer.ok(read(call))),
                new Operation.Bound("PATCH", stage, this::update),
                new Operation.Bound("DELETE", stage, this::delete),
                new Operation.Bound("DELETE", stage + "/routesettings/{routeKey}", this::deleteRouteSettings),
                new Operation.Bound("DELETE", stage + "/accesslogsettings", this::deleteAccessLogSettings),
                new Operation.Bound("DELETE", stage + "/cache/authorizers", call -> {
                    read(call);
                    return Answer.noContent(); // no authorizer results are cached for WebSocket APIs
                }),
                new Operation.Bound("POST", deployments, this::deploy),
                new Operation.Bound(
                        "GET", deployments, call -> Documents.list(context, call, "deployments", "deployment")),
                new Operation.Bound(
                        "GET",
                        deployment,
                        call -> Answer.ok(
                                deploymentEntry(apiEntry(context.store().state(), context, call.param("apiId")), call)
                                        .path("deployment"))),
                new Operation.Bound("PATCH", deployment, this::updateDeployment),
                new Operation.Bound("DELETE", deployment, this::deleteDeployment));
    }

    private Answer create(Call call) {
        ObjectNode body = Shapes.STAGE.check(call.body(), List.of("stageName"));
        return Answer.created(change(call, api -> {
            String name = body.path("stageName").asText();
            if (api.path("stages").has(name)) {
                throw ControlError.conflict("Stage already exists");
            }
            if (api.path("stages").size() >= MAX_PER_API) {
                throw ControlError.quotaReached("Stages", MAX_PER_API);
            }
            String now = Documents.now(context.clock());
            ObjectNode stage = JSON.objectNode().put("stageName", name);
            stage.setAll(body);
            stage.remove("deploymentId");
            stage.put("autoDeploy", body.path("autoDeploy").asBoolean(false));
            if (!stage.has("defaultRouteSettings")) {
                stage.putObject("defaultRouteSettings").put("detailedMetricsEnabled", false);
            }
            for (String map : List.of("routeSettings", "stageVariables", "tags")) {
                if (!stage.has(map)) {
                    stage.putObject(map);
                }
            }
            stage.put("createdDate", now).put("lastUpdatedDate", now).put("apiGatewayManaged", false);
            validate(api, stage, stage.path("routeSettings"));
            object(api, "stages").set(name, stage);
            deployTo(call, api, stage, body.path("deploymentId").asText(null), true);
            return stage;
        }));
    }

    private Answer update(Call call) {
        ObjectNode body = Shapes.STAGE.check(call.body());
        return Answer.ok(change(call, api -> {
            ObjectNode stage = child(api.path("stages"), call.param("stageName"), "Stage");
            boolean wasAutomatic = stage.path("autoDeploy").asBoolean(false);
            Documents.update(stage, body, REPLACED, Set.of());
            // As AWS merges them: a variable set to "" is removed; route settings per route key.
            ObjectNode variables = object(stage, "stageVariables");
            body.path("stageVariables").fields().forEachRemaining(e -> {
                if (e.getValue().asText().isEmpty()) {
                    variables.remove(e.getKey());
                } else {
                    variables.set(e.getKey(), e.getValue());
                }
            });
            if (variables.size() > Shape.DEFAULT_ENTRIES) {
                throw ControlError.badRequest("Invalid request: a stage has at most " + Shape.DEFAULT_ENTRIES
                        + " stage variables; with these it would have " + variables.size());
            }
            if (body.has("defaultRouteSettings")) {
                object(stage, "defaultRouteSettings").setAll((ObjectNode) body.get("defaultRouteSettings"));
            }
            ObjectNode routeSettings = object(stage, "routeSettings");
            body.path("routeSettings")
                    .fields()
                    .forEachRemaining(e -> object(routeSettings, e.getKey()).setAll((ObjectNode) e.getValue()));
            boolean automatic = stage.path("autoDeploy").asBoolean(false);
            if (automatic && body.has("deploymentId")) {
                throw ControlError.badRequest(
                        "Invalid request: deploymentId cannot be updated on a stage with autoDeploy enabled");
            }
            stage.put("lastUpdatedDate", Documents.now(context.clock()));
            validate(api, stage, body.path("routeSettings"));
            deployTo(call, api, stage, body.path("deploymentId").asText(null), automatic && !wasAutomatic);
            return stage;
        }));
    }

    /**
     * Attaches the deployment given; or, for a stage that has just started deploying automatically
     * (or has never been deployed), a new one; or re-attaches the stage's own, whose settings may
     * have changed: settings take effect without a new deployment.
     */
    private void deployTo(Call call, ObjectNode api, ObjectNode stage, String deploymentId, boolean fresh) {
        String name = stage.path("stageName").asText();
        if (deploymentId != null) {
            if (!api.path("deployments").has(deploymentId)) {
                throw ControlError.badRequest("Invalid deployment identifier specified " + deploymentId);
            }
            Deployments.attach(context, call.param("apiId"), api, name, deploymentId);
        } else if (stage.path("autoDeploy").asBoolean(false)
                && (fresh || !stage.has("deploymentId"))
                && !api.path("routes").isEmpty()) {
            String id = Deployments.create(context, api, "Automatic deployment", true)
                    .path("deploymentId")
                    .asText();
            Deployments.attach(context, call.param("apiId"), api, name, id);
        } else if (stage.has("deploymentId")) {
            // Stage settings take effect without a new deployment; the gateway must still serve them.
            Deployments.attach(
                    context,
                    call.param("apiId"),
                    api,
                    name,
                    stage.path("deploymentId").asText());
        }
        Deployments.dropUnused(api);
    }

    private Answer delete(Call call) {
        String apiId = call.param("apiId");
        String name = call.param("stageName");
        context.store().update(state -> {
            ObjectNode api = apiEntry(state, context, apiId);
            child(api.path("stages"), name, "Stage");
            ((ObjectNode) api.path("stages")).remove(name);
            Deployments.dropUnused(api);
            Documents.removeMappings(
                    state,
                    m -> m.path("apiId").asText().equals(apiId)
                            && m.path("stage").asText().equals(name));
            return null;
        });
        return Answer.noContent();
    }

    private Answer deleteRouteSettings(Call call) {
        change(call, api -> {
            ObjectNode stage = child(api.path("stages"), call.param("stageName"), "Stage");
            if (!stage.path("routeSettings").has(call.param("routeKey"))) {
                throw ControlError.notFound("RouteSettings", "Invalid route key specified " + call.param("routeKey"));
            }
            ((ObjectNode) stage.path("routeSettings")).remove(call.param("routeKey"));
            return null;
        });
        return Answer.noContent();
    }

    private Answer deleteAccessLogSettings(Call call) {
        change(call, api -> {
            child(api.path("stages"), call.param("stageName"), "Stage").remove("accessLogSettings");
            return null;
        });
        return Answer.noContent();
    }

    private Answer deploy(Call call) {
        ObjectNode body = Shapes.DEPLOYMENT.check(call.body());
        return Answer.created(change(call, api -> {
            String stageName = body.path("stageName").asText(null);
            if (stageName != null && !api.path("stages").has(stageName)) {
                throw ControlError.badRequest("Invalid stage identifier specified " + stageName);
            }
            ObjectNode deployment =
                    Deployments.create(context, api, body.path("description").asText(null), false);
            if (stageName != null) {
                Deployments.attach(
                        context,
                        call.param("apiId"),
                        api,
                        stageName,
                        deployment.path("deploymentId").asText());
            }
            return deployment;
        }));
    }

    private Answer updateDeployment(Call call) {
        ObjectNode body = Shapes.DEPLOYMENT.check(call.body());
        return Answer.ok(change(call, api -> {
            ObjectNode deployment = (ObjectNode) deploymentEntry(api, call).path("deployment");
            if (body.has("description")) {
                deployment.set("description", body.get("description"));
            }
            return deployment;
        }));
    }

    private Answer deleteDeployment(Call call) {
        change(call, api -> {
            String id = call.param("deploymentId");
            deploymentEntry(api, call);
            for (ObjectNode stage : Documents.values(api.path("stages"))) {
                if (stage.path("deploymentId").asText().equals(id)) {
                    throw ControlError.badRequest("Active stages pointing to this deployment must be moved or deleted");
                }
            }
            ((ObjectNode) api.path("deployments")).remove(id);
            return null;
        });
        return Answer.noContent();
    }

    /** Changes the API's document; stages deploy what they are told to, not automatically. */
    private ObjectNode change(Call call, Function<ObjectNode, ObjectNode> change) {
        return Deployments.change(context, call.param("apiId"), false, change);
    }

    private ObjectNode read(Call call) {
        return child(
                apiEntry(context.store().state(), context, call.param("apiId")).path("stages"),
                call.param("stageName"),
                "Stage");
    }

    private static ObjectNode deploymentEntry(ObjectNode api, Call call) {
        return child(api.path("deployments"), call.param("deploymentId"), "Deployment");
    }

    /**
     * The model's rules for names and variables, and that the route settings just given are for
     * routes that exist (settings of a route deleted since are left alone, as AWS does).
     */
    private static void validate(ObjectNode api, ObjectNode stage, JsonNode givenRouteSettings) {
        try {
            ApiDocuments.stage(stage);
        } catch (InvalidModelException e) {
            throw ControlError.badRequest(e.getMessage());
        }
        var keys = Documents.values(api.path("routes")).stream()
                .map(r -> r.path("route").path("routeKey").asText())
                .toList();
        givenRouteSettings.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                throw ControlError.badRequest(
                        "Unable to find Route by key " + key + " within the provided RouteSettings");
            }
        });
    }
}
