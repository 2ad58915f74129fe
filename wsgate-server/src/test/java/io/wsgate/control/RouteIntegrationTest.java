package io.wsgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.GatewayExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizationType;
import software.amazon.awssdk.services.apigatewayv2.model.AuthorizerType;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.ConflictException;
import software.amazon.awssdk.services.apigatewayv2.model.IntegrationType;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ParameterConstraints;
import software.amazon.awssdk.services.apigatewayv2.model.PassthroughBehavior;
import software.amazon.awssdk.services.apigatewayv2.model.RouteSettings;

/** Routes, integrations, their responses and authorizers, with the checks AWS makes on them. */
class RouteIntegrationTest {
    @RegisterExtension
    static final GatewayExtension gateway =
            new GatewayExtension(() -> Gateway.builder().control(0, ControlClients.dataDirectory()));

    final ApiGatewayV2Client v2 = gateway.v2();
    String apiId;

    @BeforeEach
    void api() {
        apiId = ControlClients.webSocketApi(v2, "routes");
    }

    private String mock() {
        return v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.MOCK)
                        .requestTemplates(Map.of("$default", "{\"statusCode\": 200}")))
                .integrationId();
    }

    @Test
    void integrationsGetAwsDefaultsAndAreChecked() {
        var lambda = v2.createIntegration(r -> r.apiId(apiId)
                .integrationType(IntegrationType.AWS_PROXY)
                .integrationUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:us-east-1:123456789012:function:send/invocations"));
        assertThat(lambda.integrationId()).matches("[a-z0-9]{7}");
        assertThat(lambda.timeoutInMillis()).isEqualTo(29_000);
        assertThat(lambda.passthroughBehavior()).isEqualTo(PassthroughBehavior.WHEN_NO_MATCH);
        assertThat(lambda.payloadFormatVersion()).isEqualTo("1.0");
        assertThat(lambda.integrationMethod()).isEqualTo("POST");
        var mock = v2.getIntegration(r -> r.apiId(apiId).integrationId(mock()));
        assertThat(mock.integrationResponseSelectionExpression()).isEqualTo("${integration.response.statuscode}");

        assertThatThrownBy(() -> v2.createIntegration(r ->
                        r.apiId(apiId).integrationType(IntegrationType.MOCK).integrationUri("x")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("integrationUri: set (expected: none for a MOCK integration)");
        assertThatThrownBy(() -> v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.HTTP_PROXY)
                        .integrationUri("http://127.0.0.1:9/x")
                        .timeoutInMillis(30_000)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("timeoutInMillis must be between 50 and 29000");
        assertThatThrownBy(() -> v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.HTTP_PROXY)
                        .integrationUri("ftp://example.com")))
                .hasMessageContaining("expected: an http:// or https:// URL");
        assertThatThrownBy(() -> v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.AWS_PROXY)
                        .integrationUri("http://nope/")))
                .hasMessageContaining("Invalid integrationUri");
        assertThatThrownBy(() -> v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.HTTP_PROXY)
                        .integrationUri("http://example.com/")
                        .payloadFormatVersion("2.0")))
                .hasMessageContaining("payloadFormatVersion 2.0 is not supported for HTTP_PROXY integrations");
        assertThatThrownBy(() -> v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.AWS_PROXY)
                        .integrationUri("send")
                        .payloadFormatVersion("3.0")))
                .hasMessageContaining("payloadFormatVersion 3.0 is not supported");
        assertThatThrownBy(() -> v2.createIntegration(r -> r.apiId("nope").integrationType(IntegrationType.MOCK)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void integrationsAreUpdatedDeletedAndKeptWhileRoutesUseThem() {
        String id = mock();
        var updated = v2.updateIntegration(
                r -> r.apiId(apiId).integrationId(id).description("mocked").timeoutInMillis(500));
        assertThat(updated.description()).isEqualTo("mocked");
        assertThat(updated.timeoutInMillis()).isEqualTo(500);
        assertThat(updated.requestTemplates()).containsKey("$default");
        v2.createRoute(r -> r.apiId(apiId).routeKey("go").target("integrations/" + id));
        assertThatThrownBy(() -> v2.deleteIntegration(r -> r.apiId(apiId).integrationId(id)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("in use by route go");
        String unused = mock();
        v2.deleteIntegration(r -> r.apiId(apiId).integrationId(unused));
        assertThatThrownBy(() -> v2.getIntegration(r -> r.apiId(apiId).integrationId(unused)))
                .isInstanceOf(NotFoundException.class);
        assertThat(v2.getIntegrations(r -> r.apiId(apiId)).items()).hasSize(1);
    }

    @Test
    void integrationResponsesHaveUniqueKeysThatAreDefaultOrPatterns() {
        String id = mock();
        var response = v2.createIntegrationResponse(r -> r.apiId(apiId)
                .integrationId(id)
                .integrationResponseKey("/2\\d\\d/")
                .responseTemplates(Map.of("$default", "ok")));
        assertThat(response.integrationResponseKey()).isEqualTo("/2\\d\\d/");
        assertThatThrownBy(() -> v2.createIntegrationResponse(
                        r -> r.apiId(apiId).integrationId(id).integrationResponseKey("/2\\d\\d/")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> v2.createIntegrationResponse(
                        r -> r.apiId(apiId).integrationId(id).integrationResponseKey("2xx")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("expected: $default or a pattern");
        v2.updateIntegrationResponse(r -> r.apiId(apiId)
                .integrationId(id)
                .integrationResponseId(response.integrationResponseId())
                .responseTemplates(Map.of("$default", "changed")));
        assertThat(v2.getIntegrationResponse(r -> r.apiId(apiId)
                                .integrationId(id)
                                .integrationResponseId(response.integrationResponseId()))
                        .responseTemplates())
                .containsEntry("$default", "changed");
        assertThat(v2.getIntegrationResponses(r -> r.apiId(apiId).integrationId(id))
                        .items())
                .hasSize(1);
        v2.deleteIntegrationResponse(
                r -> r.apiId(apiId).integrationId(id).integrationResponseId(response.integrationResponseId()));
        assertThat(v2.getIntegrationResponses(r -> r.apiId(apiId).integrationId(id))
                        .items())
                .isEmpty();
    }

    @Test
    void routeKeysAreUniqueAndFollowAwsRules() {
        String id = mock();
        var route = v2.createRoute(r -> r.apiId(apiId)
                .routeKey("$connect")
                .target("integrations/" + id)
                .requestParameters(Map.of(
                        "route.request.querystring.token",
                        ParameterConstraints.builder().required(false).build())));
        assertThat(route.authorizationType()).isEqualTo(AuthorizationType.NONE);
        assertThat(route.apiKeyRequired()).isFalse();
        assertThat(route.requestParameters()).containsKey("route.request.querystring.token");
        assertThatThrownBy(() ->
                        v2.createRoute(r -> r.apiId(apiId).routeKey("$connect").target("integrations/" + id)))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Route with key $connect already exists for this API"));
        assertThatThrownBy(() -> v2.createRoute(r -> r.apiId(apiId).routeKey("$custom")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("a custom key not starting with $");
        assertThatThrownBy(
                        () -> v2.createRoute(r -> r.apiId(apiId).routeKey("go").target("integrations/nope")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no such integration");
        assertThatThrownBy(
                        () -> v2.createRoute(r -> r.apiId(apiId).routeKey("go").target("lambda/x")))
                .hasMessageContaining("expected: integrations/{integrationId}");
        assertThatThrownBy(() ->
                        v2.createRoute(r -> r.apiId(apiId).routeKey("jwt").authorizationType(AuthorizationType.JWT)))
                .hasMessageContaining("JWT authorization is only supported for HTTP APIs");
        assertThatThrownBy(() ->
                        v2.createRoute(r -> r.apiId(apiId).routeKey("two").routeResponseSelectionExpression("$other")))
                .hasMessageContaining("only value WebSocket APIs support");
        var renamed =
                v2.updateRoute(r -> r.apiId(apiId).routeId(route.routeId()).routeKey("$default"));
        assertThat(renamed.routeKey()).isEqualTo("$default");
        assertThat(renamed.target()).isEqualTo("integrations/" + id);
        assertThat(v2.getRoutes(r -> r.apiId(apiId)).items())
                .extracting(x -> x.routeKey())
                .containsExactly("$default");
        v2.deleteRoute(r -> r.apiId(apiId).routeId(route.routeId()));
        assertThatThrownBy(() -> v2.getRoute(r -> r.apiId(apiId).routeId(route.routeId())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anEmptyStringClearsAnOptionalMemberAsTerraformSendsIt() {
        String mock = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.MOCK)
                        .requestTemplates(Map.of("$default", "{\"statusCode\": 200}")))
                .integrationId();
        String route = v2.createRoute(r -> r.apiId(apiId)
                        .routeKey("twoway")
                        .target("integrations/" + mock)
                        .routeResponseSelectionExpression("$default")
                        .requestParameters(Map.of(
                                "route.request.querystring.id",
                                ParameterConstraints.builder().required(false).build())))
                .routeId();
        var cleared =
                v2.updateRoute(r -> r.apiId(apiId).routeId(route).target("").routeResponseSelectionExpression(""));
        assertThat(cleared.target()).isNull();
        assertThat(cleared.routeResponseSelectionExpression()).isNull();
        assertThatThrownBy(
                        () -> v2.updateRoute(r -> r.apiId(apiId).routeId(route).routeKey("")))
                .isInstanceOf(BadRequestException.class);

        v2.deleteRouteRequestParameter(
                r -> r.apiId(apiId).routeId(route).requestParameterKey("route.request.querystring.id"));
        assertThat(v2.getRoute(r -> r.apiId(apiId).routeId(route)).requestParameters())
                .isEmpty();
        assertThatThrownBy(() -> v2.deleteRouteRequestParameter(
                        r -> r.apiId(apiId).routeId(route).requestParameterKey("route.request.querystring.id")))
                .isInstanceOf(NotFoundException.class);

        String http = v2.createIntegration(r -> r.apiId(apiId)
                        .integrationType(IntegrationType.HTTP)
                        .integrationUri("http://127.0.0.1:9/x")
                        .description("to be a mock"))
                .integrationId();
        var mocked = v2.updateIntegration(r -> r.apiId(apiId)
                .integrationId(http)
                .integrationType(IntegrationType.MOCK)
                .integrationUri("")
                .integrationMethod("")
                .description(""));
        assertThat(mocked.integrationUri()).isNull();
        assertThat(mocked.description()).isNull();
        assertThat(mocked.integrationResponseSelectionExpression()).isEqualTo("${integration.response.statuscode}");
        var proxy = v2.updateIntegration(r -> r.apiId(apiId)
                .integrationId(http)
                .integrationType(IntegrationType.HTTP_PROXY)
                .integrationUri("https://example.com/events"));
        assertThat(proxy.integrationResponseSelectionExpression())
                .as("none for a proxy")
                .isNull();
        assertThatThrownBy(() -> v2.updateIntegration(
                        r -> r.apiId(apiId).integrationId(http).integrationUri("http://")))
                .hasMessageContaining("with a host");
    }

    @Test
    void pathParametersAreDecodedOnce() {
        v2.createRoute(r -> r.apiId(apiId).routeKey("100%"));
        v2.createStage(r -> r.apiId(apiId)
                .stageName("pct")
                .routeSettings(Map.of(
                        "100%",
                        RouteSettings.builder().detailedMetricsEnabled(true).build())));
        v2.deleteRouteSettings(r -> r.apiId(apiId).stageName("pct").routeKey("100%"));
        assertThat(v2.getStage(r -> r.apiId(apiId).stageName("pct")).routeSettings())
                .isEmpty();
    }

    @Test
    void routeResponsesMakeARouteTwoWay() {
        String route = v2.createRoute(r -> r.apiId(apiId).routeKey("echo").routeResponseSelectionExpression("$default"))
                .routeId();
        var response = v2.createRouteResponse(r -> r.apiId(apiId).routeId(route).routeResponseKey("$default"));
        assertThat(response.routeResponseKey()).isEqualTo("$default");
        assertThatThrownBy(() -> v2.createRouteResponse(
                        r -> r.apiId(apiId).routeId(route).routeResponseKey("$default")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> v2.createRouteResponse(
                        r -> r.apiId(apiId).routeId(route).routeResponseKey("other")))
                .isInstanceOf(BadRequestException.class);
        assertThat(v2.getRouteResponses(r -> r.apiId(apiId).routeId(route)).items())
                .hasSize(1);
        assertThat(v2.getRouteResponse(r -> r.apiId(apiId).routeId(route).routeResponseId(response.routeResponseId()))
                        .routeResponseId())
                .isEqualTo(response.routeResponseId());
        v2.deleteRouteResponse(r -> r.apiId(apiId).routeId(route).routeResponseId(response.routeResponseId()));
        assertThat(v2.getRouteResponses(r -> r.apiId(apiId).routeId(route)).items())
                .isEmpty();
    }

    @Test
    void authorizersAreStoredAndCheckedAsForWebSocketApis() {
        var authorizer = v2.createAuthorizer(r -> r.apiId(apiId)
                .name("tokens")
                .authorizerType(AuthorizerType.REQUEST)
                .identitySource("route.request.querystring.token")
                .authorizerUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"));
        assertThat(authorizer.authorizerId()).isNotBlank();
        assertThat(v2.getAuthorizer(r -> r.apiId(apiId).authorizerId(authorizer.authorizerId()))
                        .identitySource())
                .containsExactly("route.request.querystring.token");
        assertThatThrownBy(() -> v2.createAuthorizer(r -> r.apiId(apiId)
                        .name("jwt")
                        .authorizerType(AuthorizerType.JWT)
                        .identitySource("$request.header.Authorization")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("only supported for HTTP APIs");
        assertThatThrownBy(() -> v2.createAuthorizer(r -> r.apiId(apiId)
                        .name("bad")
                        .authorizerType(AuthorizerType.REQUEST)
                        .identitySource("header.token")
                        .authorizerUri("auth")))
                .hasMessageContaining("Invalid identity source 'header.token'");
        String route = v2.createRoute(r -> r.apiId(apiId)
                        .routeKey("$connect")
                        .authorizationType(AuthorizationType.CUSTOM)
                        .authorizerId(authorizer.authorizerId()))
                .routeId();
        assertThatThrownBy(() -> v2.deleteAuthorizer(r -> r.apiId(apiId).authorizerId(authorizer.authorizerId())))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> v2.createRoute(r -> r.apiId(apiId)
                        .routeKey("other")
                        .authorizationType(AuthorizationType.CUSTOM)
                        .authorizerId("nope")))
                .hasMessageContaining("no such authorizer");
        v2.deleteRoute(r -> r.apiId(apiId).routeId(route));
        v2.deleteAuthorizer(r -> r.apiId(apiId).authorizerId(authorizer.authorizerId()));
        assertThat(v2.getAuthorizers(r -> r.apiId(apiId)).items()).isEmpty();
    }
}
