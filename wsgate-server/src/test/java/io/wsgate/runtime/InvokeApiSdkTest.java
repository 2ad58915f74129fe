package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.LogLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Lambda's Invoke API on the control-plane listener, through the AWS SDK for Java's {@link
 * LambdaClient}: each invocation type, a function error, the log tail, the names Lambda reads,
 * and each refusal with Lambda's status and error type; Lambda's 6 MB limits both ways.
 */
class InvokeApiSdkTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Gateway gateway;
    static LambdaClient lambda;
    static LogLines log;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("echo.py"), """
                def handler(event, context):
                    print("echo called")
                    return event
                """);
        Files.writeString(dir.resolve("big.py"), """
                def handler(event, context):
                    return "x" * (event["bytes"] - 2)  # a JSON string of exactly that many bytes
                """);
        Files.writeString(dir.resolve("slow.py"), """
                import time
                def handler(event, context):
                    time.sleep(30)
                """);
        Files.writeString(dir.resolve("boom.js"), """
                exports.handler = async (event, context) => {
                  if (event.context) return context.clientContext;
                  throw new TypeError('boom');
                };
                """);
        var python = RuntimeFunction.Runtime.PYTHON312;
        log = new LogLines();
        gateway = Gateway.builder()
                .function(
                        RuntimeFunction.of("Echo", python, "echo.handler", dir).withTimeout(Duration.ofSeconds(20)))
                .function(RuntimeFunction.of("Big", python, "big.handler", dir).withTimeout(Duration.ofSeconds(20)))
                .function(
                        RuntimeFunction.of("Slow", python, "slow.handler", dir).withTimeout(Duration.ofSeconds(1)))
                .function(RuntimeFunction.of("Boom", RuntimeFunction.Runtime.NODEJS20, "boom.handler", dir)
                        .withTimeout(Duration.ofSeconds(20)))
                .control(0, ControlClients.dataDirectory())
                .port(0)
                .start();
        lambda = LambdaClient.builder()
                .endpointOverride(gateway.controlUrl().orElseThrow())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (lambda != null) {
            lambda.close();
        }
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
        if (log != null) {
            log.close();
        }
    }

    static InvokeResponse invoke(String function, String payload) {
        return lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    @Test
    void requestResponseAnswersThePayloadAsTheFunctionReturnedIt() throws Exception {
        InvokeResponse response = invoke("Echo", "{\"message\":\"hi\",\"n\":[1,2]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        assertThat(response.functionError()).isNull();
        assertThat(JSON.readTree(response.payload().asByteArray()))
                .isEqualTo(JSON.readTree("{\"message\":\"hi\",\"n\":[1,2]}"));
        assertThat(invoke("Echo", "").payload().asUtf8String())
                .as("no payload: the event is {}")
                .isEqualTo("{}");
    }

    @Test
    void aFunctionErrorIsA200WithXAmzFunctionErrorAndTheErrorBody() throws Exception {
        InvokeResponse response = invoke("Boom", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(response.payload().asByteArray());
        assertThat(error.path("errorType").asText()).isEqualTo("TypeError");
        assertThat(error.path("errorMessage").asText()).isEqualTo("boom");
    }

    @Test
    void aTimeoutIsAFunctionErrorNamingTheTimeout() throws Exception {
        InvokeResponse response = invoke("Slow", "{}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(JSON.readTree(response.payload().asByteArray())
                        .path("errorMessage")
                        .asText())
                .matches("\\S+Z [0-9a-f-]{36} Task timed out after 1\\.00 seconds");
    }

    @Test
    void tailGivesTheInvocationsLogBase64Encoded() {
        InvokeResponse response =
                lambda.invoke(r -> r.functionName("Echo").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
        String id = response.responseMetadata().requestId();
        String tail = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        assertThat(tail)
                .startsWith("START RequestId: " + id + " Version: $LATEST\necho called\nEND RequestId: " + id
                        + "\nREPORT RequestId: " + id + "\tDuration: ")
                .endsWith("\n");
    }

    @Test
    void anEventInvocationIs202AndRunsOn() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("Echo")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"later\":true}")));
        assertThat(response.statusCode()).isEqualTo(202);
        String id = response.responseMetadata().requestId();
        log.await("the event's REPORT", l -> l.contains("] REPORT RequestId: " + id + "\t"));
    }

    @Test
    void aDryRunIs204AndRunsNothing() {
        long before = gateway.counters().count(Counter.INVOKE_REQUEST);
        InvokeResponse response = lambda.invoke(r ->
                r.functionName("Echo").invocationType(InvocationType.DRY_RUN).payload(SdkBytes.fromUtf8String("{}")));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(gateway.counters().count(Counter.INVOKE_REQUEST)).isEqualTo(before + 1);
    }

    @Test
    void theFunctionMayBeNamedByArnOrWithAQualifier() {
        assertThat(invoke("arn:aws:lambda:us-east-1:123456789012:function:Echo", "{\"a\":1}")
                        .payload()
                        .asUtf8String())
                .isEqualTo("{\"a\": 1}");
        assertThat(invoke("Echo:live", "{\"a\":2}").payload().asUtf8String()).isEqualTo("{\"a\": 2}");
        assertThat(invoke("123456789012:function:Echo", "{\"a\":3}").payload().asUtf8String())
                .isEqualTo("{\"a\": 3}");
        InvokeResponse qualified =
                lambda.invoke(r -> r.functionName("Echo").qualifier("$LATEST").payload(SdkBytes.fromUtf8String("{}")));
        assertThat(qualified.executedVersion()).isEqualTo("$LATEST");
    }

    @Test
    void clientContextReachesTheFunction() throws Exception {
        String context = Base64.getEncoder()
                .encodeToString("{\"custom\":{\"tenant\":\"acme\"}}".getBytes(StandardCharsets.UTF_8));
        InvokeResponse response = lambda.invoke(r ->
                r.functionName("Boom").clientContext(context).payload(SdkBytes.fromUtf8String("{\"context\":true}")));
        assertThat(JSON.readTree(response.payload().asByteArray())
                        .at("/custom/tenant")
                        .asText())
                .isEqualTo("acme");
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        long before = gateway.counters().count(Counter.INVOKE_REFUSED);
        var e = catchThrowableOfType(ResourceNotFoundException.class, () -> invoke("Nope", "{}"));
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:Nope");
        assertThat(gateway.counters().count(Counter.INVOKE_REFUSED)).isEqualTo(before + 1);
    }

    @Test
    void aPayloadThatIsNotJsonIsInvalidRequestContent() {
        var e = catchThrowableOfType(InvalidRequestContentException.class, () -> invoke("Echo", "{\"a\": nope}"));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage())
                .startsWith("Could not parse request body into json: Could not parse payload into json: ");
    }

    @Test
    void aPayloadOverSixMegabytesIsRefusedWith413() {
        String payload = "\"" + "x".repeat(InvokeApi.MAX_REQUEST_BYTES - 1) + "\""; // one byte over
        var e = catchThrowableOfType(LambdaException.class, () -> invoke("Echo", payload));
        assertThat(e.statusCode()).isEqualTo(413);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestEntityTooLargeException");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Request must be smaller than 6291456 bytes for the InvokeFunction operation");
    }

    @Test
    void anAnswerOfSixMegabytesAndAHundredBytesPassesAndOneByteMoreFails() throws Exception {
        InvokeResponse atLimit = invoke("Big", "{\"bytes\": 6291556}");
        assertThat(atLimit.functionError()).isNull();
        assertThat(atLimit.payload().asByteArray()).hasSize(6_291_556);

        long before = gateway.counters().count(Counter.FUNCTION_RESPONSE_TOO_LARGE);
        InvokeResponse over = invoke("Big", "{\"bytes\": 6291557}");
        assertThat(over.statusCode()).isEqualTo(200);
        assertThat(over.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(over.payload().asByteArray());
        assertThat(error.path("errorType").asText()).isEqualTo("Function.ResponseSizeTooLarge");
        assertThat(error.path("errorMessage").asText())
                .isEqualTo("Response payload size exceeded maximum allowed payload size (6291556 bytes).");
        assertThat(gateway.counters().count(Counter.FUNCTION_RESPONSE_TOO_LARGE))
                .isEqualTo(before + 1);
        assertThat(invoke("Big", "{\"bytes\": 10}").payload().asUtf8String())
                .as("the process serves on")
                .isEqualTo("\"xxxxxxxx\"");
    }
}
