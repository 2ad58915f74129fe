package io.wsgate.config;

import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.BinaryMessages;
import io.wsgate.model.Deployment;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationResponse;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Limits;
import io.wsgate.model.PassthroughBehavior;
import io.wsgate.model.Problem;
import io.wsgate.model.Route;
import io.wsgate.model.RouteResponse;
import io.wsgate.model.RouteSettings;
import io.wsgate.model.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;

/** Reads one entry of {@code apis} into an {@link Api}, with apigatewayv2's member names. */
final class ApiReader {
    private ApiReader() {}

    /**
     * The API, or empty when it has problems (all of them recorded). An API with problems is added
     * to {@code incomplete} as far as it could be read, with stand-ins for the parts that could not
     * (see {@link ConfigFile#incompleteApis()}), so that what would stop it from being served is
     * found in the same run.
     */
    static Optional<Api> read(Members m, List<Api> incomplete) {
        String name = m.required("name", "the API's name");
        Optional<String> apiId = m.string("apiId");
        String selection = m.required("routeSelectionExpression", "an expression such as $request.body.action");
        String apiKeySelection = m.string("apiKeySelectionExpression").orElse(Api.DEFAULT_API_KEY_SELECTION);
        boolean disableExecuteApi = m.bool("disableExecuteApiEndpoint").orElse(false);
        Optional<String> description = m.string("description");
        Limits limits = m.object("limits").flatMap(ApiReader::limits).orElse(Limits.AWS);

        var integrations = new ArrayList<Integration>();
        var standIns = new StandIns();
        boolean complete = true;
        for (Members i : m.objects("integrations", "integrationId")) {
            complete &= add(integrations, integration(i, standIns));
        }
        var authorizers = new ArrayList<Authorizer>();
        for (Members a : m.objects("authorizers", "name")) {
            complete &= add(authorizers, authorizer(a));
        }
        var routes = new ArrayList<Route>();
        for (Members r : m.objects("routes", "routeKey")) {
            complete &= add(routes, route(r, standIns));
        }
        var stages = new ArrayList<Stage>();
        for (Members s : m.objects("stages", "stageName")) {
            complete &= add(stages, stage(s));
        }
        m.finish();
        Supplier<Api.Builder> builder = () -> {
            var api = Api.builder(name)
                    .routeSelectionExpression(selection != null ? selection : "$request.body.action")
                    .apiKeySelectionExpression(apiKeySelection)
                    .disableExecuteApiEndpoint(disableExecuteApi)
                    .limits(limits);
            apiId.ifPresent(api::apiId);
            description.ifPresent(api::description);
            return api;
        };
        Optional<Api> api = Optional.empty();
        if (name == null || selection == null || !complete) {
            // Building would repeat the problems recorded; targets are still checked against
            // the ids as written, so that a misspelt target is not left for a second run.
            var declared = new ArrayList<String>();
            m.objects("integrations", "integrationId")
                    .forEach(i -> i.string("integrationId").ifPresent(declared::add));
            Deployment.routeProblems(routes, declared).forEach(p -> m.report(p.under(m.path())));
            var authorizerIds = new ArrayList<String>();
            m.objects("authorizers", "name")
                    .forEach(a ->
                            a.string("authorizerId").or(() -> a.string("name")).ifPresent(authorizerIds::add));
            Deployment.authorizerProblems(routes, authorizerIds).forEach(p -> m.report(p.under(m.path())));
        } else {
            // The builder serves every stage the routes as written, as the file promises.
            api = build(m, () -> {
                var b = builder.get();
                integrations.forEach(b::integration);
                authorizers.forEach(b::authorizer);
                routes.forEach(b::route);
                stages.forEach(b::stage);
                return b.build();
            });
        }
        if (api.isEmpty() && name != null) {
            standIns.api(builder.get(), integrations, authorizers, routes, stages)
                    .ifPresent(incomplete::add);
        }
        return api;
    }

    /** {@code throttlingBurstLimit} and {@code throttlingRateLimit}; logging and metrics members are accepted, not applied. */
    private static Optional<RouteSettings> routeSettings(Members m) {
        Optional<Integer> burst = m.integer("throttlingBurstLimit");
        Optional<String> rate = m.string("throttlingRateLimit");
        m.string("loggingLevel");
        m.bool("dataTraceEnabled");
        m.bool("detailedMetricsEnabled");
        OptionalDouble rateValue = OptionalDouble.empty();
        if (rate.isPresent()) {
            try {
                rateValue = OptionalDouble.of(Double.parseDouble(rate.get()));
            } catch (NumberFormatException e) {
                m.problem(
                        "throttlingRateLimit",
                        "'" + rate.get() + "' (expected: requests a second, such as 100 or 0.5)");
                m.finish();
                return Optional.empty();
            }
        }
        m.finish();
        OptionalDouble rateOf = rateValue;
        return build(m, () -> new RouteSettings(burst.map(OptionalInt::of).orElse(OptionalInt.empty()), rateOf));
    }

    private static Optional<Limits> limits(Members m) {
        Limits aws = Limits.AWS;
        int frame = m.bytes("maxFrameBytes").orElse(aws.maxFrameBytes());
        int message = m.bytes("maxMessageBytes").orElse(Math.max(frame, aws.maxMessageBytes()));
        var idle = m.duration("idleTimeout").orElse(aws.idleTimeout());
        var lifetime = m.duration("maxConnectionDuration").orElse(aws.maxConnectionDuration());
        var binary = m.enumeration("binaryMessages", BinaryMessages.class).orElse(aws.binaryMessages());
        m.finish();
        return build(m, () -> new Limits(frame, message, idle, lifetime, binary));
    }

    private static Optional<Integration> integration(Members m, StandIns standIns) {
        String id = m.required("integrationId", "an id that routes name in their target");
        Optional<IntegrationType> type = m.enumeration("integrationType", IntegrationType.class);
        if (type.isEmpty() && m.string("integrationType").isEmpty()) {
            m.problem("integrationType", "missing (expected one of: AWS_PROXY, HTTP_PROXY, MOCK)");
        }
        Optional<String> uri = m.string("integrationUri");
        Optional<String> method = m.string("integrationMethod");
        Optional<Integer> timeout = m.integer("timeoutInMillis");
        var templates = m.stringMap("requestTemplates");
        Optional<String> templateSelection = m.string("templateSelectionExpression");
        Optional<PassthroughBehavior> passthrough = m.enumeration("passthroughBehavior", PassthroughBehavior.class);
        Optional<String> description = m.string("description");
        var responses = new ArrayList<IntegrationResponse>();
        boolean complete = true;
        for (Members r : m.objects("integrationResponses", "integrationResponseKey")) {
            complete &= add(responses, integrationResponse(r));
        }
        m.finish();
        if (id == null || type.isEmpty()) {
            return Optional.empty();
        }
        Supplier<Integration.Builder> builder = () -> {
            var b = Integration.builder(id, type.get());
            uri.ifPresent(b::uri);
            templates.forEach(b::requestTemplate);
            templateSelection.ifPresent(b::templateSelectionExpression);
            passthrough.ifPresent(b::passthroughBehavior);
            description.ifPresent(b::description);
            responses.forEach(b::integrationResponse);
            return b;
        };
        Optional<Integration> integration = !complete
                ? Optional.empty()
                : build(m, () -> {
                    var b = builder.get();
                    method.ifPresent(b::method);
                    timeout.ifPresent(b::timeoutInMillis);
                    return b.build();
                });
        if (integration.isEmpty()) {
            standIns.integration(() -> builder.get().build());
        }
        return integration;
    }

    private static Optional<IntegrationResponse> integrationResponse(Members m) {
        String key = m.required("integrationResponseKey", "$default or a pattern such as /2\\d\\d/");
        Optional<String> id = m.string("integrationResponseId");
        var templates = m.stringMap("responseTemplates");
        Optional<String> selection = m.string("templateSelectionExpression");
        m.finish();
        if (key == null) {
            return Optional.empty();
        }
        return build(m, () -> new IntegrationResponse(id.orElse(key), key, templates, selection));
    }

    private static Optional<Authorizer> authorizer(Members m) {
        String name = m.required("name", "the authorizer's name");
        Optional<String> id = m.string("authorizerId");
        Optional<String> type = m.string("authorizerType");
        type.filter(t -> !t.equals("REQUEST") && !t.equals("JWT"))
                .ifPresent(t -> m.problem(
                        "authorizerType",
                        "'" + t + "' (expected: REQUEST, the type WebSocket APIs have, or JWT, as HTTP APIs have it)"));
        if (type.filter("JWT"::equals).isPresent()) {
            List<String> sources = m.strings("identitySource");
            Optional<Authorizer.JwtConfiguration> jwt = m.object("jwtConfiguration")
                    .map(j -> {
                        String issuer =
                                j.required("issuer", "the token issuer's URL, such as https://login.example.com/");
                        List<String> audience = j.strings("audience");
                        j.finish();
                        return issuer == null ? null : new Authorizer.JwtConfiguration(issuer, audience);
                    });
            if (m.node("jwtConfiguration").isEmpty()) {
                m.problem("jwtConfiguration", "missing (expected: issuer and audience, for a JWT authorizer)");
            }
            m.finish();
            if (name == null || jwt.isEmpty()) {
                return Optional.empty();
            }
            return build(m, () -> new Authorizer(id.orElse(name), name, "", sources, jwt));
        }
        String uri = m.required(
                "authorizerUri",
                "the function's URI, such as arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:us-east-1:000000000000:function:Auth/invocations");
        List<String> sources = m.strings("identitySource");
        m.finish();
        if (name == null
                || uri == null
                || type.filter(t -> !t.equals("REQUEST")).isPresent()) {
            return Optional.empty();
        }
        return build(m, () -> new Authorizer(id.orElse(name), name, uri, sources));
    }

    private static Optional<Route> route(Members m, StandIns standIns) {
        String key = m.required("routeKey", "$connect, $disconnect, $default or a custom key");
        Optional<String> id = m.string("routeId");
        Optional<String> target = m.string("target");
        AuthorizationType authorization =
                m.enumeration("authorizationType", AuthorizationType.class).orElse(AuthorizationType.NONE);
        Optional<String> authorizerId = m.string("authorizerId");
        boolean apiKeyRequired = m.bool("apiKeyRequired").orElse(false);
        Optional<String> responseSelection = m.string("routeResponseSelectionExpression");
        var responses = new ArrayList<RouteResponse>();
        boolean complete = true;
        for (Members r : m.objects("routeResponses", "routeResponseKey")) {
            String responseKey = r.required("routeResponseKey", "$default");
            Optional<String> responseId = r.string("routeResponseId");
            r.finish();
            complete &= responseKey != null
                    && add(responses, build(r, () -> new RouteResponse(responseId.orElse(responseKey), responseKey)));
        }
        m.finish();
        if (key == null) {
            return Optional.empty();
        }
        // A route response selection expression alone makes the route two-way, as the Serverless
        // Framework and CDK's returnResponse do by creating the $default route response with it.
        if (responseSelection.isPresent() && responses.isEmpty()) {
            responses.add(new RouteResponse(id.orElse(key) + "-response", RouteResponse.DEFAULT_KEY));
        }
        Optional<Route> route = !complete
                ? Optional.empty()
                : build(
                        m,
                        () -> new Route(
                                id.orElse(key),
                                key,
                                target,
                                authorization,
                                authorizerId,
                                apiKeyRequired,
                                responseSelection,
                                responses));
        if (route.isEmpty()) {
            // What the checks made when serving look at: the key and the authorization asked for.
            standIns.route(() -> new Route(
                    id.orElse(key),
                    key,
                    Optional.empty(),
                    authorization,
                    authorizerId.or(() -> Optional.of("stand-in")),
                    apiKeyRequired,
                    Optional.empty(),
                    List.of()));
        }
        return route;
    }

    private static Optional<Stage> stage(Members m) {
        String name = m.required("stageName", "a stage name, such as dev");
        var variables = m.stringMap("stageVariables");
        Optional<String> description = m.string("description");
        RouteSettings defaults = m.object("defaultRouteSettings")
                .flatMap(ApiReader::routeSettings)
                .orElse(RouteSettings.NONE);
        var byRoute = new java.util.LinkedHashMap<String, RouteSettings>();
        boolean complete = true;
        for (Members.Entry entry : m.entries("routeSettings")) {
            if (entry.object().isEmpty()) {
                m.problem("routeSettings." + entry.key(), "expected an object such as {throttlingBurstLimit: 10}");
                complete = false;
                continue;
            }
            Optional<RouteSettings> settings = routeSettings(entry.object().get());
            settings.ifPresent(v -> byRoute.put(entry.key(), v));
            complete &= settings.isPresent();
        }
        m.finish();
        if (name == null || !complete) {
            return Optional.empty();
        }
        return build(m, () -> new Stage(name, Optional.empty(), variables, false, description, defaults, byRoute));
    }

    /** Makes a model value, recording what the model rejects under the value's path. */
    private static <T> Optional<T> build(Members m, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (InvalidModelException e) {
            for (Problem p : e.under(m.path()).problems()) {
                m.report(p);
            }
            return Optional.empty();
        }
    }

    private static <T> boolean add(List<T> list, Optional<T> value) {
        value.ifPresent(list::add);
        return value.isPresent();
    }

    /**
     * The parts of an API with problems that could be made with defaults in place of their bad
     * members (an integration with the default timeout, a route without its target): never served,
     * only checked, so that one run reports what serving would find as well.
     */
    private static final class StandIns {
        private final List<Integration> integrations = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();

        void integration(Supplier<Integration> make) {
            quietly(make).ifPresent(integrations::add);
        }

        void route(Supplier<Route> make) {
            quietly(make).ifPresent(routes::add);
        }

        /** The API as far as it was read; targets are left out, as checking binds every integration anyway. */
        Optional<Api> api(
                Api.Builder api,
                List<Integration> read,
                List<Authorizer> authorizers,
                List<Route> readRoutes,
                List<Stage> stages) {
            authorizers.forEach(api::authorizer);
            var ids = new java.util.HashSet<String>();
            var keys = new java.util.HashSet<String>();
            var names = new java.util.HashSet<String>();
            for (Integration i : concat(read, integrations)) {
                if (ids.add(i.integrationId())) {
                    api.integration(i);
                }
            }
            for (Route r : concat(readRoutes, routes)) {
                if (keys.add(r.routeKey())) {
                    // A route naming an authorizer that could not be read is checked without it.
                    boolean known = r.authorizerId()
                            .flatMap(id -> Authorizer.find(authorizers, id))
                            .isPresent();
                    boolean custom = r.authorizationType() == AuthorizationType.CUSTOM;
                    api.route(new Route(
                            r.routeId(),
                            r.routeKey(),
                            Optional.empty(),
                            custom && !known ? AuthorizationType.NONE : r.authorizationType(),
                            custom && !known ? Optional.empty() : r.authorizerId(),
                            r.apiKeyRequired(),
                            r.routeResponseSelectionExpression(),
                            r.routeResponses()));
                }
            }
            stages.stream().filter(s -> names.add(s.stageName())).forEach(api::stage);
            return quietly(api::build);
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            var all = new ArrayList<T>(a);
            all.addAll(b);
            return all;
        }

        /** The value, or empty when the model refuses it: its problems are reported already. */
        private static <T> Optional<T> quietly(Supplier<T> make) {
            try {
                return Optional.of(make.get());
            } catch (IllegalArgumentException e) { // InvalidModelException among them
                return Optional.empty();
            }
        }
    }
}
