package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.Signing;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@code @connections} with identities configured: every call SigV4-signed for {@code execute-api}
 * by an identity allowed {@code execute-api:ManageConnections} on the connection's resource, from the
 * Java SDK, boto3 and the AWS CLI; each kind of refusal a 403 ForbiddenException with AWS's message,
 * counted, with nothing sent to the connection.
 */
class SignedManagementTest {
    static final String ACCOUNT = "000000000000";
    static final String CONNECTIONS = "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":mgmt/dev/";

    static Identity identity(String key, String arn, String statements) {
        return new Identity(
                key,
                key.toLowerCase() + "-secret",
                null,
                arn,
                key,
                Policy.read(IamConnectTest.json("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}")));
    }

    static String allow(String resource) {
        return "{\"Effect\":\"Allow\",\"Action\":\"execute-api:ManageConnections\",\"Resource\":\"" + resource + "\"}";
    }

    static final Identity BACKEND = identity(
            "AKIAWSGATEBACKEND", "arn:aws:iam::" + ACCOUNT + ":role/backend", allow(CONNECTIONS + "*/@connections/*"));
    static final Identity POSTER = identity(
            "AKIAWSGATEPOSTER", "arn:aws:iam::" + ACCOUNT + ":role/poster", allow(CONNECTIONS + "POST/@connections/*"));
    static final Identity OTHER_API = identity(
            "AKIAWSGATEOTHER",
            "arn:aws:iam::" + ACCOUNT + ":role/other",
            allow("arn:aws:execute-api:us-east-1:" + ACCOUNT + ":other/*"));
    static final Identity TEMPORARY = new Identity(
            "ASIAWSGATETEMPMGMT",
            "temporary-secret",
            "the/session+token=",
            "arn:aws:sts::" + ACCOUNT + ":assumed-role/backend/session",
            "AROABACKEND:session",
            BACKEND.policy());

    static final Recorder lifecycle = new Recorder();

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Lifecycle", lifecycle)
            .identity(BACKEND)
            .identity(POSTER)
            .identity(OTHER_API)
            .identity(TEMPORARY)
            .api(Api.builder("mgmt")
                    .integration(Integration.function("lifecycle", "Lifecycle"))
                    .route("$connect", "lifecycle")
                    .route("$disconnect", "lifecycle")
                    .stage("dev")
                    .build()));

    static final HttpClient http = HttpClient.newHttpClient();
    static final List<ApiGatewayManagementApiClient> clients = new ArrayList<>();

    @BeforeEach
    void reset() {
        lifecycle.clear();
    }

    @AfterAll
    static void close() {
        clients.forEach(ApiGatewayManagementApiClient::close);
    }

    static ApiGatewayManagementApiClient sdk(Identity who, String secret, Region region) {
        var credentials = who.sessionToken() == null
                ? AwsBasicCredentials.create(who.accessKeyId(), secret)
                : AwsSessionCredentials.create(who.accessKeyId(), secret, who.sessionToken());
        var client = ApiGatewayManagementApiClient.builder()
                .endpointOverride(gateway.gateway().managementUrl("mgmt", "dev"))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        clients.add(client);
        return client;
    }

    static ApiGatewayManagementApiClient sdk(Identity who) {
        return sdk(who, who.secretAccessKey(), Region.US_EAST_1);
    }

    /** A client connected to the stage, and its connection id. */
    record Connected(TestClient client, String id) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    static Connected connect() {
        var client = gateway.connect("mgmt", "dev");
        return new Connected(client, lifecycle.await(EventType.CONNECT).connectionId());
    }

    static long count(Counter counter) {
        return gateway.gateway().counters().count(counter);
    }

    /** The message of the ForbiddenException {@code call} fails with. */
    static String forbidden(Runnable call) {
        var thrown = new ForbiddenException[1];
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ForbiddenException.class, e -> thrown[0] = e);
        assertThat(thrown[0].statusCode()).isEqualTo(403);
        return thrown[0].awsErrorDetails().errorMessage();
    }

    @Test
    void anAllowedIdentityPostsGetsAndDeletesThroughTheJavaSdk() {
        long signed = count(Counter.AUTH_SIGNED);
        try (var c = connect()) {
            var sdk = sdk(BACKEND);
            sdk.postToConnection(r -> r.connectionId(c.id()).data(SdkBytes.fromUtf8String("signed hello")));
            assertThat(c.client().awaitMessage()).isEqualTo("signed hello");
            assertThat(sdk.getConnection(r -> r.connectionId(c.id())).identity().sourceIp())
                    .isEqualTo("127.0.0.1");
            sdk.deleteConnection(r -> r.connectionId(c.id()));
            assertThat(c.client().awaitClose().code()).isEqualTo(1000);
            // Gone, and said so only to a caller allowed to manage the stage's connections.
            assertThatThrownBy(() -> sdk.getConnection(r -> r.connectionId(c.id())))
                    .isInstanceOf(GoneException.class);
        }
        assertThat(count(Counter.AUTH_SIGNED)).isEqualTo(signed + 4);
    }

    @Test
    void temporaryCredentialsSignWithTheirSessionToken() {
        try (var c = connect()) {
            sdk(TEMPORARY).postToConnection(r -> r.connectionId(c.id()).data(SdkBytes.fromUtf8String("temp")));
            assertThat(c.client().awaitMessage()).isEqualTo("temp");
            var withoutToken = new Identity(
                    TEMPORARY.accessKeyId(),
                    TEMPORARY.secretAccessKey(),
                    null,
                    TEMPORARY.arn(),
                    "x",
                    TEMPORARY.policy());
            assertThat(forbidden(() -> sdk(withoutToken).getConnection(r -> r.connectionId(c.id()))))
                    .isEqualTo("The security token included in the request is invalid.");
        }
    }

    @Test
    void anUnsignedCallIsForbiddenAndReachesNothing() throws Exception {
        long unsigned = count(Counter.AUTH_UNSIGNED);
        long forbidden = count(Counter.MANAGEMENT_FORBIDDEN);
        try (var c = connect()) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    gateway.gateway().managementUrl("mgmt", "dev") + "/@connections/" + c.id()))
                            .POST(HttpRequest.BodyPublishers.ofString("unsigned"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ForbiddenException");
            assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
            assertThat(response.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
            assertThat(count(Counter.AUTH_UNSIGNED)).isEqualTo(unsigned + 1);
            assertThat(count(Counter.MANAGEMENT_FORBIDDEN)).isEqualTo(forbidden + 1);
            // The next message the client gets is the signed one: the unsigned body never reached it.
            sdk(BACKEND).postToConnection(r -> r.connectionId(c.id()).data(SdkBytes.fromUtf8String("signed")));
            assertThat(c.client().awaitMessage()).isEqualTo("signed");
        }
    }

    @Test
    void badSignaturesAreForbiddenWithWhatIsWrong() {
        long bad = count(Counter.AUTH_BAD_SIGNATURE);
        try (var c = connect()) {
            String wrongSecret = forbidden(
                    () -> sdk(BACKEND, "not-the-secret", Region.US_EAST_1).getConnection(r -> r.connectionId(c.id())));
            assertThat(wrongSecret)
                    .startsWith("The request signature we calculated does not match the signature you provided.")
                    // The path as SigV4 encodes it again: '@' as %40, the id's '=' (sent as %3D) as %253D.
                    .contains("GET\n/mgmt/dev/%40connections/" + c.id().replace("=", "%253D") + "\n");
            assertThat(forbidden(() -> sdk(BACKEND, BACKEND.secretAccessKey(), Region.EU_WEST_1)
                            .getConnection(r -> r.connectionId(c.id()))))
                    .isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'. ");
            var unknown = new Identity("AKIAWSGATENOBODY", "s", null, BACKEND.arn(), "x", BACKEND.policy());
            assertThat(forbidden(() -> sdk(unknown).getConnection(r -> r.connectionId(c.id()))))
                    .isEqualTo("The security token included in the request is invalid.");
            assertThat(c.client().isClosed()).isFalse();
        }
        assertThat(count(Counter.AUTH_BAD_SIGNATURE)).isEqualTo(bad + 3);
    }

    @Test
    void aSignatureForAnotherServiceOrTooOldOrForAnotherBodyIsForbidden() throws Exception {
        try (var c = connect()) {
            URI url = URI.create(
                    gateway.gateway().managementUrl("mgmt", "dev") + "/@connections/" + c.id().replace("=", "%3D"));
            byte[] body = "signed body".getBytes(StandardCharsets.UTF_8);
            var otherService =
                    Signing.sign("POST", url, body, BACKEND, false, "us-east-1", "apigateway", Instant.now());
            assertThat(post(otherService, body).body())
                    .isEqualTo("{\"message\":\"Credential should be scoped to correct service: 'execute-api'. \"}");
            var old = Signing.sign(
                    "POST",
                    url,
                    body,
                    BACKEND,
                    false,
                    "us-east-1",
                    "execute-api",
                    Instant.now().minusSeconds(600));
            assertThat(post(old, body).body()).startsWith("{\"message\":\"Signature expired: ");
            var good = Signing.sign("POST", url, body, BACKEND, false, "us-east-1", "execute-api", Instant.now());
            var tampered = post(good, "other body".getBytes(StandardCharsets.UTF_8));
            assertThat(tampered.statusCode()).isEqualTo(403);
            // The SDK sends the body's hash, which the body must match before the signature is checked.
            assertThat(tampered.body())
                    .isEqualTo("{\"message\":\"The provided 'x-amz-content-sha256' header does not match what was"
                            + " computed.\"}");
            assertThat(post(good, body).statusCode()).isEqualTo(200);
            assertThat(c.client().awaitMessage()).isEqualTo("signed body");
        }
    }

    static HttpResponse<String> post(SdkHttpRequest signed, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(signed.getUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Signing.headers(signed).forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) { // the JDK client sets it, and forbids it set
                request.header(name, value);
            }
        });
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 403) {
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ForbiddenException");
        }
        return response;
    }

    @Test
    void aPolicyAllowsOnlyTheMethodsAndApisItNames() {
        long denied = count(Counter.AUTH_DENIED);
        try (var c = connect()) {
            sdk(POSTER).postToConnection(r -> r.connectionId(c.id()).data(SdkBytes.fromUtf8String("posted")));
            assertThat(c.client().awaitMessage()).isEqualTo("posted");
            assertThat(forbidden(() -> sdk(POSTER).deleteConnection(r -> r.connectionId(c.id()))))
                    .isEqualTo("User: " + POSTER.arn()
                            + " is not authorized to perform: execute-api:ManageConnections on resource: "
                            + CONNECTIONS + "DELETE/@connections/" + c.id().replace("=", "%3D")
                            + " because no identity-based policy allows the execute-api:ManageConnections action");
            assertThat(forbidden(() -> sdk(OTHER_API).getConnection(r -> r.connectionId(c.id()))))
                    .contains("is not authorized to perform: execute-api:ManageConnections");
            // An id no connection has: gone for who may manage the stage, forbidden for anyone else.
            assertThatThrownBy(() -> sdk(BACKEND).getConnection(r -> r.connectionId("AAAAAAAAAAAAAAA=")))
                    .isInstanceOf(GoneException.class);
            assertThat(forbidden(() -> sdk(OTHER_API).getConnection(r -> r.connectionId("AAAAAAAAAAAAAAA="))))
                    .contains(CONNECTIONS + "GET/@connections/AAAAAAAAAAAAAAA%3D");
            assertThat(c.client().isClosed()).isFalse();
        }
        assertThat(count(Counter.AUTH_DENIED)).isEqualTo(denied + 3);
    }

    @Test
    void boto3SignsItsCalls() {
        assumeTrue(Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(), "boto3 is not installed");
        try (var c = connect()) {
            String script = String.join(
                    "\n",
                    "import sys, boto3, botocore",
                    "client = boto3.client('apigatewaymanagementapi', endpoint_url=sys.argv[1])",
                    "client.post_to_connection(ConnectionId=sys.argv[2], Data=b'from boto3')",
                    "try:",
                    "    boto3.client('apigatewaymanagementapi', endpoint_url=sys.argv[1],",
                    "        aws_secret_access_key='wrong', aws_access_key_id=sys.argv[3])"
                            + ".get_connection(ConnectionId=sys.argv[2])",
                    "except botocore.exceptions.ClientError as e:",
                    "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])");
            var run = Tools.run(
                            List.of(
                                    "python3",
                                    "-c",
                                    script,
                                    gateway.gateway()
                                            .managementUrl("mgmt", "dev")
                                            .toString(),
                                    c.id(),
                                    BACKEND.accessKeyId()),
                            credentials(BACKEND))
                    .ok();
            assertThat(c.client().awaitMessage()).isEqualTo("from boto3");
            assertThat(run.out().trim()).isEqualTo("ForbiddenException 403");
        }
    }

    @Test
    void theAwsCliSignsItsCalls() {
        var version = Tools.probe(List.of("aws", "--version"));
        assumeTrue(version.isPresent(), "the AWS CLI (aws) is not installed");
        try (var c = connect()) {
            var post = new ArrayList<>(List.of(
                    "aws",
                    "apigatewaymanagementapi",
                    "post-to-connection",
                    "--endpoint-url",
                    gateway.gateway().managementUrl("mgmt", "dev").toString(),
                    "--connection-id=" + c.id(),
                    "--data",
                    "from the cli"));
            if ((version.get().out() + version.get().err()).startsWith("aws-cli/2")) {
                post.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
            }
            Tools.run(post, credentials(BACKEND)).ok();
            assertThat(c.client().awaitMessage()).isEqualTo("from the cli");
            var refused = Tools.run(
                    post,
                    credentials(POSTER).entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(
                                    Map.Entry::getKey,
                                    e -> e.getKey().equals("AWS_SECRET_ACCESS_KEY") ? "wrong" : e.getValue())));
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("ForbiddenException").contains("does not match");
        }
    }

    static Map<String, String> credentials(Identity who) {
        return Map.of(
                "AWS_ACCESS_KEY_ID", who.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", who.secretAccessKey(),
                "AWS_DEFAULT_REGION", "us-east-1");
    }
}
