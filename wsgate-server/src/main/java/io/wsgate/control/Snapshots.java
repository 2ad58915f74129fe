package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.dispatch.DomainMapping;
import io.wsgate.model.Api;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Deployment;
import io.wsgate.model.Integration;
import io.wsgate.model.Limits;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.model.shape.ApiDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** The stored documents as the runtime model: what the gateway serves from the control plane. */
public final class Snapshots {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Snapshots.class);

    private Snapshots() {}

    /**
     * Every deployed stage of every stored API, each as a model API holding that one stage (so
     * that each serves its own deployment's route selection expression). A stage that cannot be
     * made into the model (a state written by a version with other rules) goes to {@code
     * unusable}, with {@code apiId/stage}, and the others are still returned.
     */
    public static List<Api> deployedStages(ObjectNode state, BiConsumer<String, RuntimeException> unusable) {
        var apis = new ArrayList<Api>();
        state.path("apis")
                .fields()
                .forEachRemaining(e -> e.getValue().path("stages").forEach(stage -> {
                    if (stage.hasNonNull("deploymentId")) {
                        String name = stage.path("stageName").asText();
                        try {
                            apis.add(api(e.getKey(), (ObjectNode) e.getValue(), name::equals));
                        } catch (RuntimeException ex) {
                            unusable.accept(e.getKey() + "/" + name, ex);
                        }
                    }
                }));
        return apis;
    }

    /**
     * Every stored API with all its stages (deployed or not) and the deployments they serve, as the
     * console shows them; an API that cannot be made into the model is left out, and logged.
     */
    public static List<Api> apis(ObjectNode state) {
        var apis = new ArrayList<Api>();
        state.path("apis").fields().forEachRemaining(e -> {
            try {
                apis.add(api(e.getKey(), (ObjectNode) e.getValue(), stage -> true));
            } catch (RuntimeException ex) {
                log.warn("stored API {} cannot be shown: {}", e.getKey(), ex.getMessage());
            }
        });
        return apis;
    }

    /** The stored API keys. */
    public static List<io.wsgate.model.ApiKey> apiKeys(ObjectNode state) {
        var keys = new ArrayList<io.wsgate.model.ApiKey>();
        state.path("apiKeys")
                .forEach(k -> keys.add(new io.wsgate.model.ApiKey(
                        k.path("id").asText(),
                        k.path("name").asText(),
                        k.path("value").asText(),
                        k.path("enabled").asBoolean())));
        return keys;
    }

    /** The stored usage plans. */
    public static List<io.wsgate.model.UsagePlan> usagePlans(ObjectNode state) {
        var plans = new ArrayList<io.wsgate.model.UsagePlan>();
        state.path("usagePlans").forEach(p -> plans.add(usagePlan(p)));
        return plans;
    }

    /** One stored usage plan as the model's. */
    static io.wsgate.model.UsagePlan usagePlan(JsonNode p) {
        var stages = new ArrayList<io.wsgate.model.UsagePlan.ApiStage>();
        p.path("apiStages")
                .forEach(s -> stages.add(new io.wsgate.model.UsagePlan.ApiStage(
                        s.path("apiId").asText(), s.path("stage").asText())));
        JsonNode t = p.path("throttle");
        JsonNode q = p.path("quota");
        return new io.wsgate.model.UsagePlan(
                p.path("id").asText(),
                p.path("name").asText(),
                stages,
                t.isObject()
                        ? Optional.of(new io.wsgate.model.UsagePlan.Throttle(
                                t.path("rateLimit").asDouble(),
                                t.path("burstLimit").asInt()))
                        : Optional.empty(),
                q.isObject()
                        ? Optional.of(new io.wsgate.model.UsagePlan.Quota(
                                q.path("limit").asLong(),
                                q.path("offset").asLong(),
                                io.wsgate.model.UsagePlan.Period.valueOf(
                                        q.path("period").asText()),
                                Instant.ofEpochSecond(p.path("createdDate").asLong())))
                        : Optional.empty(),
                new java.util.HashSet<>(KeyResources.keyIds(p)));
    }

    /** The stored APIs whose default endpoint is turned off. */
    public static Set<String> executeApiDisabled(ObjectNode state) {
        var ids = new HashSet<String>();
        state.path("apis").fields().forEachRemaining(e -> {
            if (e.getValue().path("api").path("disableExecuteApiEndpoint").asBoolean(false)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** Every API mapping of every stored domain name. */
    public static List<DomainMapping> mappings(ObjectNode state) {
        var mappings = new ArrayList<DomainMapping>();
        state.path("domainNames")
                .fields()
                .forEachRemaining(domain -> domain.getValue()
                        .path("mappings")
                        .forEach(m -> mappings.add(new DomainMapping(
                                domain.getKey(),
                                m.path("apiMappingKey").asText(""),
                                m.path("apiId").asText(),
                                m.path("stage").asText()))));
        return mappings;
    }

    /** The model of one stored API, with only the stages {@code stages} accepts and the deployments they serve. */
    static Api api(String apiId, ObjectNode entry, Predicate<String> stages) {
        JsonNode doc = entry.path("api");
        var stageList = new ArrayList<Stage>();
        entry.path("stages").fields().forEachRemaining(s -> {
            if (stages.test(s.getKey())) {
                stageList.add(stage(apiId, s.getValue()));
            }
        });
        // Only the deployments those stages serve are made into the model: an API keeps many.
        var served = new java.util.HashSet<String>();
        stageList.forEach(s -> s.deploymentId().ifPresent(served::add));
        var deployments = new ArrayList<Deployment>();
        entry.path("deployments").fields().forEachRemaining(d -> {
            if (!served.contains(d.getKey())) {
                return;
            }
            JsonNode deployment = d.getValue().path("deployment");
            JsonNode snapshot = d.getValue().path("snapshot");
            deployments.add(new Deployment(
                    d.getKey(),
                    ApiDocuments.text(deployment, "description"),
                    Instant.parse(deployment.path("createdDate").asText()),
                    deployment.path("autoDeployed").asBoolean(false),
                    routes(snapshot),
                    integrations(snapshot),
                    authorizers(snapshot)));
        });
        return new Api(
                apiId,
                doc.path("name").asText(),
                routeSelectionExpression(entry, stageList),
                doc.path("apiKeySelectionExpression").asText(Api.DEFAULT_API_KEY_SELECTION),
                doc.path("disableExecuteApiEndpoint").asBoolean(false),
                ApiDocuments.text(doc, "description"),
                Limits.AWS,
                routes(entry),
                integrations(entry),
                authorizers(entry),
                deployments,
                stageList);
    }

    /**
     * The expression a single stage serves is its deployment's; the API's own (perhaps changed
     * since) is used otherwise.
     */
    private static String routeSelectionExpression(ObjectNode entry, List<Stage> stages) {
        if (stages.size() == 1 && stages.get(0).deploymentId().isPresent()) {
            JsonNode deployed = entry.path("deployments")
                    .path(stages.get(0).deploymentId().get())
                    .path("snapshot")
                    .get("routeSelectionExpression");
            if (deployed != null) {
                return deployed.asText();
            }
        }
        return entry.path("api").path("routeSelectionExpression").asText();
    }

    /**
     * A stored stage. Access log settings stored before their rules were checked (a format without
     * {@code $context.requestId}, say) do not stop the stage from being served: it is served
     * without them, and the log says why.
     */
    private static Stage stage(String apiId, JsonNode doc) {
        try {
            return ApiDocuments.stage(doc);
        } catch (io.wsgate.model.InvalidModelException e) {
            if (!doc.has("accessLogSettings")
                    || !e.problems().stream().allMatch(p -> p.path().startsWith("accessLogSettings"))) {
                throw e;
            }
            log.warn(
                    "stage {}/{} is served without its access log: {}",
                    apiId,
                    doc.path("stageName").asText(),
                    e.getMessage());
            ObjectNode without = ((ObjectNode) doc).deepCopy();
            without.remove("accessLogSettings");
            return ApiDocuments.stage(without);
        }
    }

    /** The routes of an API entry or of a deployment's snapshot. */
    static List<Route> routes(JsonNode holder) {
        var routes = new ArrayList<Route>();
        holder.path("routes").forEach(r -> routes.add(ApiDocuments.route(r.path("route"), r.path("responses"))));
        return routes;
    }

    /** The authorizers of an API entry or of a deployment's snapshot. */
    static List<Authorizer> authorizers(JsonNode holder) {
        var authorizers = new ArrayList<Authorizer>();
        holder.path("authorizers").forEach(a -> authorizers.add(ApiDocuments.authorizer(a)));
        return authorizers;
    }

    static List<Integration> integrations(JsonNode holder) {
        var integrations = new ArrayList<Integration>();
        holder.path("integrations")
                .forEach(i -> integrations.add(ApiDocuments.integration(i.path("integration"), i.path("responses"))));
        return integrations;
    }
}
