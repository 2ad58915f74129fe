package io.wsgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.auth.Identity;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.observe.Counter;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * The console with identities: every endpoint but the page and the session's state needs a
 * signature or a sign-in, and the identity's policy decides each call as IAM would (apigateway:GET
 * for the APIs, execute-api:ManageConnections on the stage's @connections ARN for connections).
 */
class ConsoleIdentitiesTest {
    static final String ACCOUNT = "000000000000";
    static final ObjectMapper JSON = new ObjectMapper();

    static Identity identity(String key, String name, String statements) {
        return io.wsgate.testing.Identities.user(key, name, statements);
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final Identity OPERATOR = identity(
            "AKIAOPERATOR",
            "operator",
            "{\"Effect\":\"Allow\",\"Action\":\"apigateway:GET\",\"Resource\":\"*\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":\"execute-api:ManageConnections\","
                    + "\"Resource\":\"arn:aws:execute-api:us-east-1:" + ACCOUNT + ":echo/dev/*\"}");
    static final Identity READER =
            identity("AKIAREADER", "reader", "{\"Effect\":\"Allow\",\"Action\":\"apigateway:GET\",\"Resource\":\"*\"}");

    @TempDir
    static Path dir;

    static Gateway gateway;
    static URI control;
    static TestClient client;
    static final Recorder echo = new Recorder().answer((e, c) -> Reply.ok());

    @BeforeAll
    static void start() {
        gateway = Gateway.builder()
                .port(0)
                .control(0, dir.resolve("data"))
                .identity(OPERATOR)
                .identity(READER)
                .function("Echo", echo)
                .api(Api.builder("Echo")
                        .integration(Integration.function("echo", "Echo"))
                        .route("$connect", "echo")
                        .stage("dev")
                        .build())
                .start();
        control = gateway.controlUrl().orElseThrow();
        client = TestClient.connect(gateway.stageUrl("echo", "dev"));
        echo.await(EventType.CONNECT);
    }

    @AfterAll
    static void stop() {
        client.abort();
        gateway.close();
    }

    record Call(String method, String path, String body, Map<String, String> headers) {
        Call(String method, String path) {
            this(method, path, null, Map.of());
        }

        Call with(String name, String value) {
            var more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Call(method, path, body, more);
        }

        /** Signed for apigateway by {@code identity}, with the AWS SDK's signer. */
        Call signedBy(Identity identity) {
            var unsigned = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.fromValue(method))
                    .uri(control.resolve(path))
                    .build();
            var signed = AwsV4HttpSigner.create()
                    .sign(r -> r.identity(
                                    AwsBasicCredentials.create(identity.accessKeyId(), identity.secretAccessKey()))
                            .request(unsigned)
                            .payload(ContentStreamProvider.fromUtf8String(body == null ? "" : body))
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "apigateway"));
            var headers = new java.util.HashMap<>(this.headers);
            signed.request().headers().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("host")) {
                    headers.put(k, v.get(0));
                }
            });
            return new Call(method, path, body, headers);
        }

        HttpResponse<String> send() throws Exception {
            var request = HttpRequest.newBuilder(control.resolve(path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            try (var http = HttpClient.newHttpClient()) {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    static void refused(HttpResponse<String> response, int status, String type, String says) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(json(response.body()).path("message").asText()).contains(says);
    }

    static String cookie(HttpResponse<String> signIn) {
        String set = signIn.headers().firstValue("set-cookie").orElseThrow();
        assertThat(set)
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/");
        return set.substring(0, set.indexOf(';'));
    }

    @Test
    void thePageIsOpenAndEveryEndpointNeedsAnIdentity() throws Exception {
        assertThat(new Call("GET", "/console/").send().statusCode()).isEqualTo(200);
        assertThat(json(new Call("GET", "/wsgate/session").send().body())
                        .path("signInRequired")
                        .asBoolean())
                .isTrue();
        long unsigned = gateway.counters().count(Counter.AUTH_UNSIGNED);
        for (String path : List.of("/wsgate/apis", "/wsgate/connections", "/wsgate/metrics")) {
            refused(new Call("GET", path).send(), 403, "MissingAuthenticationTokenException", "sign in at /console/");
        }
        assertThat(gateway.counters().count(Counter.AUTH_UNSIGNED) - unsigned).isEqualTo(3);
        var wrongSecret = new Call("GET", "/wsgate/apis")
                .signedBy(new Identity(
                        OPERATOR.accessKeyId(),
                        "not-the-secret",
                        null,
                        OPERATOR.arn(),
                        OPERATOR.principalId(),
                        OPERATOR.policy()));
        refused(wrongSecret.send(), 403, "InvalidSignatureException", "signature");
    }

    @Test
    void aSignedCallIsDecidedByTheSignersPolicy() throws Exception {
        var listed = new Call("GET", "/wsgate/connections?apiId=echo&stage=dev")
                .signedBy(OPERATOR)
                .send();
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(json(listed.body()).path("items")).hasSize(1);
        refused(
                new Call("GET", "/wsgate/connections?apiId=echo&stage=dev")
                        .signedBy(READER)
                        .send(),
                403,
                "AccessDeniedException",
                "User: " + READER.arn() + " is not authorized to perform: execute-api:ManageConnections on resource:"
                        + " arn:aws:execute-api:us-east-1:" + ACCOUNT + ":echo/dev/GET/@connections");
        // without a stage, the stages it may not list are left out
        var all = new Call("GET", "/wsgate/connections").signedBy(READER).send();
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all.body()).path("items")).isEmpty();
        assertThat(new Call("GET", "/wsgate/apis").signedBy(READER).send().statusCode())
                .isEqualTo(200);
        // a signed change still needs the header
        refused(
                new Call("DELETE", "/wsgate/connections/nope")
                        .signedBy(OPERATOR)
                        .send(),
                403,
                "ForbiddenException",
                Console.HEADER);
        refused(
                new Call("DELETE", "/wsgate/connections/nope")
                        .with(Console.HEADER, "1")
                        .signedBy(OPERATOR)
                        .send(),
                410,
                "GoneException",
                "nope");
    }

    @Test
    void aSignInStandsForItsIdentityUntilItsSignedOut() throws Exception {
        long refusedSignIns = gateway.counters().count(Counter.CONSOLE_SIGN_IN_REFUSED);
        refused(
                new Call(
                                "POST",
                                "/wsgate/session",
                                "{\"accessKeyId\":\"AKIAOPERATOR\",\"secretAccessKey\":\"guess\"}",
                                Map.of(Console.HEADER, "1"))
                        .send(),
                403,
                "AccessDeniedException",
                "not those of an identity");
        refused(
                new Call("POST", "/wsgate/session", "{\"accessKeyId\":\"AKIAOPERATOR\"}", Map.of(Console.HEADER, "1"))
                        .send(),
                400,
                "BadRequestException",
                "secretAccessKey");
        refused(
                new Call("POST", "/wsgate/session", "not json", Map.of(Console.HEADER, "1")).send(),
                400,
                "BadRequestException",
                "JSON");
        assertThat(gateway.counters().count(Counter.CONSOLE_SIGN_IN_REFUSED) - refusedSignIns)
                .isEqualTo(1);

        var signIn = new Call(
                        "POST",
                        "/wsgate/session",
                        "{\"accessKeyId\":\"AKIAREADER\",\"secretAccessKey\":\"reader-secret\"}",
                        Map.of(Console.HEADER, "1"))
                .send();
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        assertThat(json(signIn.body()).path("arn").asText()).isEqualTo(READER.arn());
        String cookie = cookie(signIn);

        assertThat(json(new Call("GET", "/wsgate/session", null, Map.of("Cookie", cookie))
                                .send()
                                .body())
                        .path("arn")
                        .asText())
                .isEqualTo(READER.arn());
        // the cookie alone is not enough: a page of another site could send it
        refused(
                new Call("GET", "/wsgate/apis", null, Map.of("Cookie", cookie)).send(),
                403,
                "ForbiddenException",
                Console.HEADER);
        var apis = new Call("GET", "/wsgate/apis", null, Map.of("Cookie", cookie, Console.HEADER, "1")).send();
        assertThat(apis.statusCode()).isEqualTo(200);
        assertThat(json(apis.body()).path("apis").get(0).path("apiId").asText()).isEqualTo("echo");
        // signed in as the reader, the policy is the reader's
        refused(
                new Call(
                                "GET",
                                "/wsgate/connections?apiId=echo&stage=dev",
                                null,
                                Map.of("Cookie", cookie, Console.HEADER, "1"))
                        .send(),
                403,
                "AccessDeniedException",
                "execute-api:ManageConnections");

        var signOut = new Call("DELETE", "/wsgate/session", null, Map.of("Cookie", cookie, Console.HEADER, "1")).send();
        assertThat(signOut.statusCode()).isEqualTo(204);
        refused(
                new Call("GET", "/wsgate/apis", null, Map.of("Cookie", cookie, Console.HEADER, "1")).send(),
                403,
                "MissingAuthenticationTokenException",
                "sign in");
    }
}
