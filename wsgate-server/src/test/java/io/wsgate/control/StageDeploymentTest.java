package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketHandler;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.TestClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AccessLogSettings;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.DeploymentStatus;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.LoggingLevel;
import software.amazon.awssdk.services.apigatewayv2.model.RouteSettings;

/** Stages and deployments: what clients are served, and when it changes. */
class StageDeploymentTest {
    /** A $connect that waits until the test lets it answer. */
    static final CountDownLatch connecting = new CountDownLatch(1);

    static final CountDownLatch release = new CountDownLatch(1);

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .control(0, ControlClients.dataDirectory())
            .function("Slow", (WebSocketHandler) (event, context) -> {
                connecting.countDown();
                release.await();
                return Reply.ok();
            }));

    final ApiGatewayV2Client v2 = gateway.v2();
    String apiId;
    String integrationId;
    String responseId;

    /** An API whose $default route answers with the integration response's template. */
    @BeforeEach
    void api() {
        apiId = ControlClients.webSocketApi(v2, "staged");
        var route = ControlClients.mockRoute(v2, apiId, "$default", "v1 $stageVariables.color");
        integrationId = route.integrationId();
        responseId = route.integrationResponseId();
    }

    private void answerWith(String template) {
        v2.updateIntegrationResponse(r -> r.apiId(apiId)
                .integrationId(integrationId)
                .integrationResponseId(responseId)
                .responseTemplates(Map.of("$default", template)));
    }

    private static String ask(TestClient client) {
        client.send("anything");
        return client.awaitMessage();
    }

    @Test
    void aStageServesItsDeploymentAndOnlyADeploymentChangesWhatItServes() {
        v2.createStage(r -> r.apiId(apiId).stageName("dev").stageVariables(Map.of("color", "red")));
        assertThat(TestClient.refusal(gateway.url(apiId, "dev")))
                .as("a stage without a deployment")
                .isEqualTo(403);
        var deployment =
                v2.createDeployment(r -> r.apiId(apiId).stageName("dev").description("first"));
        assertThat(deployment.deploymentStatus()).isEqualTo(DeploymentStatus.DEPLOYED);
        assertThat(v2.getStage(r -> r.apiId(apiId).stageName("dev")).deploymentId())
                .isEqualTo(deployment.deploymentId());
        try (var client = gateway.connect(apiId, "dev")) {
            assertThat(ask(client)).isEqualTo("v1 red");
            answerWith("v2 $stageVariables.color");
            assertThat(ask(client)).as("an undeployed change").isEqualTo("v1 red");
            v2.createDeployment(r -> r.apiId(apiId).stageName("dev"));
            assertThat(ask(client)).as("deployed, on the same connection").isEqualTo("v2 red");
            v2.updateStage(r -> r.apiId(apiId).stageName("dev").stageVariables(Map.of("color", "blue")));
            assertThat(ask(client)).as("stage settings need no deployment").isEqualTo("v2 blue");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void anAutoDeployStageFollowsEveryChange() {
        var stage = v2.createStage(r -> r.apiId(apiId).stageName("auto").autoDeploy(true));
        assertThat(stage.deploymentId()).isNotNull();
        assertThat(stage.lastDeploymentStatusMessage()).contains(stage.deploymentId());
        try (var client = gateway.connect(apiId, "auto")) {
            assertThat(ask(client)).isEqualTo("v1 ");
            answerWith("v3");
            assertThat(ask(client)).isEqualTo("v3");
        }
        assertThat(v2.getDeployments(r -> r.apiId(apiId)).items())
                .anySatisfy(d -> assertThat(d.autoDeployed()).isTrue());
    }

    @Test
    void stageSettingsAreMergedAsAwsMergesThem() {
        v2.createStage(r -> r.apiId(apiId)
                .stageName("merged")
                .stageVariables(Map.of("color", "red", "size", "big"))
                .defaultRouteSettings(RouteSettings.builder()
                        .throttlingBurstLimit(10)
                        .throttlingRateLimit(5.0)
                        .build())
                .routeSettings(Map.of(
                        "$default",
                        RouteSettings.builder().loggingLevel(LoggingLevel.INFO).build())));
        v2.createDeployment(r -> r.apiId(apiId).stageName("merged"));
        v2.updateStage(r -> r.apiId(apiId)
                .stageName("merged")
                .stageVariables(Map.of("size", "", "shape", "round"))
                .defaultRouteSettings(
                        RouteSettings.builder().throttlingBurstLimit(20).build())
                .routeSettings(Map.of(
                        "$default",
                        RouteSettings.builder().dataTraceEnabled(true).build())));
        var stage = v2.getStage(r -> r.apiId(apiId).stageName("merged"));
        assertThat(stage.stageVariables())
                .as("'' removes a variable; the others stay")
                .containsExactlyInAnyOrderEntriesOf(Map.of("color", "red", "shape", "round"));
        assertThat(stage.defaultRouteSettings().throttlingBurstLimit()).isEqualTo(20);
        assertThat(stage.defaultRouteSettings().throttlingRateLimit()).isEqualTo(5.0);
        assertThat(stage.routeSettings().get("$default").loggingLevel()).isEqualTo(LoggingLevel.INFO);
        assertThat(stage.routeSettings().get("$default").dataTraceEnabled()).isTrue();
        try (var client = gateway.connect(apiId, "merged")) {
            assertThat(ask(client)).isEqualTo("v1 red");
        }
    }

    @Test
    void settingsOfARouteDeletedSinceDoNotBlockTheStage() {
        String extra = v2.createRoute(r -> r.apiId(apiId).routeKey("extra")).routeId();
        v2.createStage(r -> r.apiId(apiId)
                .stageName("kept")
                .routeSettings(Map.of(
                        "extra",
                        RouteSettings.builder().detailedMetricsEnabled(true).build())));
        String first =
                v2.createDeployment(r -> r.apiId(apiId).stageName("kept")).deploymentId();
        v2.deleteRoute(r -> r.apiId(apiId).routeId(extra));
        String second = v2.createDeployment(r -> r.apiId(apiId)).deploymentId();
        v2.updateStage(
                r -> r.apiId(apiId).stageName("kept").deploymentId(second).description("moved"));
        assertThat(v2.getStage(r -> r.apiId(apiId).stageName("kept")).deploymentId())
                .isEqualTo(second)
                .isNotEqualTo(first);
    }

    @Test
    void autoDeployMakesADeploymentOnlyWhenWhatIsDeployedChanges() {
        v2.createStage(r -> r.apiId(apiId).stageName("tidy").autoDeploy(true));
        String first = v2.getStage(r -> r.apiId(apiId).stageName("tidy")).deploymentId();
        v2.updateStage(r -> r.apiId(apiId).stageName("tidy").description("settings only"));
        v2.updateApi(r -> r.apiId(apiId).description("not deployed either"));
        assertThat(v2.getStage(r -> r.apiId(apiId).stageName("tidy")).deploymentId())
                .isEqualTo(first);
        assertThatThrownBy(() ->
                        v2.updateStage(r -> r.apiId(apiId).stageName("tidy").deploymentId(first)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("autoDeploy");
        for (int i = 0; i < 5; i++) {
            answerWith("v" + i);
        }
        assertThat(v2.getDeployments(r -> r.apiId(apiId)).items())
                .as("automatic deployments no stage uses are dropped")
                .singleElement()
                .satisfies(d -> assertThat(d.deploymentId())
                        .isEqualTo(v2.getStage(r -> r.apiId(apiId).stageName("tidy"))
                                .deploymentId()));
    }

    @Test
    void changingTheRouteSelectionExpressionRedeploysAnAutoDeployStage() {
        ControlClients.mockRoute(v2, apiId, "ping", "typed");
        v2.createStage(r -> r.apiId(apiId).stageName("rse").autoDeploy(true));
        try (var client = gateway.connect(apiId, "rse")) {
            client.send("{\"type\": \"ping\"}");
            assertThat(client.awaitMessage()).as("routed by action: $default").isEqualTo("v1 ");
            v2.updateApi(r -> r.apiId(apiId).routeSelectionExpression("$request.body.type"));
            client.send("{\"type\": \"ping\"}");
            assertThat(client.awaitMessage()).as("routed by type").isEqualTo("typed");
        }
    }

    @Test
    void aConnectStillRunningWhenItsStageIsDeletedEndsWith1001() throws Exception {
        String connect = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.AWS_PROXY)
                        .integrationUri("arn:aws:lambda:us-east-1:000000000000:function:Slow"))
                .integrationId();
        v2.createRoute(r -> r.apiId(apiId).routeKey("$connect").target("integrations/" + connect));
        v2.createStage(r -> r.apiId(apiId).stageName("doomed"));
        v2.createDeployment(r -> r.apiId(apiId).stageName("doomed"));
        var client = CompletableFuture.supplyAsync(() -> gateway.connect(apiId, "doomed"));
        assertThat(connecting.await(10, TimeUnit.SECONDS)).isTrue();
        v2.deleteStage(r -> r.apiId(apiId).stageName("doomed"));
        release.countDown();
        try (var late = client.get(10, TimeUnit.SECONDS)) {
            assertThat(late.awaitClose().code()).isEqualTo(1001);
        }
    }

    @Test
    void deletingAStageClosesItsClientsWith1001() {
        v2.createStage(r -> r.apiId(apiId).stageName("gone"));
        v2.createDeployment(r -> r.apiId(apiId).stageName("gone"));
        try (var client = gateway.connect(apiId, "gone")) {
            v2.deleteStage(r -> r.apiId(apiId).stageName("gone"));
            assertThat(client.awaitClose().code()).isEqualTo(1001);
        }
        assertThat(TestClient.refusal(gateway.url(apiId, "gone"))).isEqualTo(403);
    }

    @Test
    void stagesAreCheckedAsAwsChecksThem() {
        var stage = v2.createStage(r -> r.apiId(apiId)
                .stageName("checked")
                .defaultRouteSettings(RouteSettings.builder()
                        .throttlingBurstLimit(100)
                        .throttlingRateLimit(50.0)
                        .build())
                .routeSettings(Map.of(
                        "$default",
                        RouteSettings.builder().loggingLevel(LoggingLevel.INFO).build()))
                .accessLogSettings(AccessLogSettings.builder()
                        .format("$context.requestId")
                        .destinationArn("arn:aws:logs:us-east-1:000000000000:log-group:checked")
                        .build()));
        assertThat(stage.defaultRouteSettings().throttlingRateLimit()).isEqualTo(50.0);
        assertThat(stage.routeSettings()).containsKey("$default");
        assertThatThrownBy(() -> v2.createStage(r -> r.apiId(apiId).stageName("checked")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> v2.createStage(r -> r.apiId(apiId).stageName("bad name")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() ->
                        v2.createStage(r -> r.apiId(apiId).stageName("vars").stageVariables(Map.of("a b", "c"))))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> v2.createStage(r -> r.apiId(apiId)
                        .stageName("routes")
                        .routeSettings(Map.of("nope", RouteSettings.builder().build()))))
                .hasMessageContaining("Unable to find Route by key nope");
        v2.deleteRouteSettings(r -> r.apiId(apiId).stageName("checked").routeKey("$default"));
        v2.deleteAccessLogSettings(r -> r.apiId(apiId).stageName("checked"));
        var after = v2.getStage(r -> r.apiId(apiId).stageName("checked"));
        assertThat(after.routeSettings()).isEmpty();
        assertThat(after.accessLogSettings()).isNull();
        assertThat(v2.getStages(r -> r.apiId(apiId)).items())
                .extracting(s -> s.stageName())
                .containsExactly("checked");
    }

    @Test
    void deploymentsAreCheckedAsAwsChecksThem() {
        String empty = ControlClients.webSocketApi(v2, "empty");
        assertThatThrownBy(() -> v2.createDeployment(r -> r.apiId(empty)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Unable to deploy API because no routes exist in this API");
        assertThatThrownBy(() -> v2.createDeployment(r -> r.apiId(apiId).stageName("nope")))
                .hasMessageContaining("Invalid stage identifier specified nope");
        v2.createStage(r -> r.apiId(apiId).stageName("live"));
        String id = v2.createDeployment(r -> r.apiId(apiId).stageName("live")).deploymentId();
        assertThatThrownBy(() -> v2.deleteDeployment(r -> r.apiId(apiId).deploymentId(id)))
                .hasMessageContaining("Active stages pointing to this deployment must be moved or deleted");
        assertThat(v2.updateDeployment(r -> r.apiId(apiId).deploymentId(id).description("described"))
                        .description())
                .isEqualTo("described");
        String spare = v2.createDeployment(r -> r.apiId(apiId)).deploymentId();
        v2.deleteDeployment(r -> r.apiId(apiId).deploymentId(spare));
        assertThat(v2.getDeployments(r -> r.apiId(apiId)).items())
                .extracting(d -> d.deploymentId())
                .containsExactly(id);
    }

    @Test
    void aDeploymentTheGatewayCannotServeIsRefusedAndTheStageKeepsItsOwn() {
        v2.createStage(r -> r.apiId(apiId).stageName("safe"));
        v2.createDeployment(r -> r.apiId(apiId).stageName("safe"));
        String http = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.HTTP_PROXY)
                        .integrationUri("http://${stageVariables.backend}/x"))
                .integrationId();
        v2.createRoute(r -> r.apiId(apiId).routeKey("http").target("integrations/" + http));
        assertThatThrownBy(() -> v2.createDeployment(r -> r.apiId(apiId).stageName("safe")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("which stage 'safe' does not define");
        try (var client = gateway.connect(apiId, "safe")) {
            assertThat(ask(client)).isEqualTo("v1 ");
        }
    }
}
