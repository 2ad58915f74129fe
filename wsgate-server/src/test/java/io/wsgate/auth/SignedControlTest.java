package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgate.app.Gateway;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Counter;
import io.wsgate.testing.ControlClients;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.AccessDeniedException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The control plane with identities configured: apigatewayv2 operations signed for {@code
 * apigateway} and allowed {@code apigateway:{METHOD}} on {@code arn:aws:apigateway:{region}::{path}},
 * and the Lambda Invoke API signed for {@code lambda} and allowed {@code lambda:InvokeFunction}, from
 * the Java SDK, boto3 and the AWS CLI; each refusal 403 with IAM's error type and message, before
 * anything is looked up.
 */
class SignedControlTest {
    static final String ACCOUNT = "000000000000";

    static Identity identity(String key, String name, String statements) {
        return io.wsgate.testing.Identities.user(key, name, statements);
    }

    static final Identity ADMIN = identity(
            "AKIAWSGATEADMIN",
            "admin",
            "{\"Effect\":\"Allow\",\"Action\":\"apigateway:*\",\"Resource\":\"arn:aws:apigateway:us-east-1::/*\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":\"lambda:InvokeFunction\","
                    + "\"Resource\":\"arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:Echo\"}");
    static final Identity READER = identity(
            "AKIAWSGATEREADER", "reader", "{\"Effect\":\"Allow\",\"Action\":\"apigateway:GET\",\"Resource\":\"*\"}");

    @TempDir
    static Path dir;

    static Gateway gateway;
    static final List<AutoCloseable> clients = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("echo.py"), "def handler(event, context):\n    return event\n");
        gateway = Gateway.builder()
                .identity(ADMIN)
                .identity(READER)
                .function(RuntimeFunction.of("Echo", RuntimeFunction.Runtime.PYTHON311, "echo.handler", dir)
                        .withTimeout(Duration.ofSeconds(20)))
                .control(0, ControlClients.dataDirectory())
                .port(0)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    static URI control() {
        return gateway.controlUrl().orElseThrow();
    }

    static StaticCredentialsProvider credentials(Identity who, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(who.accessKeyId(), secret));
    }

    static ApiGatewayV2Client v2(Identity who, String secret) {
        var client = ApiGatewayV2Client.builder()
                .endpointOverride(control())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(who, secret))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(client);
        return client;
    }

    static LambdaClient lambda(Identity who) {
        var client = LambdaClient.builder()
                .endpointOverride(control())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(who, who.secretAccessKey()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        clients.add(client);
        return client;
    }

    static long count(Counter counter) {
        return gateway.counters().count(counter);
    }

    @Test
    void anAllowedIdentityCreatesChangesAndReadsApis() {
        var admin = v2(ADMIN, ADMIN.secretAccessKey());
        String apiId = admin.createApi(r -> r.name("signed")
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action"))
                .apiId();
        admin.updateApi(r -> r.apiId(apiId).description("changed, signed")); // PATCH with a body
        assertThat(v2(READER, READER.secretAccessKey())
                        .getApi(r -> r.apiId(apiId))
                        .description())
                .isEqualTo("changed, signed");
    }

    @Test
    void metricsAreScrapedWithoutASignatureWhileTheOperationsNeedOne() throws Exception {
        URI control = gateway.controlUrl().orElseThrow();
        var scrape = http.send(
                HttpRequest.newBuilder(control.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("wsgate_auth_signed_total");
        var unsigned = http.send(
                HttpRequest.newBuilder(control.resolve("/v2/apis")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }

    @Test
    void aPolicyAllowsOnlyWhatItNames() {
        long denied = count(Counter.AUTH_DENIED);
        var reader = v2(READER, READER.secretAccessKey());
        assertThat(reader.getApis().items()).isNotNull();
        assertThatThrownBy(() -> reader.createApi(r -> r.name("nope")
                        .protocolType(ProtocolType.WEBSOCKET)
                        .routeSelectionExpression("$request.body.action")))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("User: " + READER.arn()
                                    + " is not authorized to perform: apigateway:POST on resource:"
                                    + " arn:aws:apigateway:us-east-1::/apis because no identity-based policy"
                                    + " allows the apigateway:POST action");
                });
        assertThat(count(Counter.AUTH_DENIED)).isEqualTo(denied + 1);
    }

    @Test
    void unsignedAndBadlySignedCallsAreRefusedBeforeAnythingIsLookedUp() throws Exception {
        var unsigned = http.send(
                HttpRequest.newBuilder(URI.create(control() + "/v2/apis/doesnotexist"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThatThrownBy(() -> v2(ADMIN, "wrong").getApis()).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("The request signature we calculated does not match");
        });
    }

    @Test
    void theInvokeApiChecksLambdaInvokeFunction() {
        var invoked = lambda(ADMIN).invoke(r -> r.functionName("Echo").payload(SdkBytes.fromUtf8String("{\"a\":1}")));
        assertThat(invoked.payload().asUtf8String()).isEqualTo("{\"a\": 1}");
        // Allowed only Echo: a function that does not exist is refused, not reported missing.
        assertThatThrownBy(() -> lambda(ADMIN).invoke(r -> r.functionName("Other")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .contains("lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:" + ACCOUNT
                                    + ":function:Other");
                });
        assertThatThrownBy(() -> lambda(READER).invoke(r -> r.functionName("Echo")))
                .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void theSignatureCoversTheContentTypeAsSent() throws Exception {
        // A form type, as curl -d sends: the body is read as JSON all the same, and the signature
        // is checked against the type the client signed, not the one the listener reads it as.
        byte[] body = ("{\"name\":\"form-typed\",\"protocolType\":\"WEBSOCKET\","
                        + "\"routeSelectionExpression\":\"$request.body.action\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var signed = io.wsgate.testing.Signing.sign(
                "POST",
                URI.create(control() + "/v2/apis"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                body,
                ADMIN,
                false,
                "us-east-1",
                "apigateway",
                java.time.Instant.now());
        var request = HttpRequest.newBuilder(signed.getUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        io.wsgate.testing.Signing.headers(signed).forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
            }
        });
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"name\":\"form-typed\"");
    }

    @Test
    void boto3AndTheAwsCliSignTheirCalls() {
        assumeTrue(Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(), "boto3 is not installed");
        assumeTrue(Tools.probe(List.of("aws", "--version")).isPresent(), "the AWS CLI (aws) is not installed");
        Map<String, String> admin =
                Map.of("AWS_ACCESS_KEY_ID", ADMIN.accessKeyId(), "AWS_SECRET_ACCESS_KEY", ADMIN.secretAccessKey());
        var created = Tools.run(
                        List.of(
                                "python3",
                                "-c",
                                "import sys, boto3\n"
                                        + "v2 = boto3.client('apigatewayv2', endpoint_url=sys.argv[1])\n"
                                        + "print(v2.create_api(Name='from-boto3', ProtocolType='WEBSOCKET',"
                                        + " RouteSelectionExpression='$request.body.action')['ApiId'])",
                                control().toString()),
                        admin)
                .ok();
        String apiId = created.out().trim();
        var got = Tools.run(
                        List.of(
                                "aws",
                                "apigatewayv2",
                                "get-api",
                                "--endpoint-url",
                                control().toString(),
                                "--api-id",
                                apiId,
                                "--query",
                                "Name",
                                "--output",
                                "text"),
                        admin)
                .ok();
        assertThat(got.out().trim()).isEqualTo("from-boto3");
        var refused = Tools.run(
                List.of(
                        "aws",
                        "apigatewayv2",
                        "get-apis",
                        "--endpoint-url",
                        control().toString()),
                Map.of("AWS_ACCESS_KEY_ID", "AKIAWSGATENOBODY", "AWS_SECRET_ACCESS_KEY", "x"));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("The security token included in the request is invalid.");
    }
}
