package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.BadRequestException;
import software.amazon.awssdk.services.apigateway.model.ConflictException;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Op;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * API keys on {@code $connect}: keys and usage plans made with the AWS SDK's {@code apigateway}
 * (v1) client, boto3 and the AWS CLI, as CDK and Terraform make them for WebSocket APIs; a route
 * with {@code apiKeyRequired} lets in a key of a plan of its stage and no other, through the header
 * or an authorizer's {@code usageIdentifierKey}; plans' throttles and quotas; what keys used, kept
 * across a restart.
 */
class ApiKeysTest {
    static final String URI_PREFIX = AuthorizerControlPlaneTest.URI_PREFIX;

    /** Allows anyone, naming the key in the {@code key} query parameter as the usage identifier. */
    public static final class KeyAuthorizer implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            var query = (Map<String, String>) event.get("queryStringParameters");
            return Map.of(
                    "principalId",
                    "keyholder",
                    "usageIdentifierKey",
                    query.getOrDefault("key", ""),
                    "policyDocument",
                    Map.of(
                            "Statement",
                            List.of(Map.of("Action", "execute-api:Invoke", "Effect", "Allow", "Resource", "*"))));
        }
    }

    /** Answers a message with the event's {@code requestContext.identity}. */
    static final Recorder EVENTS = new Recorder()
            .answer((event, context) -> event.eventType() == EventType.MESSAGE
                    ? Reply.body(IamConnectTest.JSON.writeValueAsString(
                            event.requestContext().caller().identity()))
                    : Reply.ok());

    static final Path DATA = ControlClients.dataDirectory();

    static Gateway.Builder builder() {
        return Gateway.builder()
                .control(0, DATA)
                .function("Events", EVENTS)
                .function("KeyAuthorizer", new KeyAuthorizer());
    }

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(ApiKeysTest::builder);

    static ApiGatewayClient v1;
    static String keyed;
    static String viaAuthorizer;

    static ApiGatewayClient v1(URI endpoint) {
        return ApiGatewayClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.create()) // retries, as the control plane throttles as AWS does
                .build();
    }

    @BeforeAll
    static void apis() {
        v1 = v1(gateway.gateway().controlUrl().orElseThrow());
        keyed = api(gateway.v2(), "keyed", null);
        viaAuthorizer = api(gateway.v2(), "via-authorizer", "$context.authorizer.usageIdentifierKey");
    }

    @AfterAll
    static void close() {
        if (v1 != null) {
            v1.close();
        }
    }

    /** A deployed API whose $connect requires an API key, chosen by {@code selection} (the header when null). */
    static String api(ApiGatewayV2Client v2, String name, String selection) {
        String apiId = v2.createApi(r -> r.name(name)
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action")
                        .apiKeySelectionExpression(selection))
                .apiId();
        String integration = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.AWS_PROXY)
                        .integrationUri(URI_PREFIX + "Events/invocations"))
                .integrationId();
        String authorizer = selection == null
                ? null
                : v2.createAuthorizer(r -> r.apiId(apiId)
                                .name("keys")
                                .authorizerType(AuthorizerType.REQUEST)
                                .authorizerUri(URI_PREFIX + "KeyAuthorizer/invocations")
                                .identitySource("route.request.querystring.key"))
                        .authorizerId();
        v2.createRoute(r -> r.apiId(apiId)
                .routeKey("$connect")
                .target("integrations/" + integration)
                .apiKeyRequired(true)
                .authorizationType(selection == null ? AuthorizationType.NONE : AuthorizationType.CUSTOM)
                .authorizerId(authorizer));
        String defaultRoute = v2.createRoute(r -> r.apiId(apiId)
                        .routeKey("$default")
                        .target("integrations/" + integration)
                        .routeResponseSelectionExpression("$default"))
                .routeId();
        v2.createRouteResponse(r -> r.apiId(apiId).routeId(defaultRoute).routeResponseKey("$default"));
        String deployment = v2.createDeployment(r -> r.apiId(apiId)).deploymentId();
        v2.createStage(r -> r.apiId(apiId).stageName("dev").deploymentId(deployment));
        v2.createStage(r -> r.apiId(apiId).stageName("other").deploymentId(deployment));
        return apiId;
    }

    /** A new enabled key in a new plan for {@code stage} of {@code apiId}; its value. */
    static String keyInPlan(
            String apiId,
            String stage,
            java.util.function.Consumer<software.amazon.awssdk.services.apigateway.model.CreateUsagePlanRequest.Builder>
                    plan) {
        var key = v1.createApiKey(r -> r.name("key").enabled(true));
        String planId = v1.createUsagePlan(r -> {
                    r.name("plan").apiStages(s -> s.apiId(apiId).stage(stage));
                    plan.accept(r);
                })
                .id();
        v1.createUsagePlanKey(r -> r.usagePlanId(planId).keyId(key.id()).keyType("API_KEY"));
        return key.value();
    }

    static Map<String, String> header(String value) {
        return Map.of("x-api-key", value);
    }

    static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }

    @Test
    void aKeyInAPlanOfTheStageConnectsAndIsOnItsEvents() throws Exception {
        var key = v1.createApiKey(r -> r.name("reader").enabled(true));
        String planId = v1.createUsagePlan(
                        r -> r.name("basic").apiStages(s -> s.apiId(keyed).stage("dev")))
                .id();
        var planKey =
                v1.createUsagePlanKey(r -> r.usagePlanId(planId).keyId(key.id()).keyType("API_KEY"));
        assertThat(planKey.type()).isEqualTo("API_KEY");
        assertThat(planKey.value()).isEqualTo(key.value());
        long accepted = count(Counter.APIKEY_ACCEPTED);
        try (var client = TestClient.connect(gateway.url(keyed, "dev"), header(key.value()), List.of())) {
            client.send("who");
            JsonNode identity = IamConnectTest.JSON.readTree(client.awaitMessage());
            assertThat(identity.path("apiKey").asText()).isEqualTo(key.value());
            assertThat(identity.path("apiKeyId").asText()).isEqualTo(key.id());
        }
        assertThat(count(Counter.APIKEY_ACCEPTED)).isEqualTo(accepted + 1);
        // Another stage of the same API is not in the plan.
        var other = IamConnectTest.refusal(gateway.url(keyed, "other"), header(key.value()));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void noKeyAnUnknownOneOrADisabledOneIsForbidden() throws Exception {
        long missing = count(Counter.APIKEY_MISSING);
        long invalid = count(Counter.APIKEY_INVALID);
        URI url = gateway.url(keyed, "dev");
        assertThat(IamConnectTest.refusal(url, Map.of()))
                .isEqualTo(new IamConnectTest.Refused(403, "{\"message\":\"Forbidden\"}"));
        assertThat(IamConnectTest.refusal(url, header("x".repeat(30))).status()).isEqualTo(403);
        var key = v1.createApiKey(r -> r.name("later").enabled(false));
        String planId = v1.createUsagePlan(
                        r -> r.name("p").apiStages(s -> s.apiId(keyed).stage("dev")))
                .id();
        v1.createUsagePlanKey(r -> r.usagePlanId(planId).keyId(key.id()).keyType("API_KEY"));
        assertThat(IamConnectTest.refusal(url, header(key.value())).status())
                .as("disabled")
                .isEqualTo(403);
        v1.updateApiKey(r -> r.apiKey(key.id())
                .patchOperations(p -> p.op(Op.REPLACE).path("/enabled").value("true")));
        try (var client = TestClient.connect(url, header(key.value()), List.of())) {
            assertThat(client.isClosed()).isFalse();
        }
        var loose = v1.createApiKey(r -> r.name("in no plan").enabled(true));
        assertThat(IamConnectTest.refusal(url, header(loose.value())).status()).isEqualTo(403);
        assertThat(count(Counter.APIKEY_MISSING)).isEqualTo(missing + 1);
        assertThat(count(Counter.APIKEY_INVALID)).isEqualTo(invalid + 3);
    }

    @Test
    void aPlansThrottleAndQuotaAre429() throws Exception {
        URI url = gateway.url(keyed, "dev");
        String throttled =
                keyInPlan(keyed, "dev", p -> p.throttle(t -> t.burstLimit(2).rateLimit(0.001)));
        for (int i = 0; i < 2; i++) {
            try (var client = TestClient.connect(url, header(throttled), List.of())) {
                assertThat(client.isClosed()).isFalse();
            }
        }
        assertThat(IamConnectTest.refusal(url, header(throttled)))
                .isEqualTo(new IamConnectTest.Refused(429, "{\"message\":\"Too Many Requests\"}"));

        var key = v1.createApiKey(r -> r.name("quota").enabled(true));
        String planId = v1.createUsagePlan(r -> r.name("quota")
                        .apiStages(s -> s.apiId(keyed).stage("dev"))
                        .quota(q -> q.limit(5).offset(2).period(QuotaPeriodType.DAY)))
                .id();
        v1.createUsagePlanKey(r -> r.usagePlanId(planId).keyId(key.id()).keyType("API_KEY"));
        long quota = count(Counter.APIKEY_QUOTA);
        for (int i = 0; i < 3; i++) { // 5, less the 2 the offset counts as used in the first period
            try (var client = TestClient.connect(url, header(key.value()), List.of())) {
                assertThat(client.isClosed()).isFalse();
            }
        }
        assertThat(IamConnectTest.refusal(url, header(key.value())))
                .isEqualTo(new IamConnectTest.Refused(429, "{\"message\":\"Limit Exceeded\"}"));
        assertThat(count(Counter.APIKEY_QUOTA)).isEqualTo(quota + 1);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        var usage = v1.getUsage(r -> r.usagePlanId(planId).startDate(today).endDate(today));
        assertThat(usage.items()).containsEntry(key.id(), List.of(List.of(3L, 0L)));
    }

    @Test
    void anAuthorizersUsageIdentifierKeyIsTheKey() throws Exception {
        String value = keyInPlan(viaAuthorizer, "dev", p -> {});
        URI url = URI.create(gateway.url(viaAuthorizer, "dev") + "?key=" + value);
        try (var client = TestClient.connect(url)) {
            client.send("who");
            assertThat(IamConnectTest.JSON
                            .readTree(client.awaitMessage())
                            .path("apiKey")
                            .asText())
                    .isEqualTo(value);
        }
        // The header is not read when the authorizer names the key.
        var refused = IamConnectTest.refusal(
                URI.create(gateway.url(viaAuthorizer, "dev") + "?key=nothing-of-the-kind"), header(value));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void keysAndPlansAreServedAsTheV1ServiceServesThem() {
        var key = v1.createApiKey(r -> r.name("listed-key").description("d").enabled(true));
        assertThat(key.value()).hasSize(40);
        assertThat(key.createdDate()).isNotNull();
        assertThat(v1.getApiKey(r -> r.apiKey(key.id())).value())
                .as("without includeValue")
                .isNull();
        assertThat(v1.getApiKey(r -> r.apiKey(key.id()).includeValue(true)).value())
                .isEqualTo(key.value());
        var listed = v1.getApiKeys(r -> r.nameQuery("listed-").includeValues(true));
        assertThat(listed.items())
                .singleElement()
                .satisfies(k -> assertThat(k.value()).isEqualTo(key.value()));
        assertThatThrownBy(() -> v1.updateApiKey(r -> r.apiKey(key.id())
                        .patchOperations(p -> p.op(Op.REPLACE).path("/value").value("y".repeat(30)))))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> v1.createApiKey(r -> r.value(key.value()))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> v1.createApiKey(r -> r.value("short"))).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> v1.createUsagePlan(
                        r -> r.name("x").apiStages(s -> s.apiId("nope").stage("dev"))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> v1.createUsagePlan(
                        r -> r.name("x").apiStages(s -> s.apiId(keyed).stage("nope"))))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> v1.createUsagePlan(
                        r -> r.name("x").quota(q -> q.limit(10).period(QuotaPeriodType.UNKNOWN_TO_SDK_VERSION))))
                .isInstanceOf(BadRequestException.class);

        String a = v1.createUsagePlan(
                        r -> r.name("a").apiStages(s -> s.apiId(keyed).stage("other")))
                .id();
        String b = v1.createUsagePlan(
                        r -> r.name("b").apiStages(s -> s.apiId(keyed).stage("other")))
                .id();
        v1.createUsagePlanKey(r -> r.usagePlanId(a).keyId(key.id()).keyType("API_KEY"));
        assertThatThrownBy(() -> v1.createUsagePlanKey(
                        r -> r.usagePlanId(a).keyId(key.id()).keyType("API_KEY")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> v1.createUsagePlanKey(
                        r -> r.usagePlanId(b).keyId(key.id()).keyType("API_KEY")))
                .as("one plan per stage for a key")
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("cannot reference multiple Usage Plans with the same API Stage");
        assertThat(v1.getUsagePlans(r -> r.keyId(key.id())).items())
                .extracting(p -> p.id())
                .containsExactly(a);
        v1.updateUsagePlan(r -> r.usagePlanId(a)
                .patchOperations(
                        p -> p.op(Op.REPLACE).path("/throttle/rateLimit").value("5"),
                        p -> p.op(Op.REPLACE).path("/throttle/burstLimit").value("10"),
                        p -> p.op(Op.ADD).path("/apiStages").value(keyed + ":dev")));
        var changed = v1.getUsagePlan(r -> r.usagePlanId(a));
        assertThat(changed.throttle().rateLimit()).isEqualTo(5.0);
        assertThat(changed.throttle().burstLimit()).isEqualTo(10);
        assertThat(changed.apiStages()).hasSize(2);
        assertThat(v1.getUsagePlanKeys(r -> r.usagePlanId(a)).items())
                .extracting(k -> k.id())
                .containsExactly(key.id());

        v1.deleteApiKey(r -> r.apiKey(key.id()));
        assertThatThrownBy(() -> v1.getApiKey(r -> r.apiKey(key.id()))).isInstanceOf(NotFoundException.class);
        assertThat(v1.getUsagePlanKeys(r -> r.usagePlanId(a)).items())
                .as("gone from its plans")
                .isEmpty();
        v1.deleteUsagePlan(r -> r.usagePlanId(b));
        assertThatThrownBy(() -> v1.getUsagePlan(r -> r.usagePlanId(b))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void boto3AndTheAwsCliManageKeys() {
        assumeTrue(Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(), "boto3 is not installed");
        assumeTrue(Tools.probe(List.of("aws", "--version")).isPresent(), "the AWS CLI (aws) is not installed");
        String endpoint = gateway.gateway().controlUrl().orElseThrow().toString();
        var made = Tools.run(List.of(
                        "python3",
                        "-c",
                        String.join(
                                "\n",
                                "import sys, boto3",
                                "gw = boto3.client('apigateway', endpoint_url=sys.argv[1])",
                                "key = gw.create_api_key(name='from-boto3', enabled=True, value='boto3-key-0123456789abcdef')",
                                "plan = gw.create_usage_plan(name='boto3-plan', apiStages=[{'apiId': sys.argv[2],"
                                        + " 'stage': 'dev'}], quota={'limit': 100, 'period': 'MONTH'})",
                                "gw.create_usage_plan_key(usagePlanId=plan['id'], keyId=key['id'], keyType='API_KEY')",
                                "print(key['id'])"),
                        endpoint,
                        keyed))
                .ok();
        String keyId = made.out().trim();
        try (var client =
                TestClient.connect(gateway.url(keyed, "dev"), header("boto3-key-0123456789abcdef"), List.of())) {
            assertThat(client.isClosed()).isFalse();
        }
        var listed = Tools.run(List.of(
                        "aws",
                        "apigateway",
                        "get-api-keys",
                        "--endpoint-url",
                        endpoint,
                        "--include-values",
                        "--name-query",
                        "from-boto3",
                        "--query",
                        "items[0].[id,value,enabled]",
                        "--output",
                        "text"))
                .ok();
        assertThat(listed.out().trim().split("\\s+")).containsExactly(keyId, "boto3-key-0123456789abcdef", "True");
    }

    @Test
    void aFilesKeysAndPlansGuardItsApis(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = dir.resolve("keys.yaml");
        java.nio.file.Files.writeString(config, """
                apiKeys:
                  - {name: web, value: web-client-key-0123456789, enabled: true}
                usagePlans:
                  - name: basic
                    apiStages: [{apiId: chat, stage: dev}]
                    quota: {limit: 2, period: DAY}
                    apiKeys: [web]
                apis:
                  - name: chat
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: ok, integrationType: MOCK, requestTemplates: {$default: '{"statusCode": 200}'}}
                    routes:
                      - {routeKey: $connect, apiKeyRequired: true, target: integrations/ok}
                    stages: [{stageName: dev}]
                """);
        var file = io.wsgate.config.ConfigLoader.load(config);
        assertThat(file.problems()).isEmpty();
        try (var served = Gateway.fromFile(file).port(0).start()) {
            URI url = served.stageUrl("chat", "dev");
            assertThat(IamConnectTest.refusal(url, Map.of()).status()).isEqualTo(403);
            for (int i = 0; i < 2; i++) {
                try (var client = TestClient.connect(url, header("web-client-key-0123456789"), List.of())) {
                    assertThat(client.isClosed()).isFalse();
                }
            }
            assertThat(IamConnectTest.refusal(url, header("web-client-key-0123456789"))
                            .status())
                    .isEqualTo(429);
            served.stop().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void keysPlansAndUsageOutliveARestart() throws Exception {
        Path data = ControlClients.dataDirectory();
        String value;
        String planId;
        String apiId;
        try (var first = Gateway.builder()
                        .control(0, data)
                        .function("Events", EVENTS)
                        .port(0)
                        .start();
                var client = v1(first.controlUrl().orElseThrow());
                var v2 = ControlClients.v2(first)) {
            apiId = api(v2, "durable", null);
            var key = client.createApiKey(r -> r.name("durable").enabled(true));
            value = key.value();
            planId = client.createUsagePlan(r -> r.name("durable")
                            .apiStages(s -> s.apiId(apiId).stage("dev"))
                            .quota(q -> q.limit(10).period(QuotaPeriodType.WEEK)))
                    .id();
            client.createUsagePlanKey(r -> r.usagePlanId(planId).keyId(key.id()).keyType("API_KEY"));
            for (int i = 0; i < 2; i++) {
                try (var ws = TestClient.connect(first.stageUrl(apiId, "dev"), header(value), List.of())) {
                    assertThat(ws.isClosed()).isFalse();
                }
            }
            first.stop().get(30, TimeUnit.SECONDS);
        }
        try (var second = Gateway.builder()
                        .control(0, data)
                        .function("Events", EVENTS)
                        .port(0)
                        .start();
                var client = v1(second.controlUrl().orElseThrow())) {
            try (var ws = TestClient.connect(second.stageUrl(apiId, "dev"), header(value), List.of())) {
                assertThat(ws.isClosed()).isFalse();
            }
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            var usage =
                    client.getUsage(r -> r.usagePlanId(planId).startDate(today).endDate(today));
            assertThat(usage.items().values())
                    .singleElement()
                    .satisfies(days -> assertThat(days.get(0).get(0)).isEqualTo(3L));
            second.stop().get(30, TimeUnit.SECONDS);
        }
    }
}
