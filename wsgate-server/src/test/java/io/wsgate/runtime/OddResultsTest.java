package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.model.Api;
import io.wsgate.model.Integration;
import io.wsgate.model.Route;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Counter;
import io.wsgate.testing.TestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What real Node.js and Python handlers may return that is not a plain proxy result, and what the
 * client gets for it, as API Gateway reads a Lambda proxy result for a WebSocket API ({@code
 * ProxyResults}): a bare string, a number, an array or an answer over Lambda's 6 MB limit is a
 * failed Lambda (502 on {@code $connect}, the {@code Internal server error} frame on a message);
 * {@code null} is an empty answer; a {@code statusCode} written as a string is read as a number.
 */
class OddResultsTest {
    /** Each case's result, as the Python handler writes it; the Node.js handler returns the same. */
    static final String PYTHON = """
            import json
            CASES = {
                "string": "just a string",
                "number": 42,
                "array": [1, 2],
                "null": None,
                "empty": {},
                "status-string": {"statusCode": "200", "body": "status as a string"},
                "refuse-string": {"statusCode": "403"},
                "empty-body": {"statusCode": 200, "body": ""},
                "huge": {"statusCode": 200, "body": "x" * 6300000},
            }
            def handler(event, context):
                if event["requestContext"]["eventType"] == "CONNECT":
                    case = (event.get("queryStringParameters") or {}).get("case")
                    return {"statusCode": 200} if case is None else CASES[case]
                message = json.loads(event["body"])
                if message["case"] == "echo":
                    return {"statusCode": 200, "body": "echo " + message["n"]}
                return CASES[message["case"]]
            """;

    static final String NODE = """
            const CASES = {
              string: 'just a string',
              number: 42,
              array: [1, 2],
              null: null,
              empty: {},
              'status-string': { statusCode: '200', body: 'status as a string' },
              'refuse-string': { statusCode: '403' },
              'empty-body': { statusCode: 200, body: '' },
              huge: { statusCode: 200, body: 'x'.repeat(6300000) },
            };
            exports.handler = async (event) => {
              if (event.requestContext.eventType === 'CONNECT') {
                const c = (event.queryStringParameters || {}).case;
                return c === undefined ? { statusCode: 200 } : CASES[c];
              }
              const message = JSON.parse(event.body);
              if (message.case === 'echo') return { statusCode: 200, body: 'echo ' + message.n };
              return CASES[message.case];
            };
            """;

    static Gateway gateway;

    @BeforeAll
    static void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("odd.py"), PYTHON);
        Files.writeString(dir.resolve("odd.js"), NODE);
        gateway = Gateway.builder()
                .function(odd("OddPy", RuntimeFunction.Runtime.PYTHON312, dir))
                .function(odd("OddJs", RuntimeFunction.Runtime.NODEJS20, dir))
                .api(api("python", "OddPy"))
                .api(api("node", "OddJs"))
                .port(0)
                .start();
    }

    /** One process, so that an answer that sends nothing is known to be done before the next message's. */
    static RuntimeFunction odd(String name, RuntimeFunction.Runtime runtime, Path dir) {
        return RuntimeFunction.of(name, runtime, "odd.handler", dir)
                .withTimeout(Duration.ofSeconds(20))
                .withReservedConcurrentExecutions(1);
    }

    static Api api(String id, String function) {
        return Api.builder(id)
                .apiId(id)
                .integration(Integration.function("odd", function))
                .route(new Route(
                        "connect",
                        "$connect",
                        java.util.Optional.of(Route.TARGET_PREFIX + "odd"),
                        io.wsgate.model.AuthorizationType.NONE,
                        java.util.Optional.empty(),
                        false,
                        java.util.Optional.empty(),
                        java.util.List.of()))
                .route(LocalFunctionFailuresTest.twoWay("$default", "odd"))
                .stage("dev")
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    static URI url(String api, String query) {
        return URI.create("ws://127.0.0.1:" + gateway.port() + "/" + api + "/dev" + query);
    }

    static String reply(TestClient client, String testCase) {
        client.send("{\"case\":\"" + testCase + "\"}");
        return client.awaitMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void aResultThatIsNoProxyResultIsAFailedLambdaOnAMessage(String api) {
        try (var client = TestClient.connect(url(api, ""))) {
            for (String testCase : new String[] {"string", "number", "array"}) {
                assertThat(reply(client, testCase)).as(testCase).startsWith("{\"message\": \"Internal server error\"");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void aStatusCodeWrittenAsAStringIsReadAsANumberAndAnEmptyBodyIsSentEmpty(String api) {
        try (var client = TestClient.connect(url(api, ""))) {
            assertThat(reply(client, "status-string")).isEqualTo("status as a string");
            assertThat(reply(client, "empty-body")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void nullOrNoBodySendsNothingOnAMessage(String api) {
        try (var client = TestClient.connect(url(api, ""))) {
            client.send("{\"case\":\"null\"}");
            client.send("{\"case\":\"empty\"}");
            client.send("{\"case\":\"echo\",\"n\":\"1\"}");
            assertThat(client.awaitMessage())
                    .as("the next message the client gets is the echo's: the two before sent nothing")
                    .isEqualTo("echo 1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void anAnswerOverSixMegabytesFailsAsOnLambdaAndTheProcessServesOn(String api) {
        long before = gateway.counters().count(Counter.FUNCTION_RESPONSE_TOO_LARGE);
        try (var client = TestClient.connect(url(api, ""))) {
            assertThat(reply(client, "huge")).startsWith("{\"message\": \"Internal server error\"");
            client.send("{\"case\":\"echo\",\"n\":\"2\"}");
            assertThat(client.awaitMessage()).isEqualTo("echo 2");
        }
        assertThat(gateway.counters().count(Counter.FUNCTION_RESPONSE_TOO_LARGE))
                .isEqualTo(before + 1);
        assertThat(TestClient.refusal(url(api, "?case=huge"))).isEqualTo(502);
    }

    @ParameterizedTest
    @ValueSource(strings = {"python", "node"})
    void onConnectWhatIsNoStatusIsA502AndAStringStatusIsItsNumber(String api) {
        for (String testCase : new String[] {"string", "number", "array", "null", "empty"}) {
            assertThat(TestClient.refusal(url(api, "?case=" + testCase)))
                    .as(testCase)
                    .isEqualTo(502);
        }
        assertThat(TestClient.refusal(url(api, "?case=refuse-string"))).isEqualTo(403);
        try (var client = TestClient.connect(url(api, "?case=status-string"))) {
            assertThat(reply(client, "status-string")).isEqualTo("status as a string");
        }
    }
}
