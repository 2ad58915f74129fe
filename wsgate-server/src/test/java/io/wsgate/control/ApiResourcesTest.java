package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetApisResponse;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.apigatewayv2.model.TooManyRequestsException;

/** Apis and Tags through the AWS SDK's ApiGatewayV2 client. */
class ApiResourcesTest {
    @RegisterExtension
    static final GatewayExtension gateway =
            new GatewayExtension(() -> Gateway.builder().control(0, ControlClients.dataDirectory()));

    final ApiGatewayV2Client v2 = gateway.v2();

    private CreateApiResponse createApi(String name) {
        return v2.createApi(r -> r.name(name)
                .protocolType(ProtocolType.WEBSOCKET)
                .routeSelectionExpression("$request.body.action")
                .tags(Map.of("team", "chat")));
    }

    @Test
    void anApiIsCreatedWithAwsDefaultsAndTheEndpointClientsUse() {
        CreateApiResponse api = createApi("created");
        assertThat(api.apiId()).matches("[a-z0-9]{10}");
        assertThat(api.apiEndpoint()).isEqualTo("ws://127.0.0.1:" + gateway.port() + "/" + api.apiId());
        assertThat(api.apiKeySelectionExpression()).isEqualTo("$request.header.x-api-key");
        assertThat(api.disableExecuteApiEndpoint()).isFalse();
        assertThat(api.protocolType()).isEqualTo(ProtocolType.WEBSOCKET);
        assertThat(api.createdDate()).isNotNull();
        assertThat(api.tags()).containsEntry("team", "chat");
        assertThat(v2.getApi(r -> r.apiId(api.apiId())).name()).isEqualTo("created");
    }

    @Test
    void anApiIsUpdatedMemberByMemberAndDeleted() {
        String id = createApi("before").apiId();
        var updated = v2.updateApi(r -> r.apiId(id).name("after").description("now described"));
        assertThat(updated.name()).isEqualTo("after");
        assertThat(updated.description()).isEqualTo("now described");
        assertThat(updated.routeSelectionExpression()).isEqualTo("$request.body.action");
        v2.deleteApi(r -> r.apiId(id));
        assertThatThrownBy(() -> v2.getApi(r -> r.apiId(id))).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.getMessage()).contains("Invalid API identifier specified 000000000000:" + id);
        });
    }

    @Test
    void listsArePagedWithNextToken() {
        for (int i = 0; i < 3; i++) {
            createApi("paged-" + i);
        }
        var seen = new HashSet<String>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            GetApisResponse page = v2.getApis(r -> r.maxResults("2").nextToken(next));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(a -> seen.add(a.apiId()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void badRequestsAreAnsweredWithAwsErrorTypes() {
        assertThatThrownBy(() -> v2.createApi(r -> r.name("http").protocolType(ProtocolType.HTTP)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("WEBSOCKET APIs only");
        assertThatThrownBy(() -> v2.createApi(r -> r.name("no-expression").protocolType(ProtocolType.WEBSOCKET)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("routeSelectionExpression is required");
        assertThatThrownBy(() -> v2.createApi(r ->
                        r.name("bad").protocolType(ProtocolType.WEBSOCKET).routeSelectionExpression("${request.body")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid route selection expression");
        assertThatThrownBy(() -> v2.createApi(r -> r.name("header")
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.header.x")))
                .hasMessageContaining("only $request.body variables can select routes");
        assertThatThrownBy(() -> v2.createApi(r -> r.name("key")
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action")
                        .apiKeySelectionExpression("$request.querystring.key")))
                .hasMessageContaining("Invalid apiKeySelectionExpression");
        assertThatThrownBy(() -> v2.getApis(r -> r.nextToken("not-a-token"))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void tagsAreReadAddedAndRemovedByArn() {
        String id = createApi("tagged").apiId();
        String arn = "arn:aws:apigateway:us-east-1::/apis/" + id;
        v2.tagResource(r -> r.resourceArn(arn).tags(Map.of("env", "dev", "owner", "me")));
        assertThat(v2.getTags(r -> r.resourceArn(arn)).tags())
                .containsEntry("team", "chat")
                .containsEntry("env", "dev")
                .containsEntry("owner", "me");
        v2.untagResource(r -> r.resourceArn(arn).tagKeys("owner", "team"));
        assertThat(v2.getTags(r -> r.resourceArn(arn)).tags()).containsOnlyKeys("env");
        assertThatThrownBy(() -> v2.getTags(r -> r.resourceArn("arn:aws:apigateway:us-east-1::/apis/nope")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void theControlPlaneStaysOnLoopbackWhereverTheDataPlaneListens() {
        try (var apart = Gateway.builder()
                        .host("127.0.0.2")
                        .port(0)
                        .control(0, ControlClients.dataDirectory())
                        .start();
                var client = ControlClients.v2(apart.controlUrl().orElseThrow())) {
            assertThat(apart.controlUrl().orElseThrow().getHost()).isEqualTo("127.0.0.1");
            String endpoint = client.createApi(r -> r.name("apart")
                            .protocolType(ProtocolType.WEBSOCKET)
                            .routeSelectionExpression("$request.body.action"))
                    .apiEndpoint();
            assertThat(endpoint).startsWith("ws://127.0.0.2:" + apart.port() + "/");
        }
    }

    @Test
    void theControlPlaneIsThrottledAsAwsIs() {
        try (var throttled = Gateway.builder()
                        .port(0)
                        .settings(Gateway.builder()
                                .settings()
                                .withPort(0)
                                .withControl(java.util.Optional.of(io.wsgate.config.GatewaySettings.Control.DEFAULT
                                        .withPort(0)
                                        .withDataDirectory(ControlClients.dataDirectory())
                                        .withThrottle(0.001, 3))))
                        .start();
                var client =
                        ControlClients.v2WithoutRetries(throttled.controlUrl().orElseThrow())) {
            for (int i = 0; i < 3; i++) {
                client.getApis(r -> {});
            }
            assertThatThrownBy(() -> client.getApis(r -> {}))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.limitType()).isEqualTo("requests");
                    });
            assertThat(throttled.counters().count(Counter.CONTROL_THROTTLED)).isEqualTo(1);
        }
    }
}
