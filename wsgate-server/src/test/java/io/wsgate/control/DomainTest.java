package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.config.GatewaySettings;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.DomainNameConfiguration;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.SecurityPolicy;

/**
 * Custom domain names and API mappings, as seed 003 sets them up: clients reach a mapped stage
 * through {@code wss://chat.example.test/chat}, over TLS with the domain's own certificate (SNI),
 * and backends push through the domain's {@code @connections}. The test's hosts file resolves the
 * {@code *.example.test} names to loopback.
 */
class DomainTest {
    static final Path TLS = Path.of("src/test/resources/tls");
    static final Recorder lifecycle = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> {
        Gateway.Builder builder =
                Gateway.builder().control(0, ControlClients.dataDirectory()).function("Lifecycle", lifecycle);
        return builder.settings(builder.settings()
                .withTls(new GatewaySettings.Tls(
                        0,
                        TLS.resolve("localhost.crt"),
                        TLS.resolve("localhost.key"),
                        List.of(new GatewaySettings.Certificate(
                                TLS.resolve("example-test.crt"), TLS.resolve("example-test.key"))))));
    });

    final ApiGatewayV2Client v2 = gateway.v2();
    String apiId;
    String domain;

    /** An API whose routes go to the in-process function "Lifecycle" ($default two-way), deployed to stage dev. */
    @BeforeEach
    void api() {
        lifecycle.drain();
        lifecycle.answer((event, context) -> event.body() == null ? Reply.ok() : Reply.body("echo " + event.body()));
        apiId = ControlClients.webSocketApi(v2, "chat");
        String integration = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.AWS_PROXY)
                        .integrationUri("arn:aws:lambda:us-east-1:000000000000:function:Lifecycle"))
                .integrationId();
        v2.createRoute(r -> r.apiId(apiId).routeKey("$connect").target("integrations/" + integration));
        String echo = v2.createRoute(r -> r.apiId(apiId)
                        .routeKey("$default")
                        .target("integrations/" + integration)
                        .routeResponseSelectionExpression("$default"))
                .routeId();
        v2.createRouteResponse(r -> r.apiId(apiId).routeId(echo).routeResponseKey("$default"));
        v2.createStage(r -> r.apiId(apiId).stageName("dev").autoDeploy(true));
        v2.createDeployment(r -> r.apiId(apiId).stageName("dev"));
        domain = "chat.example.test";
        v2.getDomainNames().items().forEach(d -> v2.deleteDomainName(r -> r.domainName(d.domainName())));
        v2.createDomainName(r -> r.domainName(domain));
    }

    private void map(String key) {
        v2.createApiMapping(r -> r.domainName(domain).apiId(apiId).stage("dev").apiMappingKey(key));
    }

    @Test
    void theMappingKeyChoosesTheStageAndTheEventNamesTheDomain() {
        map("chat");
        URI url = URI.create("ws://chat.example.test:" + gateway.port() + "/chat");
        try (var client = TestClient.connect(url)) {
            WebSocketEvent connect = lifecycle.await(EventType.CONNECT);
            assertThat(connect.requestContext().domainName()).isEqualTo("chat.example.test:" + gateway.port());
            assertThat(connect.requestContext().stage()).isEqualTo("dev");
            assertThat(connect.requestContext().apiId()).isEqualTo(apiId);
            assertThat(connect.header("Host")).contains("chat.example.test:" + gateway.port());
            client.send("hello");
            assertThat(client.awaitMessage()).isEqualTo("echo hello");
        }
        // Only mapped keys lead anywhere on the domain.
        assertThat(TestClient.refusal(URI.create("ws://chat.example.test:" + gateway.port() + "/dev")))
                .isEqualTo(403);
        assertThat(TestClient.refusal(URI.create("ws://chat.example.test:" + gateway.port() + "/" + apiId + "/dev")))
                .isEqualTo(403);
    }

    @Test
    void wssServesTheDomainsOwnCertificate() {
        map("chat");
        // The default certificate is for localhost only; the handshake succeeds only if SNI chose
        // the certificate for *.example.test.
        URI url = URI.create("wss://chat.example.test:" + gateway.gateway().tlsPort() + "/chat");
        try (var client = TestClient.connect(url)) {
            WebSocketEvent connect = lifecycle.await(EventType.CONNECT);
            assertThat(connect.requestContext().domainName())
                    .isEqualTo("chat.example.test:" + gateway.gateway().tlsPort());
            assertThat(connect.header("X-Forwarded-Proto")).contains("https");
            client.send("over tls");
            assertThat(client.awaitMessage()).isEqualTo("echo over tls");
        }
    }

    @Test
    void backendsPushThroughTheDomainsConnectionsUrl() {
        map("chat");
        try (var client = TestClient.connect(URI.create("ws://chat.example.test:" + gateway.port() + "/chat"));
                var sdk = managementClient("http://chat.example.test:" + gateway.port() + "/chat")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("pushed")));
            assertThat(client.awaitMessage()).isEqualTo("pushed");
            assertThat(sdk.getConnection(r -> r.connectionId(id)).identity().sourceIp())
                    .isEqualTo("127.0.0.1");
        }
    }

    @Test
    void theEmptyKeyMapsTheRootOfTheDomain() {
        map("");
        try (var client = TestClient.connect(URI.create("ws://chat.example.test:" + gateway.port() + "/"));
                var sdk = managementClient("http://chat.example.test:" + gateway.port())) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            sdk.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("at the root")));
            assertThat(client.awaitMessage()).isEqualTo("at the root");
        }
    }

    @Test
    void disablingTheDefaultEndpointLeavesOnlyTheDomain() {
        map("chat");
        URI defaultUrl = gateway.url(apiId, "dev");
        try (var before = TestClient.connect(defaultUrl)) {
            before.send("through the default endpoint");
            assertThat(before.awaitMessage()).isEqualTo("echo through the default endpoint");
        }
        lifecycle.drain();
        v2.updateApi(r -> r.apiId(apiId).disableExecuteApiEndpoint(true));
        assertThat(TestClient.refusal(defaultUrl)).isEqualTo(403);
        try (var client = TestClient.connect(URI.create("ws://chat.example.test:" + gateway.port() + "/chat"));
                var viaDefault = managementClient(
                        gateway.gateway().managementUrl(apiId, "dev").toString());
                var viaDomain = managementClient("http://chat.example.test:" + gateway.port() + "/chat")) {
            String id = lifecycle.await(EventType.CONNECT).connectionId();
            assertThatThrownBy(() ->
                            viaDefault.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("no"))))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> viaDefault.postToConnection(
                            r -> r.connectionId("unknownId=").data(SdkBytes.fromUtf8String("no"))))
                    .isInstanceOf(ForbiddenException.class);
            viaDomain.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("yes")));
            assertThat(client.awaitMessage()).isEqualTo("yes");
        }
    }

    @Test
    void mappingsAreCheckedAndRemovable() {
        map("chat");
        assertThatThrownBy(() -> map("chat"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("ApiMapping with key 'chat' already exists");
        assertThatThrownBy(() -> map("no spaces"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid apiMappingKey");
        assertThatThrownBy(() -> v2.createApiMapping(
                        r -> r.domainName(domain).apiId(apiId).stage("prod").apiMappingKey("prod")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Stage");
        assertThatThrownBy(() -> v2.createDomainName(r -> r.domainName(domain))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> v2.createDomainName(r -> r.domainName("not a domain")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Invalid domain name");

        var mappings = v2.getApiMappings(r -> r.domainName(domain)).items();
        assertThat(mappings).singleElement().satisfies(m -> {
            assertThat(m.apiId()).isEqualTo(apiId);
            assertThat(m.stage()).isEqualTo("dev");
            assertThat(m.apiMappingKey()).isEqualTo("chat");
        });
        var described = v2.getDomainName(r -> r.domainName(domain));
        assertThat(described.apiMappingSelectionExpression()).isEqualTo("$request.basepath");
        assertThat(described.domainNameConfigurations())
                .singleElement()
                .satisfies(c -> assertThat(c.domainNameStatusAsString()).isEqualTo("AVAILABLE"));
        String target = described.domainNameConfigurations().get(0).apiGatewayDomainName();
        var updated = v2.updateDomainName(r -> r.domainName(domain)
                .domainNameConfigurations(DomainNameConfiguration.builder()
                        .securityPolicy(SecurityPolicy.TLS_1_2)
                        .build()));
        assertThat(updated.domainNameConfigurations().get(0).apiGatewayDomainName())
                .as("the DNS target stays")
                .isEqualTo(target);

        v2.deleteApiMapping(
                r -> r.domainName(domain).apiMappingId(mappings.get(0).apiMappingId()));
        assertThat(TestClient.refusal(URI.create("ws://chat.example.test:" + gateway.port() + "/chat")))
                .isEqualTo(403);
        v2.deleteDomainName(r -> r.domainName(domain));
        assertThatThrownBy(() -> v2.getDomainName(r -> r.domainName(domain))).isInstanceOf(NotFoundException.class);
    }

    private static ApiGatewayManagementApiClient managementClient(String endpoint) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(endpoint))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
