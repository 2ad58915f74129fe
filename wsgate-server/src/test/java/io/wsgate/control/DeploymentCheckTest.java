package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;

/**
 * {@code create-deployment} without a stage is refused, with the reasons, when the gateway could
 * not serve its routes on any stage, rather than accepted and refused later when a stage is
 * pointed at it; what depends on a stage's variables is checked when a stage is.
 */
class DeploymentCheckTest {
    @RegisterExtension
    static final GatewayExtension gateway =
            new GatewayExtension(() -> Gateway.builder().control(0, ControlClients.dataDirectory()));

    final ApiGatewayV2Client v2 = gateway.v2();
    String apiId;

    @BeforeEach
    void api() {
        apiId = ControlClients.webSocketApi(v2, "checked");
        ControlClients.mockRoute(v2, apiId, "$default", "ok");
    }

    @Test
    void aDeploymentWhoseIntegrationCannotBeServedIsRefusedAtOnce() {
        String soap = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.HTTP)
                        .integrationMethod("POST")
                        .integrationUri("http://127.0.0.1:9/soap"))
                .integrationId();
        v2.createRoute(r -> r.apiId(apiId).routeKey("soap").target("integrations/" + soap));
        assertThatThrownBy(() -> v2.createDeployment(r -> r.apiId(apiId)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Unable to deploy API")
                .hasMessageContaining("integrationType: HTTP is not supported");
        assertThat(v2.getDeployments(r -> r.apiId(apiId)).items())
                .as("nothing stored")
                .isEmpty();
    }

    @Test
    void stageVariablesAreLeftToTheStageThatServesTheDeployment() {
        String web = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.HTTP_PROXY)
                        .integrationUri("http://${stageVariables.backend}/events"))
                .integrationId();
        v2.createRoute(r -> r.apiId(apiId).routeKey("web").target("integrations/" + web));
        String id = v2.createDeployment(r -> r.apiId(apiId)).deploymentId();
        assertThatThrownBy(() ->
                        v2.createStage(r -> r.apiId(apiId).stageName("bare").deploymentId(id)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("which stage 'bare' does not define");
        v2.createStage(r -> r.apiId(apiId)
                .stageName("dev")
                .deploymentId(id)
                .stageVariables(java.util.Map.of("backend", "127.0.0.1:9")));
        assertThat(v2.getStage(r -> r.apiId(apiId).stageName("dev")).deploymentId())
                .isEqualTo(id);
    }
}
