package io.wsgate.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stage: the name clients connect under ({@code /{stage}}) and the deployment it serves.
 *
 * @param deploymentId the deployment served; a stage without one refuses connections
 * @param stageVariables substituted for {@code ${stageVariables.name}} in integration URIs and
 *     passed to integrations
 * @param defaultRouteSettings the throttling of every route without settings of its own
 * @param routeSettings by route key: what overrides the default for that route
 * @param accessLogSettings where the stage's access log goes and the format of its lines, if it
 *     has one
 */
public record Stage(
        String stageName,
        Optional<String> deploymentId,
        Map<String, String> stageVariables,
        boolean autoDeploy,
        Optional<String> description,
        RouteSettings defaultRouteSettings,
        Map<String, RouteSettings> routeSettings,
        Optional<AccessLogSettings> accessLogSettings) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Pattern VARIABLE_VALUE = Pattern.compile("[A-Za-z0-9\\-._~:/?#&=,]{0,2048}");

    /** A stage without route settings. */
    public Stage(
            String stageName,
            Optional<String> deploymentId,
            Map<String, String> stageVariables,
            boolean autoDeploy,
            Optional<String> description) {
        this(stageName, deploymentId, stageVariables, autoDeploy, description, RouteSettings.NONE, Map.of());
    }

    /** A stage without access logging. */
    public Stage(
            String stageName,
            Optional<String> deploymentId,
            Map<String, String> stageVariables,
            boolean autoDeploy,
            Optional<String> description,
            RouteSettings defaultRouteSettings,
            Map<String, RouteSettings> routeSettings) {
        this(
                stageName,
                deploymentId,
                stageVariables,
                autoDeploy,
                description,
                defaultRouteSettings,
                routeSettings,
                Optional.empty());
    }

    public Stage {
        Objects.requireNonNull(stageName, "stageName");
        Objects.requireNonNull(accessLogSettings, "accessLogSettings");
        Objects.requireNonNull(defaultRouteSettings, "defaultRouteSettings");
        routeSettings = Map.copyOf(routeSettings);
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(description, "description");
        stageVariables = Collections.unmodifiableMap(new LinkedHashMap<>(stageVariables)); // in the order written
        var problems = new Problems();
        problems.require(
                NAME.matcher(stageName).matches(),
                "stageName",
                () -> "'" + stageName + "' (expected: 1 to 128 letters, digits, '-' or '_')");
        stageVariables.forEach((name, value) -> {
            problems.require(
                    VARIABLE_NAME.matcher(name).matches(),
                    "stageVariables." + name,
                    () -> "bad name (expected: 1 to 64 letters, digits or '_')");
            problems.require(
                    VARIABLE_VALUE.matcher(value).matches(),
                    "stageVariables." + name,
                    () -> "'" + value + "' (expected: up to 2048 of A-Z a-z 0-9 - . _ ~ : / ? # & = ,)");
        });
        problems.throwIfAny();
    }

    /** A stage with no variables, not yet pointing at a deployment. */
    public static Stage of(String stageName) {
        return new Stage(stageName, Optional.empty(), Map.of(), false, Optional.empty());
    }

    public Stage withDeploymentId(String id) {
        return new Stage(
                stageName,
                Optional.of(id),
                stageVariables,
                autoDeploy,
                description,
                defaultRouteSettings,
                routeSettings,
                accessLogSettings);
    }

    public Stage withStageVariables(Map<String, String> variables) {
        return new Stage(
                stageName,
                deploymentId,
                variables,
                autoDeploy,
                description,
                defaultRouteSettings,
                routeSettings,
                accessLogSettings);
    }

    public Stage withRouteSettings(RouteSettings defaults, Map<String, RouteSettings> byRouteKey) {
        return new Stage(
                stageName,
                deploymentId,
                stageVariables,
                autoDeploy,
                description,
                defaults,
                byRouteKey,
                accessLogSettings);
    }

    public Stage withAccessLogSettings(AccessLogSettings settings) {
        return new Stage(
                stageName,
                deploymentId,
                stageVariables,
                autoDeploy,
                description,
                defaultRouteSettings,
                routeSettings,
                Optional.of(settings));
    }

    /** The throttling of the route {@code routeKey}: its own settings over the stage's default. */
    public RouteSettings settingsOf(String routeKey) {
        return routeSettings.getOrDefault(routeKey, RouteSettings.NONE).over(defaultRouteSettings);
    }
}
