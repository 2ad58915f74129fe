package io.wsgate.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The function an AWS_PROXY URI names, in every form the tools write. */
class FunctionNameTest {
    @Test
    void theInvocationArnTheFunctionArnAndTheNameAllWork() {
        assertThat(FunctionName.parse("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                        + "arn:aws:lambda:us-east-1:123456789012:function:ConnectFunc/invocations"))
                .isEqualTo(new FunctionName("ConnectFunc", Optional.empty(), Optional.of("us-east-1")));
        assertThat(FunctionName.parse("arn:aws:lambda:eu-west-1:123456789012:function:send:live"))
                .isEqualTo(new FunctionName("send", Optional.of("live"), Optional.of("eu-west-1")));
        assertThat(FunctionName.parse("send")).isEqualTo(new FunctionName("send", Optional.empty(), Optional.empty()));
        assertThat(FunctionName.parse("send:$LATEST").toString()).isEqualTo("send:$LATEST");
    }

    @Test
    void anythingElseIsRefusedWithTheFormsAccepted() {
        assertThatThrownBy(() -> FunctionName.parse("http://example.com"))
                .hasMessageContaining("expected: a Lambda function name, a function ARN");
    }

    @Test
    void aQualifiedRegistrationWinsOverTheBareName() throws Exception {
        Functions functions = Functions.builder()
                .handler("send", (e, c) -> Reply.body("bare"))
                .handler("send:live", (e, c) -> Reply.body("live"))
                .build();
        assertThat(functions
                        .find(FunctionName.parse("send:live"))
                        .orElseThrow()
                        .function()
                        .call(TemplateTest.event("x"), null))
                .isEqualTo(IntegrationResult.Response.of(200, "live"));
        assertThat(functions
                        .find(FunctionName.parse("send:v2"))
                        .orElseThrow()
                        .function()
                        .call(TemplateTest.event("x"), null))
                .isEqualTo(IntegrationResult.Response.of(200, "bare"));
        assertThat(functions.contains(FunctionName.parse("other"))).isFalse();
    }
}
