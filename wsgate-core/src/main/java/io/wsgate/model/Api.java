package io.wsgate.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A WebSocket API: its routes and integrations as they stand, the deployments made of them, and
 * the stages that serve those deployments.
 *
 * <p>Build one with {@link #builder(String)}; a builder's stages without a deployment get one
 * snapshot of the routes and integrations as built ({@value #INITIAL_DEPLOYMENT}).
 *
 * @param apiId lower-case letters, digits and '-'; it appears in URLs and host names
 * @param routeSelectionExpression such as {@code $request.body.action}
 * @param apiKeySelectionExpression {@code $request.header.x-api-key} unless set
 * @param limits frame, message, idle and lifetime limits of this API's connections
 */
public record Api(
        String apiId,
        String name,
        String routeSelectionExpression,
        String apiKeySelectionExpression,
        boolean disableExecuteApiEndpoint,
        Optional<String> description,
        Limits limits,
        List<Route> routes,
        List<Integration> integrations,
        List<Authorizer> authorizers,
        List<Deployment> deployments,
        List<Stage> stages) {

    public static final String DEFAULT_API_KEY_SELECTION = "$request.header.x-api-key";
    public static final String INITIAL_DEPLOYMENT = "initial";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public Api {
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(routeSelectionExpression, "routeSelectionExpression");
        Objects.requireNonNull(apiKeySelectionExpression, "apiKeySelectionExpression");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(limits, "limits");
        routes = List.copyOf(routes);
        integrations = List.copyOf(integrations);
        authorizers = List.copyOf(authorizers);
        deployments = List.copyOf(deployments);
        stages = List.copyOf(stages);

        var problems = new Problems();
        problems.require(
                ID.matcher(apiId).matches(),
                "apiId",
                () -> "'" + apiId
                        + "' (expected: 1 to 63 lower-case letters, digits or '-', starting with a letter or digit)");
        problems.require(!name.isBlank(), "name", () -> "empty (expected: a name)");
        problems.require(
                !routeSelectionExpression.isBlank(),
                "routeSelectionExpression",
                () -> "empty (expected: an expression such as $request.body.action)");
        problems.addAll(Deployment.referenceProblems(routes, integrations, authorizers));
        var deploymentIds = new HashSet<String>();
        for (var deployment : deployments) {
            problems.require(
                    deploymentIds.add(deployment.deploymentId()),
                    "deployments[" + deployment.deploymentId() + "]",
                    () -> "duplicate deploymentId");
        }
        var stageNames = new HashSet<String>();
        for (var stage : stages) {
            String path = "stages[" + stage.stageName() + "]";
            problems.require(stageNames.add(stage.stageName()), path, () -> "duplicate stageName");
            stage.deploymentId()
                    .ifPresent(id -> problems.require(
                            deploymentIds.contains(id),
                            path + ".deploymentId",
                            () -> "unknown deployment '" + id + "'"));
        }
        problems.throwIfAny();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Optional<Stage> stage(String stageName) {
        return stages.stream().filter(s -> s.stageName().equals(stageName)).findFirst();
    }

    public Optional<Deployment> deployment(String deploymentId) {
        return deployments.stream()
                .filter(d -> d.deploymentId().equals(deploymentId))
                .findFirst();
    }

    /** The id an API named {@code name} gets when none is given: the name in lower case, '-' for the rest. */
    public static String idFor(String name) {
        String id = name.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        return id.length() > 63 ? id.substring(0, 63) : id;
    }

    /** Builds an {@link Api} for embedding; see {@link Api} for what happens to undeployed stages. */
    public static final class Builder {
        private final String name;
        private String apiId;
        private String routeSelectionExpression = "$request.body.action";
        private String apiKeySelectionExpression = DEFAULT_API_KEY_SELECTION;
        private boolean disableExecuteApiEndpoint;
        private String description;
        private Limits limits = Limits.AWS;
        private final List<Route> routes = new ArrayList<>();
        private final List<Integration> integrations = new ArrayList<>();
        private final List<Authorizer> authorizers = new ArrayList<>();
        private final List<Deployment> deployments = new ArrayList<>();
        private final List<Stage> stages = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder apiId(String apiId) {
            this.apiId = apiId;
            return this;
        }

        public Builder routeSelectionExpression(String expression) {
            this.routeSelectionExpression = expression;
            return this;
        }

        public Builder apiKeySelectionExpression(String expression) {
            this.apiKeySelectionExpression = expression;
            return this;
        }

        public Builder disableExecuteApiEndpoint(boolean disable) {
            this.disableExecuteApiEndpoint = disable;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public Builder integration(Integration integration) {
            integrations.add(integration);
            return this;
        }

        public Builder authorizer(Authorizer authorizer) {
            authorizers.add(authorizer);
            return this;
        }

        public Builder route(Route route) {
            routes.add(route);
            return this;
        }

        /** Adds a one-way route {@code routeKey} to the integration {@code integrationId}. */
        public Builder route(String routeKey, String integrationId) {
            return route(Route.of(routeKey, integrationId));
        }

        public Builder deployment(Deployment deployment) {
            deployments.add(deployment);
            return this;
        }

        public Builder stage(Stage stage) {
            stages.add(stage);
            return this;
        }

        public Builder stage(String stageName) {
            return stage(Stage.of(stageName));
        }

        public Api build() {
            String id = apiId != null ? apiId : idFor(name);
            // Checked as written first, so that every problem is reported, not only the snapshot's.
            make(id, deployments, stages);
            var allDeployments = new ArrayList<>(deployments);
            var allStages = new ArrayList<Stage>();
            for (var stage : stages) {
                if (stage.deploymentId().isEmpty()) {
                    if (allDeployments.stream().noneMatch(d -> d.deploymentId().equals(INITIAL_DEPLOYMENT))) {
                        allDeployments.add(new Deployment(
                                INITIAL_DEPLOYMENT,
                                Optional.empty(),
                                Instant.now(),
                                false,
                                routes,
                                integrations,
                                authorizers));
                    }
                    stage = stage.withDeploymentId(INITIAL_DEPLOYMENT);
                }
                allStages.add(stage);
            }
            return make(id, allDeployments, allStages);
        }

        private Api make(String id, List<Deployment> withDeployments, List<Stage> withStages) {
            return new Api(
                    id,
                    name,
                    routeSelectionExpression,
                    apiKeySelectionExpression,
                    disableExecuteApiEndpoint,
                    Optional.ofNullable(description),
                    limits,
                    routes,
                    integrations,
                    authorizers,
                    withDeployments,
                    withStages);
        }
    }
}
