package io.wsgate.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.integration.IntegrationResult.Failed;
import io.wsgate.integration.IntegrationResult.Response;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationResponse;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.InvalidModelException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MOCK: the request template's statusCode picks the integration response. */
class MockInvokerTest {
    private static final Integration MOCK = Integration.builder("mock", IntegrationType.MOCK)
            .templateSelectionExpression("${request.body.kind}")
            .requestTemplate("$default", "{\"statusCode\": 200}")
            .requestTemplate("bad", "{\"statusCode\": 400}")
            .requestTemplate("broken", "{\"no\": \"status\"}")
            .integrationResponse(IntegrationResponse.of("$default", "default:$context.routeKey"))
            .integrationResponse(
                    new IntegrationResponse("4xx", "/4\\d\\d/", Map.of("$default", "client error"), Optional.empty()))
            .build();

    private static IntegrationResult answer(Integration integration, String body) {
        return new MockInvoker(integration).invoke(TemplateTest.event(body)).join();
    }

    @Test
    void theStatusPicksTheResponseAndItsTemplateIsTheBody() {
        assertThat((Response) answer(MOCK, "{\"kind\":\"good\"}")).satisfies(r -> {
            assertThat(r.statusCode()).hasValue(200);
            assertThat(r.body()).contains("default:send");
        });
        assertThat((Response) answer(MOCK, "{\"kind\":\"bad\"}")).satisfies(r -> {
            assertThat(r.statusCode()).hasValue(400);
            assertThat(r.body()).contains("client error");
        });
    }

    @Test
    void withoutAnIntegerStatusCodeItFailsAsAwsLogsIt() {
        assertThat(answer(MOCK, "{\"kind\":\"broken\"}"))
                .isInstanceOfSatisfying(
                        Failed.class, f -> assertThat(f.detail()).isEqualTo(MockInvoker.NO_STATUS));
        var noTemplate = Integration.builder("bare", IntegrationType.MOCK).build();
        assertThat(answer(noTemplate, "x")).isInstanceOf(Failed.class);
    }

    @Test
    void withoutIntegrationResponsesThereIsNoBody() {
        var plain = Integration.builder("plain", IntegrationType.MOCK)
                .requestTemplate("$default", "{\"statusCode\": 204}")
                .build();
        assertThat((Response) answer(plain, "x")).satisfies(r -> {
            assertThat(r.statusCode()).hasValue(204);
            assertThat(r.body()).isEmpty();
        });
    }

    @Test
    void badTemplatesAreNamedWhenTheInvokerIsMade() {
        var bad = Integration.builder("bad", IntegrationType.MOCK)
                .requestTemplate("$default", "#if(1)x#end")
                .integrationResponse(IntegrationResponse.of("$default", "$util.urlEncode('x')"))
                .build();
        assertThatThrownBy(() -> new MockInvoker(bad))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.problems())
                                .extracting(p -> p.path())
                                .containsExactly(
                                        "requestTemplates.$default",
                                        "integrationResponses[$default].responseTemplates.$default"));
    }
}
