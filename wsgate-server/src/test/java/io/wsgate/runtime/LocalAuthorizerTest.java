package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.app.Gateway;
import io.wsgate.config.ConfigLoader;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REQUEST authorizers written for Lambda in Node.js and Python, run as local functions in real
 * {@code node} and {@code python3} processes, declared in the file under {@code authorizers}: an
 * Allow lets the connection in with its context on later events; {@code Unauthorized} thrown is
 * 401, a Deny 403, a timeout (the function's own) 500.
 */
class LocalAuthorizerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Gateway gateway;

    static final String CONFIG = """
            functions:
              NodeAuth: {runtime: nodejs20.x, handler: auth.handler, code: js}
              PyAuth: {runtime: python3.11, handler: auth.handler, code: py}
              SlowAuth: {runtime: python3.11, handler: auth.slow, code: py, timeout: 1}
              Echo: {runtime: nodejs20.x, handler: echo.handler, code: js}
            apis:
            %s
            """;

    static final String API = """
              - name: %1$s
                routeSelectionExpression: $request.body.action
                authorizers:
                  - name: gate
                    authorizerType: REQUEST
                    authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:%2$s/invocations
                    identitySource: [route.request.querystring.token]
                integrations:
                  - {integrationId: echo, integrationType: AWS_PROXY, integrationUri: Echo}
                routes:
                  - {routeKey: $connect, target: integrations/echo, authorizationType: CUSTOM, authorizerId: gate}
                  - {routeKey: $default, target: integrations/echo, routeResponseSelectionExpression: $default}
                stages:
                  - stageName: dev
            """;

    @BeforeAll
    static void start() throws Exception {
        Path js = Files.createDirectories(dir.resolve("js"));
        Files.writeString(js.resolve("auth.mjs"), """
                export const handler = async (event) => {
                  const token = event.queryStringParameters.token;
                  if (token === 'nope') throw new Error('Unauthorized');
                  return {
                    principalId: 'node-' + token,
                    policyDocument: {Version: '2012-10-17', Statement: [
                      {Action: 'execute-api:Invoke', Effect: token === 'deny' ? 'Deny' : 'Allow', Resource: event.methodArn}]},
                    context: {runtime: 'node', n: 1},
                  };
                };
                """);
        Files.writeString(js.resolve("echo.mjs"), """
                export const handler = async (event) => ({statusCode: 200, body: JSON.stringify(event.requestContext.authorizer)});
                """);
        Path py = Files.createDirectories(dir.resolve("py"));
        Files.writeString(py.resolve("auth.py"), """
                import time
                def handler(event, context):
                    token = event["queryStringParameters"]["token"]
                    if token == "nope":
                        raise Exception("Unauthorized")
                    effect = "Deny" if token == "deny" else "Allow"
                    return {"principalId": "py-" + token,
                            "policyDocument": {"Version": "2012-10-17", "Statement": [
                                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]},
                            "context": {"runtime": "python", "ok": True}}
                def slow(event, context):
                    time.sleep(5)
                """);
        Path config = dir.resolve("wsgate.yaml");
        Files.writeString(
                config,
                CONFIG.formatted(API.formatted("nodeauth", "NodeAuth")
                        + API.formatted("pyauth", "PyAuth")
                        + API.formatted("slowauth", "SlowAuth")));
        gateway = Gateway.fromFile(ConfigLoader.load(config)).port(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    static URI uri(String api, String token) {
        return URI.create(gateway.stageUrl(api, "dev") + (token == null ? "" : "?token=" + token));
    }

    @Test
    void aNodeAuthorizerDecidesAndItsContextReachesTheMessages() throws Exception {
        decides("nodeauth", "node", Map.of("runtime", "node", "n", 1));
    }

    @Test
    void aPythonAuthorizerDecidesAndItsContextReachesTheMessages() throws Exception {
        decides("pyauth", "py", Map.of("runtime", "python", "ok", true));
    }

    private static void decides(String api, String prefix, Map<String, Object> context) throws Exception {
        assertThat(TestClient.refusal(uri(api, null))).as("no token").isEqualTo(401);
        assertThat(TestClient.refusal(uri(api, "nope")))
                .as("Unauthorized thrown")
                .isEqualTo(401);
        assertThat(TestClient.refusal(uri(api, "deny"))).as("a Deny").isEqualTo(403);
        try (var client = TestClient.connect(uri(api, "t1"))) {
            client.send("{}");
            JsonNode authorizer = JSON.readTree(client.awaitMessage());
            assertThat(authorizer.path("principalId").asText()).isEqualTo(prefix + "-t1");
            assertThat(authorizer.path("integrationLatency").isNumber()).isTrue();
            context.forEach((key, value) -> assertThat(JSON.convertValue(authorizer.path(key), Object.class))
                    .as(key)
                    .isEqualTo(value));
        }
    }

    @Test
    void anAuthorizerThatTimesOutIs500() {
        assertThat(TestClient.refusal(uri("slowauth", "t"))).isEqualTo(500);
        assertThat(TestClient.refusal(uri("slowauth", null)))
                .as("still checked first")
                .isEqualTo(401);
        assertThat(gateway.counters().count(io.wsgate.observe.Counter.FUNCTION_TIMEOUT))
                .isPositive();
    }
}
