package io.wsgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.control.Answer;
import io.wsgate.control.ControlError;
import io.wsgate.control.ControlService;
import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.template.Intrinsics;
import io.wsgate.template.SamTransform;
import io.wsgate.template.TemplateText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A CloudFormation (or SAM) stack made local: its {@code AWS::ApiGatewayV2::*} resources created
 * through the control plane's {@link ControlService}, as the REST API would create them (the same
 * checks, ids and storage), its {@code AWS::Lambda::Function}s made local functions from their code
 * paths. Each resource is made when something first refers to it ({@code Ref}, {@code Fn::GetAtt},
 * {@code Fn::Sub}, {@code DependsOn}), so the order is the template's dependency order; a resource
 * that refers back to one being made is a problem. CloudFormation's property names are the REST
 * API's members capitalized, and are passed on as those members. Types wsgate does not need to run
 * the stack ({@code AWS::Lambda::Permission}, {@code AWS::IAM::*}, ...) are accepted and listed;
 * any other type is listed as not served. The stack's APIs carry the tag {@code
 * aws:cloudformation:stack-name}, and the APIs a previous run of the same stack left are deleted
 * first.
 */
final class TemplateStack {
    static final String STACK_TAG = io.wsgate.control.TemplateProperties.STACK_TAG;
    static final String LOGICAL_ID_TAG = io.wsgate.control.TemplateProperties.LOGICAL_ID_TAG;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Types accepted without being run: what only AWS's own services act on. */
    static final Set<String> ACCEPTED = Set.of(
            "AWS::Lambda::Permission",
            "AWS::IAM::Role",
            "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy",
            "AWS::CDK::Metadata",
            "AWS::S3::Bucket");

    private final JsonNode template;
    private final Path base;
    private final String stackName;
    private final Intrinsics.Pseudo pseudo;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, JsonNode> refs = new HashMap<>();
    private final Map<String, Map<String, JsonNode>> attributes = new HashMap<>();
    private final Set<String> making = new LinkedHashSet<>();
    private final Map<String, RuntimeFunction> functions = new LinkedHashMap<>();
    private final List<String> accepted = new ArrayList<>();
    private final Map<String, java.util.OptionalInt> logGroups = new LinkedHashMap<>();
    private final List<String> notServed = new ArrayList<>();
    private final Intrinsics intrinsics;
    private ControlService service;
    private java.net.URI dynamodb; // null: tables are listed, not made
    /** The APIs an earlier run of this stack made, by logical id: updated in place, so their ids and connections stay. */
    private final Map<String, String> previous = new HashMap<>();

    /**
     * @param text the template's text; {@code base} the directory its code paths are relative to
     */
    TemplateStack(
            String text, Path base, String stackName, Map<String, String> overrides, String region, String account) {
        this(TemplateText.read(text), base, stackName, overrides, region, account);
    }

    /** A stack of a template already read ({@code parsed}'s problems are the stack's first). */
    TemplateStack(
            TemplateText.Parsed parsed,
            Path base,
            String stackName,
            Map<String, String> overrides,
            String region,
            String account) {
        problems.addAll(parsed.problems());
        JsonNode root = parsed.root();
        JsonNode transforms = root.path("Transform");
        for (JsonNode transform :
                transforms.isArray() ? transforms : JSON.arrayNode().add(transforms)) {
            if (!transform.isMissingNode() && !transform.asText().equals("AWS::Serverless-2016-10-31")) {
                problems.add(new Problem(
                        "Transform",
                        "'" + (transform.isTextual() ? transform.asText() : transform.toString())
                                + "' is not run here (macros run in AWS; the one transform read is"
                                + " AWS::Serverless-2016-10-31)"));
            }
        }
        if (root instanceof ObjectNode object && SamTransform.applies(root)) {
            root = SamTransform.expand(object, problems);
        }
        this.template = root;
        this.base = base;
        this.stackName = stackName;
        this.pseudo = new Intrinsics.Pseudo(region, account, stackName);
        Set<String> ids = new HashSet<>();
        template.path("Resources").fieldNames().forEachRemaining(ids::add);
        this.intrinsics = new Intrinsics(
                template,
                overrides,
                pseudo,
                new Intrinsics.Resources() {
                    @Override
                    public Set<String> ids() {
                        return ids;
                    }

                    @Override
                    public JsonNode ref(String logicalId) {
                        make(logicalId);
                        return refs.getOrDefault(logicalId, JSON.missingNode());
                    }

                    @Override
                    public Optional<JsonNode> attribute(String logicalId, String attribute) {
                        make(logicalId);
                        return Optional.ofNullable(
                                attributes.getOrDefault(logicalId, Map.of()).get(attribute));
                    }
                },
                problems);
        if (!template.has("Resources")) {
            problems.add(new Problem("Resources", "missing (expected: the stack's resources)"));
        }
    }

    /** Makes every resource through {@code service}; returns the local functions the stack needs. */
    List<RuntimeFunction> make(ControlService service) {
        return make(service, null);
    }

    /**
     * As above, making the stack's {@code AWS::DynamoDB::Table}s in the DynamoDB at {@code dynamodb}
     * (null for none) and giving every function that endpoint as {@code AWS_ENDPOINT_URL_DYNAMODB},
     * which the AWS SDKs read.
     */
    List<RuntimeFunction> make(ControlService service, java.net.URI dynamodb) {
        this.service = service;
        this.dynamodb = dynamodb;
        findPrevious();
        template.path("Resources").fieldNames().forEachRemaining(this::make);
        deleteLeftOver();
        if (dynamodb == null) {
            return List.copyOf(functions.values());
        }
        return functions.values().stream()
                .map(f -> {
                    var variables = new LinkedHashMap<>(f.variables());
                    variables.putIfAbsent("AWS_ENDPOINT_URL_DYNAMODB", dynamodb.toString());
                    return f.withVariables(variables);
                })
                .toList();
    }

    List<Problem> problems() {
        return problems;
    }

    /** The types accepted without being run, and those not served, each with its logical id. */
    List<String> accepted() {
        return accepted;
    }

    List<String> notServed() {
        return notServed;
    }

    /** The stack's outputs, resolved. */
    JsonNode outputs() {
        return intrinsics.resolve(template.path("Outputs"), "Outputs");
    }

    /**
     * Finds the APIs an earlier run of this stack made: those with its logical id tag are kept to be
     * updated in place; any other of the stack's (made before that tag was) is deleted.
     */
    private void findPrevious() {
        JsonNode apis = call("GET", "/v2/apis", null, "Resources");
        for (JsonNode api : apis.path("items")) {
            JsonNode tags = api.path("tags");
            if (!stackName.equals(tags.path(STACK_TAG).asText(null))) {
                continue;
            }
            String logicalId = tags.path(LOGICAL_ID_TAG).asText("");
            if (logicalId.isEmpty()) {
                call("DELETE", "/v2/apis/" + api.path("apiId").asText(), null, "Resources");
            } else {
                previous.put(logicalId, api.path("apiId").asText());
            }
        }
    }

    /** Deletes the earlier run's APIs that this run did not make again. */
    private void deleteLeftOver() {
        previous.forEach((logicalId, apiId) -> {
            if (!refs.containsKey(logicalId)
                    || !apiId.equals(refs.get(logicalId).asText())) {
                call("DELETE", "/v2/apis/" + apiId, null, "Resources." + logicalId);
            }
        });
    }

    /**
     * An earlier run's API updated to {@code body}: its routes, integrations and authorizers deleted
     * (the template makes them again), its stages and deployments kept, so that its URL and the
     * connections on it stay.
     */
    private JsonNode update(String apiId, ObjectNode body, String path) {
        for (String collection : List.of("routes", "integrations", "authorizers")) {
            String idMember = collection.equals("routes")
                    ? "routeId"
                    : collection.equals("integrations") ? "integrationId" : "authorizerId";
            for (JsonNode item : call("GET", "/v2/apis/" + apiId + "/" + collection, null, path)
                    .path("items")) {
                call(
                        "DELETE",
                        "/v2/apis/" + apiId + "/" + collection + "/"
                                + item.path(idMember).asText(),
                        null,
                        path);
            }
        }
        return call("PATCH", "/v2/apis/" + apiId, body, path);
    }

    private void make(String id) {
        if (refs.containsKey(id)) {
            return;
        }
        String path = "Resources." + id;
        if (!making.add(id)) {
            problems.add(new Problem(path, "refers to itself, through " + String.join(" → ", making)));
            refs.put(id, JSON.missingNode());
            return;
        }
        try {
            JsonNode resource = template.path("Resources").path(id);
            if (resource.has("Condition")
                    && !intrinsics.condition(resource.get("Condition").asText(), path)) {
                refs.put(id, JSON.missingNode());
                return;
            }
            JsonNode dependsOn = resource.path("DependsOn");
            for (JsonNode d : dependsOn.isArray() ? dependsOn : JSON.arrayNode().add(dependsOn)) {
                if (d.isTextual()) {
                    make(d.asText());
                }
            }
            String type = resource.path("Type").asText();
            int before = problems.size();
            JsonNode properties = intrinsics.resolve(resource.path("Properties"), path + ".Properties");
            refs.put(id, JSON.textNode(id)); // what it is until made
            if (io.wsgate.control.TemplateProperties.reads(type)) {
                var members = io.wsgate.control.TemplateProperties.members(type, properties, path + ".Properties");
                problems.addAll(members.problems());
                if (problems.size() == before) { // else the call would only say again what is wrong
                    apigatewayv2(id, path, type, members.body());
                }
                return;
            }
            switch (type) {
                case "AWS::Lambda::Function" -> function(id, path, resource, properties);
                case "AWS::Lambda::Version", "AWS::Lambda::Alias" -> qualified(id, type, properties);
                case "AWS::DynamoDB::Table" -> table(id, path, properties);
                case "AWS::Logs::LogGroup" -> logGroup(id, path, properties);
                case "AWS::CloudFormation::Stack" ->
                    problems.add(new Problem(
                            path + ".Type",
                            "nested stacks are not made here (their template is in S3 on AWS): give the nested"
                                    + " template its own --template"));
                default -> {
                    refs.put(id, JSON.textNode(id));
                    attributes.put(
                            id,
                            Map.of(
                                    "Arn",
                                    JSON.textNode("arn:aws:" + service(type) + ":" + pseudo.region() + ":"
                                            + pseudo.accountId() + ":" + id)));
                    (ACCEPTED.contains(type) ? accepted : notServed).add(type + " " + id);
                }
            }
        } finally {
            making.remove(id);
        }
    }

    /** An apigatewayv2 resource made through the REST API's operation that creates it, with {@code body}. */
    private void apigatewayv2(String id, String path, String type, ObjectNode body) {
        String apiId = body.path("apiId").asText("");
        body.remove("apiId");
        switch (type) {
            case "AWS::ApiGatewayV2::Api" -> {
                body.with("tags").put(STACK_TAG, stackName).put(LOGICAL_ID_TAG, id);
                String earlier = previous.get(id);
                JsonNode api = earlier != null ? update(earlier, body, path) : call("POST", "/v2/apis", body, path);
                refs.put(id, api.path("apiId"));
                attributes.put(id, Map.of("ApiId", api.path("apiId"), "ApiEndpoint", api.path("apiEndpoint")));
            }
            case "AWS::ApiGatewayV2::Integration" -> made(id, apiId, "integrations", body, path, "integrationId");
            case "AWS::ApiGatewayV2::Route" -> made(id, apiId, "routes", body, path, "routeId");
            case "AWS::ApiGatewayV2::Authorizer" -> made(id, apiId, "authorizers", body, path, "authorizerId");
            case "AWS::ApiGatewayV2::Deployment" -> made(id, apiId, "deployments", body, path, "deploymentId");
            case "AWS::ApiGatewayV2::Stage" -> {
                String stage = body.path("stageName").asText("");
                JsonNode made = exists("/v2/apis/" + apiId + "/stages/" + stage)
                        ? call("PATCH", "/v2/apis/" + apiId + "/stages/" + stage, without(body, "stageName"), path)
                        : call("POST", "/v2/apis/" + apiId + "/stages", body, path);
                refs.put(id, made.path("stageName"));
            }
            case "AWS::ApiGatewayV2::RouteResponse" -> {
                String route = text(body.remove("routeId"));
                made(id, apiId, "routes/" + route + "/routeresponses", body, path, "routeResponseId");
            }
            case "AWS::ApiGatewayV2::IntegrationResponse" -> {
                String integration = text(body.remove("integrationId"));
                made(
                        id,
                        apiId,
                        "integrations/" + integration + "/integrationresponses",
                        body,
                        path,
                        "integrationResponseId");
            }
            case "AWS::ApiGatewayV2::DomainName" -> {
                String name = body.path("domainName").asText("");
                JsonNode domain = exists("/v2/domainnames/" + name)
                        ? call("PATCH", "/v2/domainnames/" + name, without(body, "domainName"), path)
                        : call("POST", "/v2/domainnames", body, path);
                refs.put(id, domain.path("domainName"));
                JsonNode configuration = domain.path("domainNameConfigurations").path(0);
                attributes.put(
                        id,
                        Map.of(
                                "RegionalDomainName", configuration.path("apiGatewayDomainName"),
                                "RegionalHostedZoneId", configuration.path("hostedZoneId"),
                                "DomainName", domain.path("domainName")));
            }
            case "AWS::ApiGatewayV2::ApiMapping" -> {
                String domain = text(body.remove("domainName"));
                body.put("apiId", apiId);
                String mappings = "/v2/domainnames/" + domain + "/apimappings";
                String key = body.path("apiMappingKey").asText("");
                String earlier = "";
                if (exists("/v2/domainnames/" + domain)) {
                    for (JsonNode m : call("GET", mappings, null, path).path("items")) {
                        if (m.path("apiMappingKey").asText("").equals(key)) {
                            earlier = m.path("apiMappingId").asText();
                        }
                    }
                }
                JsonNode mapping = earlier.isEmpty()
                        ? call("POST", mappings, body, path)
                        : call("PATCH", mappings + "/" + earlier, body, path);
                refs.put(id, mapping.path("apiMappingId"));
            }
            default -> throw new IllegalStateException("TemplateProperties reads " + type + " but it is not made");
        }
    }

    /** A resource under an API: {@code POST /v2/apis/{apiId}/{collection}}; its {@code Ref} is {@code idMember}. */
    private void made(String id, String apiId, String collection, ObjectNode body, String path, String idMember) {
        JsonNode made = call("POST", "/v2/apis/" + apiId + "/" + collection, body, path);
        refs.put(id, made.path(idMember));
    }

    private static String text(JsonNode value) {
        return value == null ? "" : value.asText("");
    }

    /**
     * A function's version or alias: its {@code Ref} is the function's ARN with the qualifier, which
     * integrations resolve to the local function (every qualifier runs its one code).
     */
    private void qualified(String id, String type, JsonNode properties) {
        String function = properties.path("FunctionName").asText("");
        String arn = function.startsWith("arn:")
                ? function
                : "arn:aws:lambda:" + pseudo.region() + ":" + pseudo.accountId() + ":function:" + function;
        boolean version = type.equals("AWS::Lambda::Version");
        String qualifier = version ? "1" : properties.path("Name").asText(id);
        String qualifiedArn = arn + ":" + qualifier;
        refs.put(id, JSON.textNode(qualifiedArn));
        attributes.put(
                id,
                version
                        ? Map.of("Version", JSON.textNode(qualifier), "FunctionArn", JSON.textNode(arn))
                        : Map.of("AliasArn", JSON.textNode(qualifiedArn)));
        accepted.add(type + " " + id + " (runs " + function + ")");
    }

    /**
     * A log group: its name as {@code Ref}, its ARN as CloudFormation gives it (ending in {@code
     * :*}); its {@code RetentionInDays} is how long the access logs sent to it are kept.
     */
    private void logGroup(String id, String path, JsonNode properties) {
        String name = properties.path("LogGroupName").asText(stackName + "-" + id);
        refs.put(id, JSON.textNode(name));
        attributes.put(
                id,
                Map.of(
                        "Arn",
                        JSON.textNode("arn:aws:logs:" + pseudo.region() + ":" + pseudo.accountId() + ":log-group:"
                                + name + ":*")));
        JsonNode retention = properties.path("RetentionInDays");
        java.util.OptionalInt days = java.util.OptionalInt.empty();
        if (!retention.isMissingNode()) {
            String text = retention.asText();
            if (!text.matches("\\d{1,4}")
                    || !io.wsgate.config.AccessLogging.RETENTION_DAYS.contains(Integer.parseInt(text))) {
                problems.add(new Problem(
                        path + ".Properties.RetentionInDays",
                        "'" + text + "' (expected one of: " + io.wsgate.config.AccessLogging.RETENTION_DAYS + ")"));
                return;
            }
            days = java.util.OptionalInt.of(Integer.parseInt(text));
        }
        logGroups.put(name, days);
        accepted.add("AWS::Logs::LogGroup " + id + " (access logs in " + name + ", kept "
                + (days.isPresent() ? days.getAsInt() + " days" : "forever") + ")");
    }

    /** The stack's log groups, each with its retention (empty: forever). */
    Map<String, java.util.OptionalInt> logGroups() {
        return logGroups;
    }

    /** A table: its name as {@code Ref}; made with its keys in the local DynamoDB when there is one. */
    private void table(String id, String path, JsonNode properties) {
        String name = properties.path("TableName").asText(stackName + "-" + id);
        refs.put(id, JSON.textNode(name));
        String arn = "arn:aws:dynamodb:" + pseudo.region() + ":" + pseudo.accountId() + ":table/" + name;
        attributes.put(id, Map.of("Arn", JSON.textNode(arn), "StreamArn", JSON.textNode(arn + "/stream/local")));
        if (dynamodb == null) {
            accepted.add("AWS::DynamoDB::Table " + id + " (not made: no --dynamodb-endpoint)");
            return;
        }
        try {
            boolean made = LocalTables.create(dynamodb, pseudo.region(), name, properties);
            accepted.add("AWS::DynamoDB::Table " + id
                    + (made
                            ? " (made as " + name + " at " + dynamodb + ")"
                            : " (" + name + " was there already at " + dynamodb + ")"));
        } catch (RuntimeException e) {
            problems.add(new Problem(path, "cannot make table " + name + " at " + dynamodb + ": " + e.getMessage()));
        }
    }

    /** {@code AWS::Lambda::Function}'s properties (SAM's {@code CodeUri} and {@code InlineCode} too), and what each must be. */
    private static final Map<String, String> FUNCTION = Map.ofEntries(
            Map.entry("FunctionName", "string"),
            Map.entry("Runtime", "string"),
            Map.entry("Handler", "string"),
            Map.entry("Code", "object"),
            Map.entry("CodeUri", "string"),
            Map.entry("InlineCode", "string"),
            Map.entry("Timeout", "integer"),
            Map.entry("MemorySize", "integer"),
            Map.entry("Environment", "object"),
            Map.entry("ReservedConcurrentExecutions", "integer"),
            Map.entry("Role", "string"),
            Map.entry("Description", "string"),
            Map.entry("Architectures", "list"),
            Map.entry("Layers", "list"),
            Map.entry("Tags", "list"),
            Map.entry("TracingConfig", "object"),
            Map.entry("Tracing", "string"),
            Map.entry("VpcConfig", "object"),
            Map.entry("DeadLetterConfig", "object"),
            Map.entry("KmsKeyArn", "string"),
            Map.entry("EphemeralStorage", "object"),
            Map.entry("FileSystemConfigs", "list"),
            Map.entry("LoggingConfig", "object"),
            Map.entry("PackageType", "string"),
            Map.entry("ImageConfig", "object"),
            Map.entry("RecursiveLoop", "string"),
            Map.entry("RuntimeManagementConfig", "object"),
            Map.entry("SnapStart", "object"),
            Map.entry("CodeSigningConfigArn", "string"));

    /** Where inline code ({@code Code.ZipFile}, SAM's {@code InlineCode}) is written to run: in the data directory. */
    private Path inline;

    /** Inline code is written under {@code directory} (else in a temporary directory). */
    void inlineCodeIn(Path directory) {
        inline = directory;
    }

    /** {@code names} (what a serverless.yml asks for that is not served) lead the list of what is not served. */
    void notServedBefore(List<String> names) {
        notServed.addAll(0, names);
    }

    private void function(String id, String path, JsonNode resource, JsonNode properties) {
        String name = properties.path("FunctionName").asText(stackName + "-" + id);
        refs.put(id, JSON.textNode(name));
        attributes.put(
                id,
                Map.of(
                        "Arn",
                        JSON.textNode(
                                "arn:aws:lambda:" + pseudo.region() + ":" + pseudo.accountId() + ":function:" + name)));
        int before = problems.size();
        properties.fields().forEachRemaining(p -> {
            String where = path + ".Properties." + p.getKey();
            String expected = FUNCTION.get(p.getKey());
            if (expected == null) {
                problems.add(new Problem(
                        where,
                        "unknown property (expected one of: "
                                + String.join(", ", new java.util.TreeSet<>(FUNCTION.keySet())) + ")"));
            } else if (!is(p.getValue(), expected)) {
                problems.add(new Problem(where, "must be " + (expected.equals("integer") ? "an " : "a ") + expected));
            }
        });
        properties.path("Environment").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("Variables")) {
                problems.add(new Problem(
                        path + ".Properties.Environment." + e.getKey(), "unknown property (expected: Variables)"));
            }
        });
        properties.path("Environment").path("Variables").fields().forEachRemaining(v -> {
            if (!v.getValue().isValueNode()) {
                problems.add(new Problem(path + ".Properties.Environment.Variables." + v.getKey(), "must be a string"));
            }
        });
        String runtimeId = properties.path("Runtime").asText("");
        Optional<RuntimeFunction.Runtime> runtime = RuntimeFunction.Runtime.of(runtimeId);
        if (runtime.isEmpty()) {
            problems.add(new Problem(
                    path + ".Properties.Runtime",
                    "'" + runtimeId + "' is not run here (expected one" + " of: " + RuntimeFunction.Runtime.ids()
                            + ")"));
        }
        Optional<Path> code = code(id, path, resource, properties, runtime);
        if (problems.size() > before || code.isEmpty() || runtime.isEmpty()) {
            return;
        }
        var variables = new LinkedHashMap<String, String>();
        properties
                .path("Environment")
                .path("Variables")
                .fields()
                .forEachRemaining(v -> variables.put(v.getKey(), v.getValue().asText()));
        try {
            RuntimeFunction function = RuntimeFunction.of(
                            name, runtime.get(), properties.path("Handler").asText(""), code.get())
                    .withTimeout(Duration.ofSeconds(number(properties.path("Timeout"), 3)))
                    .withMemorySize(number(properties.path("MemorySize"), 128))
                    .withVariables(variables);
            functions.put(name, function);
        } catch (io.wsgate.model.InvalidModelException e) {
            e.problems().forEach(p -> problems.add(p.under(path + ".Properties")));
        }
    }

    /**
     * Where a function's code is: its CDK asset, {@code CodeUri} or {@code Code.LocalPath} (relative
     * to the template), which must be a directory or a {@code .zip}; or its inline code ({@code
     * Code.ZipFile}), written as Lambda writes it, {@code index.js} or {@code index.py}.
     */
    private Optional<Path> code(
            String id, String path, JsonNode resource, JsonNode properties, Optional<RuntimeFunction.Runtime> runtime) {
        String source = properties
                .path("Code")
                .path("ZipFile")
                .asText(properties.path("InlineCode").asText(""));
        if (!source.isEmpty()) {
            if (runtime.isEmpty()) {
                return Optional.empty();
            }
            try {
                if (inline == null) {
                    inline = java.nio.file.Files.createTempDirectory("wsgate-inline-");
                }
                Path dir = java.nio.file.Files.createDirectories(
                        inline.resolve(stackName).resolve(id));
                java.nio.file.Files.writeString(dir.resolve(runtime.get().node() ? "index.js" : "index.py"), source);
                return Optional.of(dir);
            } catch (java.io.IOException e) {
                problems.add(new Problem(path + ".Properties.Code.ZipFile", "cannot write it to run: " + e));
                return Optional.empty();
            }
        }
        String asset = resource.path("Metadata").path("aws:asset:path").asText("");
        String where = !asset.isEmpty()
                ? path + ".Metadata.aws:asset:path"
                : properties.has("CodeUri") ? path + ".Properties.CodeUri" : path + ".Properties.Code";
        String code = !asset.isEmpty()
                ? asset
                : properties.path("CodeUri").isTextual()
                        ? properties.path("CodeUri").asText()
                        : properties.path("Code").path("LocalPath").asText("");
        if (code.isEmpty()) {
            problems.add(new Problem(
                    where,
                    "no local code (expected: Code.LocalPath, Code.ZipFile, SAM's CodeUri, or the aws:asset:path"
                            + " a CDK assembly gives it; S3 locations are not fetched)"));
            return Optional.empty();
        }
        Path dir = base.resolve(code).normalize();
        if (!java.nio.file.Files.isDirectory(dir)
                && !(java.nio.file.Files.isRegularFile(dir) && RuntimeFunction.zipped(dir))) {
            problems.add(new Problem(where, "'" + code + "' is not a directory or a .zip (" + dir + ")"));
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    private static boolean is(JsonNode value, String expected) {
        return switch (expected) {
            case "string" -> value.isValueNode();
            case "integer" ->
                value.isIntegralNumber() || value.isTextual() && value.asText().matches("\\d{1,9}");
            case "object" -> value.isObject();
            case "list" -> value.isArray();
            default -> false;
        };
    }

    private static int number(JsonNode value, int otherwise) {
        return value.isMissingNode() ? otherwise : Integer.parseInt(value.asText());
    }

    /** Whether {@code GET path} finds something. */
    private boolean exists(String path) {
        try {
            service.call("GET", path, Map.of(), JSON::missingNode);
            return true;
        } catch (ControlError e) {
            return false;
        }
    }

    private static ObjectNode without(ObjectNode body, String member) {
        ObjectNode copy = body.deepCopy();
        copy.remove(member);
        return copy;
    }

    private JsonNode call(String method, String path, JsonNode body, String where) {
        try {
            Answer answer = service.call(method, path, Map.of(), () -> body == null ? JSON.missingNode() : body);
            return answer.body() == null ? JSON.objectNode() : answer.body();
        } catch (ControlError e) {
            problems.add(new Problem(where, e.getMessage()));
            return JSON.objectNode();
        }
    }

    private static String service(String type) {
        String[] parts = type.split("::");
        return parts.length > 1 ? parts[1].toLowerCase(java.util.Locale.ROOT) : "unknown";
    }
}
