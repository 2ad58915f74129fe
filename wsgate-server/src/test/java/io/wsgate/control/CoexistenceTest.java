package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationResponse;
import io.wsgate.model.Route;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * APIs from the declarative file and from the control plane are served side by side on one
 * listener; the file's are fixed at start and not visible to, or changeable by, the control plane.
 */
class CoexistenceTest {
    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .control(0, ControlClients.dataDirectory())
            .api(Api.builder("from-the-file")
                    .apiId("file")
                    .integration(Integration.builder("mock", io.wsgate.model.IntegrationType.MOCK)
                            .requestTemplate("$default", "{\"statusCode\": 200}")
                            .integrationResponse(IntegrationResponse.of("$default", "from the file"))
                            .build())
                    .route(Route.of("$default", "mock").withRouteResponse())
                    .stage("dev")
                    .build()));

    @Test
    void bothAreServedAndTheFilesApisAreNotTheControlPlanes() {
        try (var v2 = ControlClients.v2(gateway.gateway())) {
            String apiId = v2.createApi(r -> r.name("from-the-control-plane")
                            .protocolType(ProtocolType.WEBSOCKET)
                            .routeSelectionExpression("$request.body.action"))
                    .apiId();
            String integration = v2.createIntegration(r -> r.apiId(apiId)
                            .integrationType(IntegrationType.MOCK)
                            .requestTemplates(Map.of("$default", "{\"statusCode\": 200}")))
                    .integrationId();
            v2.createIntegrationResponse(r -> r.apiId(apiId)
                    .integrationId(integration)
                    .integrationResponseKey("$default")
                    .responseTemplates(Map.of("$default", "from the control plane")));
            String route = v2.createRoute(r -> r.apiId(apiId)
                            .routeKey("$default")
                            .target("integrations/" + integration)
                            .routeResponseSelectionExpression("$default"))
                    .routeId();
            v2.createRouteResponse(r -> r.apiId(apiId).routeId(route).routeResponseKey("$default"));
            v2.createStage(r -> r.apiId(apiId).stageName("dev").autoDeploy(true));

            try (var fileClient = gateway.connect("file", "dev");
                    var controlClient = gateway.connect(apiId, "dev")) {
                fileClient.send("hi");
                controlClient.send("hi");
                assertThat(fileClient.awaitMessage()).isEqualTo("from the file");
                assertThat(controlClient.awaitMessage()).isEqualTo("from the control plane");
            }

            assertThat(v2.getApis(r -> {}).items()).extracting(a -> a.apiId()).containsExactly(apiId);
            assertThatThrownBy(() -> v2.getApi(r -> r.apiId("file"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> v2.deleteApi(r -> r.apiId("file"))).isInstanceOf(NotFoundException.class);
        }
    }
}
