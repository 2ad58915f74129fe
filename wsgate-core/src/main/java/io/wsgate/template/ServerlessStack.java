package io.wsgate.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code serverless.yml} (framework v3) compiled to the CloudFormation template the framework
 * would deploy for its WebSocket part, with the framework's logical ids, so that its {@code
 * resources} section, which is CloudFormation merged into that template, can refer to them:
 *
 * <ul>
 *   <li>{@code WebsocketsApi}: named {@code provider.websocketsApiName}, else {@code
 *       {stage}-{service}-websockets}, routes chosen by {@code
 *       provider.websocketsApiRouteSelectionExpression}, else {@code $request.body.action};
 *   <li>per function, {@code {Name}LambdaFunction} (named {@code {service}-{stage}-{key}} unless it
 *       has a {@code name}; runtime, timeout, memory size and environment its own over the
 *       provider's; code the service's directory, as the framework packages it) and, when it has
 *       {@code websocket} events, {@code {Name}WebsocketsIntegration} ({@code AWS_PROXY});
 *   <li>per {@code websocket} event ({@code websocket: $connect} or {@code {route,
 *       routeResponseSelectionExpression, authorizer}}), {@code {Route}WebsocketsRoute}, with
 *       {@code {Route}WebsocketsRouteResponse} ({@code $default}) when it selects responses; an
 *       {@code authorizer} (a function's key, or {@code {name, identitySource}}) on {@code
 *       $connect} becomes {@code {Name}WebsocketsAuthorizer}, a REQUEST authorizer on {@code
 *       route.request.header.Auth} unless it names its sources;
 *   <li>{@code WebsocketsDeployment} and the stage {@code WebsocketsDeploymentStage}, and the output
 *       {@code ServiceEndpointWebsocket}, the stage's {@code wss://} URL.
 * </ul>
 *
 * {@code Name} is the key with its first letter capitalized, {@code -} written {@code Dash} and
 * {@code _} {@code Underscore}; {@code Route} the route key with {@code $} written {@code S} and
 * other characters that are not letters or digits left out. Events of other kinds ({@code http},
 * {@code sqs}, ...) are listed as not served. Variables must be resolved first ({@link
 * ServerlessVariables}).
 */
public final class ServerlessStack {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Runs where the file names none: the framework's own default is older than what runs here. */
    static final String DEFAULT_RUNTIME = "nodejs20.x";

    private final JsonNode file;
    private final String stage;
    private final List<Problem> problems;
    private final List<String> notServed = new ArrayList<>();

    private ServerlessStack(JsonNode file, String stage, List<Problem> problems) {
        this.file = file;
        this.stage = stage;
        this.problems = problems;
    }

    /** The compiled template, and what the file asks for that is not served, each with its path. */
    public record Compiled(String stackName, ObjectNode template, List<String> notServed) {}

    /** Whether {@code document} is a serverless service: {@code service} and {@code provider} at the top. */
    public static boolean is(JsonNode document) {
        return document.has("service") && document.has("provider") && !document.has("Resources");
    }

    /**
     * {@code file} (its variables resolved) compiled for {@code stage}; problems, each with its
     * path in the file, added to {@code problems}.
     */
    public static Compiled compile(JsonNode file, String stage, List<Problem> problems) {
        return new ServerlessStack(file, stage, problems).compile();
    }

    private Compiled compile() {
        String service = file.path("service").isObject()
                ? file.path("service").path("name").asText("")
                : file.path("service").asText("");
        if (service.isEmpty()) {
            problems.add(new Problem("service", "missing (expected: the service's name)"));
        }
        JsonNode provider = file.path("provider");
        if (!provider.path("name").asText("aws").equals("aws")) {
            problems.add(
                    new Problem("provider.name", "'" + provider.path("name").asText() + "' (expected: aws)"));
        }
        ObjectNode template = JSON.objectNode();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        ObjectNode resources = template.putObject("Resources");
        ObjectNode outputs = template.putObject("Outputs");

        var routes = new LinkedHashMap<String, ObjectNode>(); // route key → its event, with the function
        file.path("functions").fields().forEachRemaining(f -> function(service, f.getKey(), f.getValue(), resources));
        file.path("functions").fields().forEachRemaining(f -> {
            JsonNode events = f.getValue().path("events");
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = events.get(i);
                String path = "functions." + f.getKey() + ".events[" + i + "]";
                if (!event.has("websocket")) {
                    event.fieldNames().forEachRemaining(kind -> notServed.add(kind + " event " + path));
                    continue;
                }
                JsonNode websocket = event.get("websocket");
                String route = websocket.isTextual()
                        ? websocket.asText()
                        : websocket.path("route").asText("");
                if (route.isEmpty()) {
                    problems.add(
                            new Problem(path + ".websocket.route", "missing (expected: a route key such as $connect)"));
                    continue;
                }
                if (routes.containsKey(route)) {
                    problems.add(new Problem(
                            path + ".websocket.route",
                            "'" + route + "' is already the route of "
                                    + routes.get(route).path("function").asText()));
                    continue;
                }
                ObjectNode entry = JSON.objectNode();
                entry.put("function", f.getKey());
                entry.put("path", path + ".websocket");
                entry.set("event", websocket.isObject() ? websocket : JSON.objectNode());
                routes.put(route, entry);
            }
        });
        if (!routes.isEmpty()) {
            websockets(service, provider, routes, resources, outputs);
        }

        JsonNode extra = file.path("resources");
        for (String section : List.of("Resources", "Outputs", "Conditions", "Parameters", "Mappings")) {
            extra.path(section).fields().forEachRemaining(e -> {
                ObjectNode into = template.with(section);
                if (into.has(e.getKey())) {
                    problems.add(new Problem(
                            "resources." + section + "." + e.getKey(),
                            "is already a logical id of the compiled stack (the framework would merge them;"
                                    + " wsgate does not)"));
                } else {
                    into.set(e.getKey(), e.getValue());
                }
            });
        }
        return new Compiled(service + "-" + stage, template, List.copyOf(notServed));
    }

    private void function(String service, String key, JsonNode function, ObjectNode resources) {
        JsonNode provider = file.path("provider");
        String path = "functions." + key;
        if (function.has("image")) {
            problems.add(new Problem(path + ".image", "container images are not run here (expected: handler)"));
            return;
        }
        ObjectNode properties = JSON.objectNode();
        properties.put("FunctionName", function.path("name").asText(service + "-" + stage + "-" + key));
        properties.put("Handler", function.path("handler").asText(""));
        properties.put(
                "Runtime",
                function.path("runtime").asText(provider.path("runtime").asText(DEFAULT_RUNTIME)));
        properties.put(
                "Timeout",
                function.path("timeout").asInt(provider.path("timeout").asInt(6)));
        properties.put(
                "MemorySize",
                function.path("memorySize").asInt(provider.path("memorySize").asInt(1024)));
        ObjectNode variables = JSON.objectNode();
        for (JsonNode environment : List.of(provider.path("environment"), function.path("environment"))) {
            environment.fields().forEachRemaining(v -> variables.set(v.getKey(), v.getValue()));
        }
        if (!variables.isEmpty()) {
            properties.putObject("Environment").set("Variables", variables);
        }
        properties.putObject("Code").put("LocalPath", ".");
        ObjectNode resource = resources.putObject(name(key) + "LambdaFunction");
        resource.put("Type", "AWS::Lambda::Function");
        resource.set("Properties", properties);
        if (function.path("handler").asText("").isEmpty()) {
            problems.add(new Problem(path + ".handler", "missing (expected: file.export, as handler.connect)"));
        }
    }

    private void websockets(
            String service,
            JsonNode provider,
            Map<String, ObjectNode> routes,
            ObjectNode resources,
            ObjectNode outputs) {
        ObjectNode api = resources.putObject("WebsocketsApi");
        api.put("Type", "AWS::ApiGatewayV2::Api");
        api.putObject("Properties")
                .put("Name", provider.path("websocketsApiName").asText(stage + "-" + service + "-websockets"))
                .put(
                        "RouteSelectionExpression",
                        provider.path("websocketsApiRouteSelectionExpression").asText("$request.body.action"))
                .put("Description", provider.path("websocketsDescription").asText("Serverless Websockets"))
                .put("ProtocolType", "WEBSOCKET");

        var integrated = new java.util.HashSet<String>();
        ArrayNode dependsOn = JSON.arrayNode();
        routes.forEach((route, entry) -> {
            String function = entry.path("function").asText();
            String integration = name(function) + "WebsocketsIntegration";
            if (integrated.add(function)) {
                ObjectNode resource = resources.putObject(integration);
                resource.put("Type", "AWS::ApiGatewayV2::Integration");
                ObjectNode properties = resource.putObject("Properties");
                properties.set("ApiId", ref("WebsocketsApi"));
                properties.put("IntegrationType", "AWS_PROXY");
                properties.set("IntegrationUri", invocationUri(name(function) + "LambdaFunction"));
            }
            JsonNode event = entry.path("event");
            String routeId = routeName(route) + "WebsocketsRoute";
            if (resources.has(routeId)) {
                problems.add(new Problem(
                        entry.path("path").asText() + ".route",
                        "'" + route + "' makes the logical id " + routeId + ", as another route does"));
                return;
            }
            dependsOn.add(routeId);
            ObjectNode properties = JSON.objectNode();
            properties.set("ApiId", ref("WebsocketsApi"));
            properties.put("RouteKey", route);
            properties.put("AuthorizationType", "NONE");
            properties.set(
                    "Target",
                    JSON.objectNode()
                            .set(
                                    "Fn::Join",
                                    JSON.arrayNode()
                                            .add("/")
                                            .add(JSON.arrayNode()
                                                    .add("integrations")
                                                    .add(ref(integration)))));
            if (event.has("routeResponseSelectionExpression")) {
                properties.put(
                        "RouteResponseSelectionExpression",
                        event.path("routeResponseSelectionExpression").asText());
                ObjectNode response = resources.putObject(routeName(route) + "WebsocketsRouteResponse");
                response.put("Type", "AWS::ApiGatewayV2::RouteResponse");
                response.putObject("Properties")
                        .put("RouteResponseKey", "$default")
                        .set("ApiId", ref("WebsocketsApi"));
                ((ObjectNode) response.get("Properties")).set("RouteId", ref(routeId));
            }
            if (event.has("authorizer")) {
                authorizer(route, entry, event.get("authorizer"), properties, resources);
            }
            ObjectNode resource = resources.putObject(routeId);
            resource.put("Type", "AWS::ApiGatewayV2::Route");
            resource.set("Properties", properties);
        });

        ObjectNode deployment = resources.putObject("WebsocketsDeployment");
        deployment.put("Type", "AWS::ApiGatewayV2::Deployment");
        deployment.set("DependsOn", dependsOn);
        deployment.putObject("Properties").set("ApiId", ref("WebsocketsApi"));
        ObjectNode stageResource = resources.putObject("WebsocketsDeploymentStage");
        stageResource.put("Type", "AWS::ApiGatewayV2::Stage");
        stageResource.putObject("Properties").put("StageName", stage).set("ApiId", ref("WebsocketsApi"));
        ((ObjectNode) stageResource.get("Properties")).set("DeploymentId", ref("WebsocketsDeployment"));
        outputs.putObject("ServiceEndpointWebsocket")
                .put("Description", "URL of the service endpoint")
                .set(
                        "Value",
                        JSON.objectNode()
                                .set(
                                        "Fn::Join",
                                        JSON.arrayNode()
                                                .add("")
                                                .add(JSON.arrayNode()
                                                        .add("wss://")
                                                        .add(ref("WebsocketsApi"))
                                                        .add(".execute-api.")
                                                        .add(ref("AWS::Region"))
                                                        .add(".")
                                                        .add(ref("AWS::URLSuffix"))
                                                        .add("/" + stage))));
    }

    private void authorizer(
            String route, ObjectNode entry, JsonNode authorizer, ObjectNode routeProperties, ObjectNode resources) {
        String path = entry.path("path").asText() + ".authorizer";
        if (!route.equals("$connect")) {
            problems.add(new Problem(path, "only the $connect route takes an authorizer, as on AWS"));
            return;
        }
        String function = authorizer.isTextual()
                ? authorizer.asText()
                : authorizer.path("name").asText("");
        if (function.isEmpty() || !file.path("functions").has(function)) {
            problems.add(new Problem(
                    path,
                    (function.isEmpty() ? "names no function" : "'" + function + "' is not a function of this service")
                            + " (expected: the key of one under functions, or {name, identitySource})"));
            return;
        }
        ArrayNode sources = JSON.arrayNode();
        JsonNode declared = authorizer.path("identitySource");
        if (declared.isTextual()) {
            sources.add(declared.asText());
        } else if (declared.isArray()) {
            declared.forEach(sources::add);
        } else {
            sources.add("route.request.header.Auth");
        }
        String id = name(function) + "WebsocketsAuthorizer";
        ObjectNode resource = resources.putObject(id);
        resource.put("Type", "AWS::ApiGatewayV2::Authorizer");
        ObjectNode properties = resource.putObject("Properties");
        properties.set("ApiId", ref("WebsocketsApi"));
        properties.put("Name", function);
        properties.put("AuthorizerType", "REQUEST");
        properties.set("AuthorizerUri", invocationUri(name(function) + "LambdaFunction"));
        properties.set("IdentitySource", sources);
        routeProperties.put("AuthorizationType", "CUSTOM");
        routeProperties.set("AuthorizerId", ref(id));
    }

    private static JsonNode invocationUri(String functionId) {
        return JSON.objectNode()
                .set(
                        "Fn::Join",
                        JSON.arrayNode()
                                .add("")
                                .add(JSON.arrayNode()
                                        .add("arn:")
                                        .add(ref("AWS::Partition"))
                                        .add(":apigateway:")
                                        .add(ref("AWS::Region"))
                                        .add(":lambda:path/2015-03-31/functions/")
                                        .add(JSON.objectNode()
                                                .set(
                                                        "Fn::GetAtt",
                                                        JSON.arrayNode()
                                                                .add(functionId)
                                                                .add("Arn")))
                                        .add("/invocations")));
    }

    private static ObjectNode ref(String id) {
        return JSON.objectNode().put("Ref", id);
    }

    /** The framework's normalized function name: {@code send-message_v2} → {@code SendDashmessageUnderscorev2}. */
    static String name(String key) {
        String spelled = key.replace("-", "Dash").replace("_", "Underscore");
        return spelled.isEmpty() ? spelled : spelled.substring(0, 1).toUpperCase(Locale.ROOT) + spelled.substring(1);
    }

    /** A route key as part of a logical id: {@code $connect} → {@code Sconnect}. */
    static String routeName(String route) {
        String spelled = route.replace("$", "S").replaceAll("[^A-Za-z0-9]", "");
        return spelled.isEmpty() ? "Route" : spelled.substring(0, 1).toUpperCase(Locale.ROOT) + spelled.substring(1);
    }
}
