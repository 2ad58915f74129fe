package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.observe.Counter;
import io.wsgate.testing.GatewayExtension;
import io.wsgate.testing.RawWebSocket;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.Signing;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * {@code AWS_IAM} on {@code $connect}: the upgrade signed by the AWS SDK for Java's SigV4 signer
 * (presigned URL and headers) and by botocore's {@code SigV4QueryAuth}, through real handshakes;
 * each kind of bad signature, and a policy that does not allow the connect, refused with 403 and
 * AWS's message; the signer's identity on the connection's events.
 */
class IamConnectTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "000000000000";
    static final String METHOD_ARN = "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":signed/dev/$connect";

    static final Identity CLIENT = new Identity(
            "AKIAWSGATECLIENT01",
            "client-secret",
            null,
            "arn:aws:iam::" + ACCOUNT + ":user/client",
            "AIDAWSGATECLIENT",
            policy("Allow", METHOD_ARN));
    static final Identity TEMPORARY = new Identity(
            "ASIAWSGATETEMP01",
            "temp-secret",
            "session-token/with+odd=chars",
            "arn:aws:sts::" + ACCOUNT + ":assumed-role/web/session",
            "AROAWSGATEWEB:session",
            policy("Allow", "arn:aws:execute-api:*:*:signed/*"));
    static final Identity STRANGER = new Identity(
            "AKIAWSGATESTRANGER",
            "stranger-secret",
            null,
            "arn:aws:iam::" + ACCOUNT + ":user/stranger",
            "AIDASTRANGER",
            policy("Allow", "arn:aws:execute-api:us-east-1:" + ACCOUNT + ":other/*"));
    static final Identity DENIED = new Identity(
            "AKIAWSGATEDENIED",
            "denied-secret",
            null,
            "arn:aws:iam::" + ACCOUNT + ":user/denied",
            "AIDADENIED",
            Policy.read(json("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"execute-api:*\",\"Resource\":\"*\"},"
                    + "{\"Effect\":\"Deny\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"" + METHOD_ARN
                    + "\"}]}")));

    static Policy policy(String effect, String resource) {
        return Policy.read(json("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect
                + "\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"" + resource + "\"}]}"));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Answers a message with the event's {@code requestContext.identity}, as the integration sees it. */
    static final Recorder EVENTS = new Recorder()
            .answer((event, context) -> event.eventType() == EventType.MESSAGE
                    ? Reply.body(JSON.writeValueAsString(
                            event.requestContext().caller().identity()))
                    : Reply.ok());

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(() -> Gateway.builder()
            .function("Events", EVENTS)
            .identity(CLIENT)
            .identity(TEMPORARY)
            .identity(STRANGER)
            .identity(DENIED)
            .api(Api.builder("signed")
                    .apiId("signed")
                    .integration(Integration.function("events", "Events"))
                    .route(new Route(
                            "connect",
                            Route.CONNECT,
                            Optional.of("integrations/events"),
                            AuthorizationType.AWS_IAM,
                            Optional.empty(),
                            false,
                            Optional.empty(),
                            List.of()))
                    .route(Route.of(Route.DISCONNECT, "events"))
                    .route(Route.of(Route.DEFAULT, "events").withRouteResponse())
                    .stage(Stage.of("dev"))
                    .build()));

    static URI url() {
        return gateway.url("signed", "dev");
    }

    /** {@code url} signed by the SDK's SigV4 signer, in its query string or in headers. */
    static SdkHttpRequest sdkSigned(
            URI url, Identity who, boolean presigned, String region, String service, Instant at) {
        return Signing.sign("GET", url, null, who, presigned, region, service, at);
    }

    /** The URL of a request signed for http, as a WebSocket client uses it. */
    static URI ws(SdkHttpRequest signed) {
        return URI.create(signed.getUri().toString().replaceFirst("^http", "ws"));
    }

    static SdkHttpRequest sdkSigned(Identity who, boolean presigned) {
        return sdkSigned(url(), who, presigned, "us-east-1", "execute-api", Instant.now());
    }

    /** The headers a header-signed request carries besides Host, which the client sends itself. */
    static Map<String, String> signingHeaders(SdkHttpRequest signed) {
        return Signing.headers(signed);
    }

    /** The identity a message on {@code client} is answered with. */
    static JsonNode identityOnMessage(TestClient client) throws Exception {
        client.send("who");
        return JSON.readTree(client.awaitMessage());
    }

    @Test
    void aUrlPresignedByTheJavaSdkConnectsAndItsSignerIsOnEveryEvent() throws Exception {
        EVENTS.drain();
        long signed = gateway.gateway().counters().count(Counter.AUTH_SIGNED);
        try (var client = TestClient.connect(ws(sdkSigned(CLIENT, true)))) {
            JsonNode identity = identityOnMessage(client);
            assertThat(identity.path("accessKey").asText()).isEqualTo(CLIENT.accessKeyId());
            assertThat(identity.path("accountId").asText()).isEqualTo(ACCOUNT);
            assertThat(identity.path("caller").asText()).isEqualTo("AIDAWSGATECLIENT");
            assertThat(identity.path("user").asText()).isEqualTo("AIDAWSGATECLIENT");
            assertThat(identity.path("userArn").asText()).isEqualTo(CLIENT.arn());
            WebSocketEvent connect = EVENTS.await(EventType.CONNECT);
            assertThat(connect.requestContext().caller().identity()).containsEntry("userArn", CLIENT.arn());
        }
        assertThat(gateway.gateway().counters().count(Counter.AUTH_SIGNED)).isEqualTo(signed + 1);
    }

    @Test
    void headersSignedByTheJavaSdkConnectToo() throws Exception {
        SdkHttpRequest signed = sdkSigned(CLIENT, false);
        assertThat(signed.firstMatchingHeader("Authorization")).isPresent();
        try (var client = TestClient.connect(url(), signingHeaders(signed), List.of())) {
            assertThat(identityOnMessage(client).path("accessKey").asText()).isEqualTo(CLIENT.accessKeyId());
        }
    }

    @Test
    void temporaryCredentialsConnectWithTheirSessionTokenAndNotWithout() throws Exception {
        URI presigned = ws(sdkSigned(TEMPORARY, true));
        assertThat(presigned.getRawQuery()).contains("X-Amz-Security-Token=");
        try (var client = TestClient.connect(presigned)) {
            assertThat(identityOnMessage(client).path("caller").asText()).isEqualTo("AROAWSGATEWEB:session");
        }
        String withoutToken = presigned.toString().replaceAll("&?X-Amz-Security-Token=[^&]*", "");
        var refused = refusal(URI.create(withoutToken));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body())
                .isEqualTo("{\"message\":\"The security token included in the request is invalid.\"}");
    }

    @Test
    void aUrlPresignedByBotocoreConnects() throws Exception {
        String script = String.join(
                "\n",
                "import sys",
                "from botocore.auth import SigV4QueryAuth",
                "from botocore.awsrequest import AWSRequest",
                "from botocore.credentials import Credentials",
                "request = AWSRequest(method='GET', url=sys.argv[1])",
                "SigV4QueryAuth(Credentials(sys.argv[2], sys.argv[3]), 'execute-api', 'us-east-1', expires=60)"
                        + ".add_auth(request)",
                "print(request.url)");
        Process python = new ProcessBuilder(
                        "python3", "-c", script, url().toString(), CLIENT.accessKeyId(), CLIENT.secretAccessKey())
                .redirectErrorStream(true)
                .start();
        String presigned =
                new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(python.waitFor()).as(presigned).isZero();
        assertThat(presigned).contains("X-Amz-Signature=");
        try (var client = TestClient.connect(URI.create(presigned))) {
            assertThat(identityOnMessage(client).path("userArn").asText()).isEqualTo(CLIENT.arn());
        }
    }

    record Refused(int status, String body) {}

    /** The status and body a handshake to {@code url}, with {@code headers}, is refused with. */
    static Refused refusal(URI url, Map<String, String> headers) throws Exception {
        var request = new StringBuilder("GET " + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()) + " HTTP/1.1\r\n");
        request.append("Host: ").append(url.getAuthority()).append("\r\n");
        request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n");
        request.append("Sec-WebSocket-Key: ").append(RawWebSocket.newKey()).append("\r\n");
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        try (var raw =
                RawWebSocket.request(url.getPort(), request.append("\r\n").toString())) {
            return new Refused(raw.status(), raw.body());
        }
    }

    static Refused refusal(URI url) throws Exception {
        return refusal(url, Map.of());
    }

    static String message(Refused refused) {
        return json(refused.body()).path("message").asText();
    }

    @Test
    void eachBadSignatureIsRefusedWith403AndAwssWordsAndNothingIsCalled() throws Exception {
        EVENTS.drain();
        var counters = gateway.gateway().counters();
        long unsigned = counters.count(Counter.AUTH_UNSIGNED);
        long bad = counters.count(Counter.AUTH_BAD_SIGNATURE);

        assertThat(refusal(url())).isEqualTo(new Refused(403, "{\"message\":\"Missing Authentication Token\"}"));

        Identity wrongSecret = new Identity(
                CLIENT.accessKeyId(), "not-the-secret", null, CLIENT.arn(), CLIENT.principalId(), CLIENT.policy());
        Refused mismatch = refusal(ws(sdkSigned(wrongSecret, true)));
        assertThat(mismatch.status()).isEqualTo(403);
        assertThat(message(mismatch))
                .startsWith("The request signature we calculated does not match the signature you provided.")
                .contains("The Canonical String for this request should have been\n'GET\n" + url().getRawPath() + "\n");

        Refused old = refusal(
                url(),
                signingHeaders(sdkSigned(
                        url(),
                        CLIENT,
                        false,
                        "us-east-1",
                        "execute-api",
                        Instant.now().minusSeconds(360))));
        assertThat(old.status()).isEqualTo(403);
        assertThat(message(old)).startsWith("Signature expired: ").endsWith(" - 5 min.)");

        Refused early = refusal(
                url(),
                signingHeaders(sdkSigned(
                        url(),
                        CLIENT,
                        false,
                        "us-east-1",
                        "execute-api",
                        Instant.now().plusSeconds(360))));
        assertThat(message(early)).startsWith("Signature not yet current: ");

        Refused lapsed = refusal(ws(sdkSigned(
                url(), CLIENT, true, "us-east-1", "execute-api", Instant.now().minusSeconds(180))));
        assertThat(message(lapsed)).startsWith("Signature expired: the URL was signed at ");

        Refused region = refusal(ws(sdkSigned(url(), CLIENT, true, "eu-west-1", "execute-api", Instant.now())));
        assertThat(message(region)).isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'. ");

        Refused service = refusal(ws(sdkSigned(url(), CLIENT, true, "us-east-1", "apigateway", Instant.now())));
        assertThat(message(service)).isEqualTo("Credential should be scoped to correct service: 'execute-api'. ");

        Identity unknown = new Identity("AKIANOBODY", "x", null, CLIENT.arn(), "x", CLIENT.policy());
        assertThat(message(refusal(ws(sdkSigned(unknown, true)))))
                .isEqualTo("The security token included in the request is invalid.");

        Refused broken = refusal(url(), Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAWSGATECLIENT01"));
        assertThat(message(broken)).startsWith("Authorization header requires 'Signature' parameter.");

        assertThat(counters.count(Counter.AUTH_UNSIGNED)).isEqualTo(unsigned + 1);
        assertThat(counters.count(Counter.AUTH_BAD_SIGNATURE)).isEqualTo(bad + 8);
        assertThat(EVENTS.drain())
                .as("no refused handshake reaches the integration")
                .isEmpty();
    }

    @Test
    void aGoodSignatureWhosePolicyDoesNotAllowTheConnectIsRefused() throws Exception {
        EVENTS.drain();
        long denied = gateway.gateway().counters().count(Counter.AUTH_DENIED);
        Refused noAllow = refusal(ws(sdkSigned(STRANGER, true)));
        assertThat(noAllow.status()).isEqualTo(403);
        assertThat(message(noAllow))
                .isEqualTo("User: " + STRANGER.arn() + " is not authorized to perform: execute-api:Invoke on resource: "
                        + METHOD_ARN + " because no identity-based policy allows the execute-api:Invoke action");
        Refused deny = refusal(ws(sdkSigned(DENIED, false)), signingHeaders(sdkSigned(DENIED, false)));
        assertThat(message(deny))
                .isEqualTo("User: " + DENIED.arn() + " is not authorized to perform: execute-api:Invoke on resource: "
                        + METHOD_ARN + " with an explicit deny");
        assertThat(gateway.gateway().counters().count(Counter.AUTH_DENIED)).isEqualTo(denied + 2);
        assertThat(connects(EVENTS.drain())).isEmpty();
    }

    /** The CONNECT events of {@code events}: a DISCONNECT of an earlier test's client may arrive late. */
    static List<WebSocketEvent> connects(List<WebSocketEvent> events) {
        return events.stream().filter(e -> e.eventType() == EventType.CONNECT).toList();
    }
}
