package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Api;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Problem;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Deployments as on AWS: a snapshot of the API's routes, integrations and authorizers as they
 * stand, which a stage then serves; with {@code autoDeploy}, every change makes one.
 */
final class Deployments {
    private Deployments() {}

    /** The stage a deployment is checked with before any stage points at it. */
    private static final String STAND_IN_STAGE = "deployment-check";

    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");

    /**
     * Makes a deployment of {@code entry} as it stands and returns its document. One asked for
     * ({@code auto} false) is refused when the gateway could not serve its routes, whatever stage
     * it is later given; an automatic one is made anyway, and the stages it cannot serve say why.
     *
     * @throws ControlError BadRequestException when the API has no routes, or names what stops
     *     its routes from being served
     */
    static ObjectNode create(ControlContext context, ObjectNode entry, String description, boolean auto) {
        return create(context, entry, description, auto, snapshot(entry));
    }

    private static ObjectNode create(
            ControlContext context, ObjectNode entry, String description, boolean auto, ObjectNode snapshot) {
        if (entry.path("routes").isEmpty()) {
            throw ControlError.badRequest("Unable to deploy API because no routes exist in this API");
        }
        String id = Ids.resourceId();
        if (!auto) {
            List<Problem> problems = checkUnattached(context, entry, id, snapshot);
            if (!problems.isEmpty()) {
                throw ControlError.badRequest("Unable to deploy API: "
                        + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
            }
        }
        ObjectNode deployment = JSON.objectNode()
                .put("deploymentId", id)
                .put("deploymentStatus", "DEPLOYED")
                .put("createdDate", Documents.now(context.clock()))
                .put("autoDeployed", auto);
        if (description != null) {
            deployment.put("description", description);
        }
        ObjectNode stored = object(object(entry, "deployments"), id);
        stored.set("deployment", deployment);
        stored.set("snapshot", snapshot);
        return deployment;
    }

    /** What a deployment of {@code entry} holds: its routes, integrations, authorizers as they stand. */
    private static ObjectNode snapshot(ObjectNode entry) {
        ObjectNode snapshot = JSON.objectNode();
        // The route selection expression is part of what is deployed: changing it needs a deployment.
        snapshot.put(
                "routeSelectionExpression",
                entry.path("api").path("routeSelectionExpression").asText());
        snapshot.set("routes", entry.path("routes").deepCopy());
        snapshot.set("integrations", entry.path("integrations").deepCopy());
        snapshot.set("authorizers", entry.path("authorizers").deepCopy());
        return snapshot;
    }

    /**
     * Points stage {@code stageName} at {@code deploymentId} once the gateway has checked it can
     * serve it with the stage's variables.
     *
     * @throws ControlError BadRequestException naming what stops it
     */
    static void attach(ControlContext context, String apiId, ObjectNode entry, String stageName, String deploymentId) {
        ObjectNode stage = (ObjectNode) entry.path("stages").path(stageName);
        String previous = stage.path("deploymentId").asText(null);
        stage.put("deploymentId", deploymentId);
        List<Problem> problems = check(context, apiId, entry, stageName);
        if (!problems.isEmpty()) {
            if (previous == null) {
                stage.remove("deploymentId");
            } else {
                stage.put("deploymentId", previous);
            }
            throw ControlError.badRequest("Unable to deploy stage " + stageName + ": "
                    + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        stage.put("lastUpdatedDate", Documents.now(context.clock()));
        stage.put(
                "lastDeploymentStatusMessage", "Successfully deployed stage with deployment ID '" + deploymentId + "'");
    }

    /**
     * Applies {@code change} to API {@code apiId}'s entry in one durable update and, with {@code
     * redeploy}, deploys the result to the stages with {@code autoDeploy}; returns a copy of what
     * {@code change} returned (null stays null).
     */
    static ObjectNode change(
            ControlContext context, String apiId, boolean redeploy, Function<ObjectNode, ObjectNode> change) {
        return context.store().update(state -> {
            ObjectNode entry = Documents.apiEntry(state, context, apiId);
            ObjectNode result = change.apply(entry);
            if (redeploy) {
                autoDeploy(context, apiId, entry);
            }
            return result == null ? null : result.deepCopy();
        });
    }

    /**
     * After a change to the API: one new deployment for the stages with {@code autoDeploy} whose
     * deployment no longer matches the API. A stage it cannot serve keeps its deployment and says
     * why in {@code lastDeploymentStatusMessage}. Automatic deployments no stage uses any more are
     * dropped, so that a long session of changes does not pile up snapshots.
     */
    static void autoDeploy(ControlContext context, String apiId, ObjectNode entry) {
        if (entry.path("routes").isEmpty()
                || Documents.values(entry.path("stages")).stream()
                        .noneMatch(s -> s.path("autoDeploy").asBoolean(false))) {
            return; // nothing to deploy, or nowhere to: no snapshot to take
        }
        ObjectNode now = snapshot(entry);
        List<String> stages = Documents.values(entry.path("stages")).stream()
                .filter(s -> s.path("autoDeploy").asBoolean(false))
                .filter(s -> !entry.path("deployments")
                        .path(s.path("deploymentId").asText())
                        .path("snapshot")
                        .equals(now))
                .map(s -> s.path("stageName").asText())
                .toList();
        if (stages.isEmpty()) {
            return;
        }
        String id = create(context, entry, "Automatic deployment", true, now)
                .path("deploymentId")
                .asText();
        for (String stage : stages) {
            try {
                attach(context, apiId, entry, stage, id);
            } catch (ControlError e) {
                ((ObjectNode) entry.path("stages").path(stage)).put("lastDeploymentStatusMessage", e.getMessage());
            }
        }
        dropUnused(entry);
    }

    /** Removes the automatic deployments that no stage points at. */
    static void dropUnused(ObjectNode entry) {
        var used = new java.util.HashSet<String>();
        Documents.values(entry.path("stages"))
                .forEach(s -> used.add(s.path("deploymentId").asText()));
        ObjectNode deployments = object(entry, "deployments");
        Documents.values(deployments).stream()
                .map(d -> d.path("deployment"))
                .filter(d -> d.path("autoDeployed").asBoolean(false))
                .map(d -> d.path("deploymentId").asText())
                .filter(id -> !used.contains(id))
                .toList()
                .forEach(deployments::remove);
    }

    /**
     * What would stop {@code snapshot} from being served by any stage: it is checked on a copy of
     * the entry, served by a stand-in stage that gives every stage variable it uses a value, since
     * what a real stage's variables make of it is checked when a stage is pointed at it.
     */
    private static List<Problem> checkUnattached(
            ControlContext context, ObjectNode entry, String deploymentId, ObjectNode snapshot) {
        ObjectNode copy = entry.deepCopy();
        object(object(copy, "deployments"), deploymentId).set("snapshot", snapshot);
        ((ObjectNode) object(copy, "deployments").path(deploymentId))
                .set(
                        "deployment",
                        JSON.objectNode()
                                .put("deploymentId", deploymentId)
                                .put("createdDate", Documents.now(context.clock())));
        ObjectNode variables = JSON.objectNode();
        Matcher m = STAGE_VARIABLE.matcher(snapshot.path("integrations").toString());
        while (m.find()) {
            variables.put(m.group(1), "stagevariable");
        }
        object(copy, "stages")
                .set(
                        STAND_IN_STAGE,
                        JSON.objectNode()
                                .put("stageName", STAND_IN_STAGE)
                                .put("deploymentId", deploymentId)
                                .set("stageVariables", variables));
        return check(context, copy.path("api").path("apiId").asText(), copy, STAND_IN_STAGE);
    }

    /** What would stop stage {@code stageName} of the API from being served as stored now. */
    static List<Problem> check(ControlContext context, String apiId, ObjectNode entry, String stageName) {
        Api api;
        try {
            api = Snapshots.api(apiId, entry, stageName::equals);
        } catch (InvalidModelException e) {
            return e.problems();
        }
        return context.deployable().apply(api);
    }
}
