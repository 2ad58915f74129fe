package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.wsgate.app.Gateway;
import io.wsgate.integration.EventType;
import io.wsgate.integration.Reply;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.Stage;
import io.wsgate.observe.Counter;
import io.wsgate.testing.Recorder;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.TokenIssuer;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JWT authorizers on {@code $connect}: tokens signed in the test (RS256, ES256, EdDSA) against an
 * issuer the test runs over HTTPS, found through its discovery document; in a query parameter, an
 * {@code Authorization} header, or {@code Sec-WebSocket-Protocol}; each bad token refused with
 * 401 before the integration; the claims on the connection's events; keys fetched again for a key
 * id not seen before.
 */
class JwtAuthorizerTest {
    static final String AUDIENCE = "wsgate-test";

    /** Answers a message with the event's {@code requestContext.authorizer}. */
    static final Recorder EVENTS = new Recorder()
            .answer((event, context) -> event.eventType() == EventType.MESSAGE
                    ? Reply.body(IamConnectTest.JSON.writeValueAsString(
                            event.requestContext().authorizer()))
                    : Reply.ok());

    static TokenIssuer issuer;
    static Gateway gateway;

    static Api api(String apiId, String source) {
        return Api.builder(apiId)
                .apiId(apiId)
                .integration(Integration.function("events", "Events"))
                .authorizer(Authorizer.jwt(
                        "jwt", "tokens", source, new Authorizer.JwtConfiguration(issuer.issuer(), List.of(AUDIENCE))))
                .route(new Route(
                        "connect",
                        Route.CONNECT,
                        Optional.of("integrations/events"),
                        AuthorizationType.JWT,
                        Optional.of("jwt"),
                        false,
                        Optional.empty(),
                        List.of()))
                .route(Route.of(Route.DEFAULT, "events").withRouteResponse())
                .stage(Stage.of("dev"))
                .build();
    }

    @BeforeAll
    static void start() throws Exception {
        issuer = new TokenIssuer();
        var trust = TestClient.trusting(TokenIssuer.CERTIFICATE).getSocketFactory();
        gateway = Gateway.builder()
                .function("Events", EVENTS)
                .jwt(new JwtVerifiers(trust, Duration.ZERO))
                .api(api("query", "$request.querystring.token"))
                .api(api("header", "$request.header.Authorization"))
                .api(api("protocol", "$request.header.Sec-WebSocket-Protocol"))
                .port(0)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    static URI url(String apiId, String query) {
        return URI.create(gateway.stageUrl(apiId, "dev") + (query == null ? "" : "?" + query));
    }

    static JsonNode authorizerOnMessage(TestClient client) throws Exception {
        client.send("who");
        return IamConnectTest.JSON.readTree(client.awaitMessage());
    }

    static long count(Counter counter) {
        return gateway.counters().count(counter);
    }

    @Test
    void tokensSignedWithEachAlgorithmConnectAndTheirClaimsAreOnEveryEvent() throws Exception {
        long accepted = count(Counter.JWT_ACCEPTED);
        for (var key : List.of(issuer.rsa, issuer.ec, issuer.ed)) {
            String token = TokenIssuer.sign(key, issuer.claims(AUDIENCE).build());
            try (var client = TestClient.connect(url("query", "token=" + token))) {
                JsonNode jwt = authorizerOnMessage(client).path("jwt");
                assertThat(jwt.path("claims").path("sub").asText())
                        .as(key.getKeyID())
                        .isEqualTo("user-42");
                assertThat(jwt.path("claims").path("iss").asText()).isEqualTo(issuer.issuer());
                assertThat(jwt.path("scopes")).extracting(JsonNode::asText).containsExactly("chat:read", "chat:write");
            }
        }
        assertThat(count(Counter.JWT_ACCEPTED)).isEqualTo(accepted + 3);
    }

    @Test
    void aBearerTokenInTheAuthorizationHeaderConnects() throws Exception {
        String token = TokenIssuer.sign(issuer.rsa, issuer.claims(AUDIENCE).build());
        try (var client =
                TestClient.connect(url("header", null), Map.of("Authorization", "Bearer " + token), List.of())) {
            assertThat(authorizerOnMessage(client)
                            .path("jwt")
                            .path("claims")
                            .path("sub")
                            .asText())
                    .isEqualTo("user-42");
        }
    }

    @Test
    void aTokenOfferedAsASubprotocolConnectsAndTheOtherProtocolIsChosen() throws Exception {
        String token = TokenIssuer.sign(issuer.ec, issuer.claims(AUDIENCE).build());
        try (var client = TestClient.connect(url("protocol", null), Map.of(), List.of("bearer", token))) {
            assertThat(client.subprotocol()).isEqualTo("bearer");
            assertThat(authorizerOnMessage(client)
                            .path("jwt")
                            .path("claims")
                            .path("aud")
                            .asText())
                    .isEqualTo("[" + AUDIENCE + "]");
        }
        try (var alone = TestClient.connect(url("protocol", null), Map.of(), List.of(token))) {
            assertThat(alone.subprotocol())
                    .as("the token, when it is the only one offered")
                    .isEqualTo(token);
        }
    }

    /** What a page in headless Chromium does: {@code new WebSocket(url, ["bearer", token])}, then one message. */
    static final String BROWSER = """
            const { chromium } = require('playwright-core');
            (async () => {
              const [executablePath, url, token] = process.argv.slice(2);
              const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
              try {
                const page = await browser.newPage();
                const result = await page.evaluate(({ url, token }) => new Promise((resolve) => {
                  const ws = new WebSocket(url, ['bearer', token]);
                  ws.onopen = () => ws.send('who');
                  ws.onmessage = (e) => { resolve({ protocol: ws.protocol, message: e.data }); ws.close(); };
                  ws.onerror = () => resolve({ error: 'the connection failed' });
                }), { url, token });
                console.log(JSON.stringify(result));
              } finally {
                await browser.close();
              }
            })().catch((e) => { console.error(e); process.exit(1); });
            """;

    @Test
    void aBrowserAuthenticatesWithAJwtInSecWebSocketProtocol(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var chromium = io.wsgate.testing.Tools.probe(List.of("sh", "-c", "command -v chromium"));
        java.nio.file.Path modules =
                java.nio.file.Path.of("src/test/node/node_modules").toAbsolutePath();
        boolean present = chromium.isPresent()
                && java.nio.file.Files.isDirectory(modules.resolve("playwright-core"))
                && io.wsgate.testing.Tools.probe(List.of("node", "--version")).isPresent();
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.assertTrue(
                    present, "chromium, node and playwright-core (.ci/run installs them)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "chromium, node or playwright-core is not installed");
        java.nio.file.Path script = dir.resolve("browser.js");
        java.nio.file.Files.writeString(script, BROWSER);
        String token = TokenIssuer.sign(
                issuer.ed, issuer.claims(AUDIENCE).subject("browser-user").build());
        var run = io.wsgate.testing.Tools.run(
                        List.of(
                                "node",
                                script.toString(),
                                chromium.get().out().trim(),
                                gateway.stageUrl("protocol", "dev").toString(),
                                token),
                        Map.of("NODE_PATH", modules.toString()))
                .ok();
        JsonNode result = IamConnectTest.JSON.readTree(run.out().trim());
        assertThat(result.path("protocol").asText()).isEqualTo("bearer");
        assertThat(IamConnectTest.JSON
                        .readTree(result.path("message").asText())
                        .path("jwt")
                        .path("claims")
                        .path("sub")
                        .asText())
                .isEqualTo("browser-user");
    }

    @Test
    void everyBadTokenIsUnauthorized() throws Exception {
        long missing = count(Counter.JWT_MISSING);
        long invalid = count(Counter.JWT_INVALID);
        long now = System.currentTimeMillis();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate(); // the issuer's kid, another key
        var bad = Map.of(
                "expired",
                TokenIssuer.sign(
                        issuer.rsa,
                        issuer.claims(AUDIENCE)
                                .expirationTime(new Date(now - 120_000))
                                .build()),
                "not yet",
                TokenIssuer.sign(
                        issuer.rsa,
                        issuer.claims(AUDIENCE)
                                .notBeforeTime(new Date(now + 120_000))
                                .build()),
                "another audience",
                TokenIssuer.sign(issuer.rsa, issuer.claims("someone-else").build()),
                "another issuer",
                TokenIssuer.sign(
                        issuer.rsa,
                        issuer.claims(AUDIENCE).issuer("https://evil.example").build()),
                "no exp",
                TokenIssuer.sign(
                        issuer.rsa, issuer.claims(AUDIENCE).expirationTime(null).build()),
                "another key",
                TokenIssuer.sign(stranger, issuer.claims(AUDIENCE).build()),
                "unsigned",
                new com.nimbusds.jwt.PlainJWT(issuer.claims(AUDIENCE).build()).serialize(),
                "not a token",
                "abc.def.ghi");
        for (var entry : bad.entrySet()) {
            var refused = IamConnectTest.refusal(url("query", "token=" + entry.getValue()), Map.of());
            assertThat(refused)
                    .as(entry.getKey())
                    .isEqualTo(new IamConnectTest.Refused(401, "{\"message\":\"Unauthorized\"}"));
        }
        assertThat(IamConnectTest.refusal(url("query", null), Map.of()).status())
                .isEqualTo(401);
        assertThat(IamConnectTest.refusal(url("header", null), Map.of("Authorization", "Bearer "))
                        .status())
                .isEqualTo(401);
        assertThat(IamConnectTest.refusal(url("protocol", null), Map.of("Sec-WebSocket-Protocol", "chat"))
                        .status())
                .isEqualTo(401);
        assertThat(count(Counter.JWT_INVALID)).isEqualTo(invalid + bad.size());
        assertThat(count(Counter.JWT_MISSING)).isEqualTo(missing + 3);
        assertThat(EVENTS.drain())
                .noneMatch(e ->
                        e.eventType() == EventType.CONNECT && e.requestContext().authorizer() == null);
    }

    @Test
    void aKeyIdNotSeenBeforeFetchesTheKeysAgain() throws Exception {
        String first = TokenIssuer.sign(issuer.rsa, issuer.claims(AUDIENCE).build());
        try (var client = TestClient.connect(url("query", "token=" + first))) {
            assertThat(client.isClosed()).isFalse();
        }
        int fetches = issuer.keyFetches();
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        issuer.publish(rotated);
        String second = TokenIssuer.sign(rotated, issuer.claims(AUDIENCE).build());
        try (var client = TestClient.connect(url("query", "token=" + second))) {
            assertThat(authorizerOnMessage(client)
                            .path("jwt")
                            .path("claims")
                            .path("sub")
                            .asText())
                    .isEqualTo("user-42");
        }
        assertThat(issuer.keyFetches()).isEqualTo(fetches + 1);
        try (var client = TestClient.connect(url("query", "token=" + first))) {
            assertThat(client.isClosed()).isFalse();
        }
        assertThat(issuer.keyFetches())
                .as("known keys are served from the cache")
                .isEqualTo(fetches + 1);
    }
}
