package io.wsgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records: every rule they break is reported at once; the builder deploys undeployed stages. */
class ModelTest {
    @Test
    void anIntegrationReportsEveryBadMember() {
        assertThatThrownBy(() -> Integration.builder("a/b", IntegrationType.HTTP_PROXY)
                        .uri("ftp://x")
                        .method("post")
                        .timeoutInMillis(30_000)
                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::path)
                                .containsExactly(
                                        "integrationId", "timeoutInMillis", "integrationMethod", "integrationUri"));
        assertThatThrownBy(() ->
                        Integration.builder("m", IntegrationType.MOCK).uri("x").build())
                .hasMessageContaining("integrationUri: set (expected: none for a MOCK integration)");
        assertThatThrownBy(() ->
                        Integration.builder("l", IntegrationType.AWS_PROXY).build())
                .hasMessageContaining("integrationUri: missing");
        assertThat(Integration.builder("t", IntegrationType.MOCK)
                        .timeoutInMillis(50)
                        .build()
                        .timeoutInMillis())
                .isEqualTo(50);
    }

    @Test
    void routeKeysAndTargetsFollowAwsRules() {
        assertThatThrownBy(() -> Route.of("$custom", "x")).hasMessageContaining("routeKey: '$custom'");
        assertThatThrownBy(() -> new Route(
                        "r",
                        "k",
                        Optional.of("lambda/x"),
                        AuthorizationType.NONE,
                        Optional.empty(),
                        false,
                        Optional.of("$other"),
                        List.of()))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::path)
                                .containsExactly("target", "routeResponseSelectionExpression"));
        assertThatThrownBy(() -> new Route(
                        "r",
                        "k",
                        Optional.empty(),
                        AuthorizationType.CUSTOM,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        List.of()))
                .hasMessageContaining("authorizerId: missing");
        assertThatThrownBy(() -> new RouteResponse("r", "other"))
                .hasMessageContaining("only key WebSocket APIs support");
    }

    @Test
    void aRouteIsTwoWayOnlyWithBothTheExpressionAndTheResponse() {
        Route oneWay = Route.of("send", "x");
        assertThat(oneWay.twoWay()).isFalse();
        assertThat(oneWay.withRouteResponse().twoWay()).isTrue();
        var expressionOnly = new Route(
                "r",
                "send",
                Optional.of("integrations/x"),
                AuthorizationType.NONE,
                Optional.empty(),
                false,
                Optional.of("$default"),
                List.of());
        assertThat(expressionOnly.twoWay()).isFalse();
        var responseOnly = new Route(
                "r",
                "send",
                Optional.of("integrations/x"),
                AuthorizationType.NONE,
                Optional.empty(),
                false,
                Optional.empty(),
                List.of(new RouteResponse("rr", "$default")));
        assertThat(responseOnly.twoWay()).isFalse();
    }

    @Test
    void anApiChecksItsReferencesAndTheBuilderDeploysItsStages() {
        Api api = Api.builder("My Chat!")
                .integration(Integration.function("send", "Send"))
                .route("send", "send")
                .stage("dev")
                .stage(Stage.of("prod").withStageVariables(Map.of("v", "1")))
                .build();
        assertThat(api.apiId()).isEqualTo("my-chat");
        assertThat(api.deployments())
                .singleElement()
                .extracting(Deployment::deploymentId)
                .isEqualTo(Api.INITIAL_DEPLOYMENT);
        assertThat(api.stages()).allSatisfy(s -> assertThat(s.deploymentId()).contains(Api.INITIAL_DEPLOYMENT));
        assertThatThrownBy(() -> Api.builder("x")
                        .apiId("Not_An_Id")
                        .route("send", "nope")
                        .stage("dev")
                        .stage("dev")
                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::toString)
                                .contains(
                                        "apiId: 'Not_An_Id' (expected: 1 to 63 lower-case letters, digits or '-', starting with a letter or digit)",
                                        "routes[send].target: unknown integration 'nope' (the API has no integrations)",
                                        "stages[dev]: duplicate stageName"));
    }

    @Test
    void limitsStayWithinBounds() {
        assertThat(Limits.AWS.maxFrameBytes()).isEqualTo(32_768);
        assertThat(Limits.AWS.maxMessageBytes()).isEqualTo(131_072);
        assertThat(Limits.AWS.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(Limits.AWS.maxConnectionDuration()).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> new Limits(10, 5, Duration.ZERO, Duration.ofSeconds(-1), BinaryMessages.CLOSE))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.problems())
                                .extracting(Problem::path)
                                .containsExactly(
                                        "maxFrameBytes", "maxMessageBytes", "idleTimeout", "maxConnectionDuration"));
        assertThat(Limits.AWS.withMaxFrameBytes(256 * 1024).maxMessageBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void integrationResponseKeysAreDefaultOrAPattern() {
        assertThat(IntegrationResponse.of("/2\\d\\d/", "x").pattern()).get().satisfies(p -> {
            assertThat(p.matcher("204").matches()).isTrue();
            assertThat(p.matcher("404").matches()).isFalse();
        });
        assertThat(IntegrationResponse.of("$default", "x").pattern()).isEmpty();
        assertThatThrownBy(() -> IntegrationResponse.of("2xx", "x"))
                .hasMessageContaining("expected: $default or a pattern");
        assertThatThrownBy(() -> IntegrationResponse.of("/[/", "x")).hasMessageContaining("is not a valid pattern");
    }
}
