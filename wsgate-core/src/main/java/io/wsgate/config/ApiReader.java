package io.wsgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.BinaryMessages;
import io.wsgate.model.Deployment;
import io.wsgate.model.Integration;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Limits;
import io.wsgate.model.Problem;
import io.wsgate.model.Route;
import io.wsgate.model.RouteResponse;
import io.wsgate.model.Stage;
import io.wsgate.model.shape.ApiDocuments;
import io.wsgate.model.shape.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads one entry of {@code apis} into an {@link Api}. Each resource is an apigatewayv2 document,
 * read against the service's own {@link Shapes} (every member the service has is accepted, with its
 * type and length checked) and made into the model by {@link ApiDocuments}, as the control plane's
 * stored documents are; the file adds ids, nested lists and {@code limits}.
 */
final class ApiReader {
    /** Members of an HTTP API, which the service refuses for WebSocket APIs. */
    private static final List<String> HTTP_ONLY = List.of("corsConfiguration", "credentialsArn", "routeKey", "target");

    private ApiReader() {}

    /**
     * The API, or empty when it has problems (all of them recorded). An API with problems is added
     * to {@code incomplete} as far as it could be read, with stand-ins for the parts that could not
     * (see {@link ConfigFile#incompleteApis()}), so that what would stop it from being served is
     * found in the same run.
     */
    static Optional<Api> read(Members m, List<Api> incomplete) {
        ObjectNode doc = m.shaped(Shapes.API, "apiId", "limits", "integrations", "authorizers", "routes", "stages")
                .doc();
        String name = required(m, doc, "name", "the API's name");
        Optional<String> apiId = m.string("apiId");
        String selection = required(m, doc, "routeSelectionExpression", "an expression such as $request.body.action");
        String apiKeySelection = doc.path("apiKeySelectionExpression").asText(Api.DEFAULT_API_KEY_SELECTION);
        boolean disableExecuteApi = doc.path("disableExecuteApiEndpoint").asBoolean(false);
        Optional<String> description = ApiDocuments.text(doc, "description");
        ApiDocuments.text(doc, "protocolType")
                .filter(type -> !type.equals("WEBSOCKET"))
                .ifPresent(type -> m.problem("protocolType", "'" + type + "' is not served (expected: WEBSOCKET)"));
        for (String httpOnly : HTTP_ONLY) {
            if (doc.has(httpOnly)) {
                m.problem(httpOnly, "only HTTP APIs have it");
            }
        }
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
        Members.Shaped shaped = m.shaped(Shapes.INTEGRATION, "integrationId", "integrationResponses");
        ObjectNode doc = shaped.doc();
        String id = m.required("integrationId", "an id that routes name in their target");
        String type = required(m, doc, "integrationType", "one of AWS_PROXY, HTTP_PROXY, MOCK");
        var responses = new ArrayList<JsonNode>();
        boolean complete = shaped.complete();
        for (Members r : m.objects("integrationResponses", "integrationResponseKey")) {
            complete &= add(responses, integrationResponse(r));
        }
        m.finish();
        if (id == null || type == null) {
            return Optional.empty();
        }
        doc.put("integrationId", id);
        Optional<Integration> integration =
                complete ? build(m, () -> ApiDocuments.integration(doc, responses)) : Optional.empty();
        if (integration.isEmpty()) {
            ObjectNode standIn = doc.deepCopy();
            standIn.remove(List.of("integrationMethod", "timeoutInMillis"));
            standIns.integration(() -> ApiDocuments.integration(standIn, responses));
        }
        return integration;
    }

    private static Optional<JsonNode> integrationResponse(Members m) {
        Members.Shaped shaped = m.shaped(Shapes.INTEGRATION_RESPONSE, "integrationResponseId");
        ObjectNode doc = shaped.doc();
        String key = required(m, doc, "integrationResponseKey", "$default or a pattern such as /2\\d\\d/");
        Optional<String> id = m.string("integrationResponseId");
        m.finish();
        if (key == null || !shaped.complete()) {
            return Optional.empty();
        }
        doc.put("integrationResponseId", id.orElse(key));
        return build(m, () -> ApiDocuments.integrationResponse(doc)).map(r -> doc);
    }

    private static Optional<Authorizer> authorizer(Members m) {
        Members.Shaped shaped = m.shaped(Shapes.AUTHORIZER, "authorizerId");
        ObjectNode doc = shaped.doc();
        String name = required(m, doc, "name", "the authorizer's name");
        Optional<String> id = m.string("authorizerId");
        boolean complete = shaped.complete();
        if (doc.path("authorizerType").asText().equals("JWT")) {
            if (m.node("jwtConfiguration").isEmpty()) {
                m.problem("jwtConfiguration", "missing (expected: issuer and audience, for a JWT authorizer)");
                complete = false;
            } else if (!doc.path("jwtConfiguration").hasNonNull("issuer")) {
                m.problem(
                        "jwtConfiguration.issuer",
                        "missing (expected: the token issuer's URL, such as https://login.example.com/)");
                complete = false;
            }
        } else {
            doc.put("authorizerType", "REQUEST");
            complete &= required(
                            m,
                            doc,
                            "authorizerUri",
                            "the function's URI, such as arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/"
                                    + "functions/arn:aws:lambda:us-east-1:000000000000:function:Auth/invocations")
                    != null;
        }
        m.finish();
        if (name == null || !complete) {
            return Optional.empty();
        }
        doc.put("authorizerId", id.orElse(name));
        return build(m, () -> ApiDocuments.authorizer(doc));
    }

    private static Optional<Route> route(Members m, StandIns standIns) {
        Members.Shaped shaped = m.shaped(Shapes.ROUTE, "routeId", "routeResponses");
        ObjectNode doc = shaped.doc();
        String key = required(m, doc, "routeKey", "$connect, $disconnect, $default or a custom key");
        Optional<String> id = m.string("routeId");
        var responses = new ArrayList<JsonNode>();
        boolean complete = shaped.complete();
        for (Members r : m.objects("routeResponses", "routeResponseKey")) {
            Members.Shaped response = r.shaped(Shapes.ROUTE_RESPONSE, "routeResponseId");
            String responseKey = required(r, response.doc(), "routeResponseKey", "$default");
            Optional<String> responseId = r.string("routeResponseId");
            r.finish();
            if (responseKey == null || !response.complete()) {
                complete = false;
                continue;
            }
            response.doc().put("routeResponseId", responseId.orElse(responseKey));
            complete &= add(
                    responses,
                    build(r, () -> new RouteResponse(responseId.orElse(responseKey), responseKey))
                            .map(made -> response.doc()));
        }
        m.finish();
        if (key == null) {
            return Optional.empty();
        }
        String routeId = id.orElse(key);
        doc.put("routeId", routeId);
        // A route response selection expression alone makes the route two-way, as the Serverless
        // Framework and CDK's returnResponse do by creating the $default route response with it.
        if (doc.has("routeResponseSelectionExpression") && responses.isEmpty()) {
            responses.add(JsonNodeFactory.instance
                    .objectNode()
                    .put("routeResponseId", routeId + "-response")
                    .put("routeResponseKey", RouteResponse.DEFAULT_KEY));
        }
        Optional<Route> route = complete ? build(m, () -> ApiDocuments.route(doc, responses)) : Optional.empty();
        if (route.isEmpty()) {
            // What the checks made when serving look at: the key and the authorization asked for.
            AuthorizationType authorization =
                    AuthorizationType.valueOf(doc.path("authorizationType").asText("NONE"));
            standIns.route(() -> new Route(
                    routeId,
                    key,
                    Optional.empty(),
                    authorization,
                    ApiDocuments.text(doc, "authorizerId").or(() -> Optional.of("stand-in")),
                    doc.path("apiKeyRequired").asBoolean(false),
                    Optional.empty(),
                    List.of()));
        }
        return route;
    }

    private static Optional<Stage> stage(Members m) {
        Members.Shaped shaped = m.shaped(Shapes.STAGE);
        ObjectNode doc = shaped.doc();
        String name = required(m, doc, "stageName", "a stage name, such as dev");
        if (doc.has("deploymentId")) {
            m.problem("deploymentId", "not in wsgate's file: each stage serves the API as the file writes it");
            return Optional.empty();
        }
        m.finish();
        if (name == null || !shaped.complete()) {
            return Optional.empty();
        }
        doc.remove("autoDeploy"); // every stage of the file is deployed, as the file writes it
        return build(m, () -> ApiDocuments.stage(doc));
    }

    /**
     * A member the service requires, read already by the shape: its text, or {@code null} with a
     * problem when it is missing (a member of the wrong type has its problem already).
     */
    private static String required(Members m, ObjectNode doc, String name, String expected) {
        if (doc.hasNonNull(name)) {
            return doc.path(name).asText();
        }
        if (m.node(name).isEmpty()) {
            m.problem(name, "missing (expected: " + expected + ")");
        }
        return null;
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
