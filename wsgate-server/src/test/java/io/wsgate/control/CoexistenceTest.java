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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;

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
        var v2 = gateway.v2();
        String apiId = ControlClients.webSocketApi(v2, "from-the-control-plane");
        ControlClients.mockRoute(v2, apiId, "$default", "from the control plane");
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
