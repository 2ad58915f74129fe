package io.wsgate.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.integration.IntegrationResult.Failed;
import io.wsgate.integration.IntegrationResult.Failure;
import io.wsgate.integration.IntegrationResult.Response;
import org.junit.jupiter.api.Test;

/** Reading Lambda proxy results as API Gateway does. */
class ProxyResultsTest {
    private static IntegrationResult read(String json) throws Exception {
        return ProxyResults.read(new ObjectMapper().readTree(json));
    }

    @Test
    void aProxyResultGivesStatusHeadersAndBody() throws Exception {
        var result = (Response) read("{\"statusCode\": 200, \"headers\": {\"Sec-WebSocket-Protocol\": \"v1\"},"
                + " \"multiValueHeaders\": {\"X-A\": [\"1\", \"2\"]}, \"body\": \"hi\", \"isBase64Encoded\": false}");
        assertThat(result.statusCode()).hasValue(200);
        assertThat(result.header("sec-websocket-protocol")).contains("v1");
        assertThat(result.header("X-A")).contains("2");
        assertThat(result.body()).contains("hi");
    }

    @Test
    void aNumericStringStatusAndABase64BodyAreAccepted() throws Exception {
        var result = (Response) read("{\"statusCode\": \"401\", \"body\": \"aGVsbG8=\", \"isBase64Encoded\": true}");
        assertThat(result.statusCode()).hasValue(401);
        assertThat(result.body()).contains("hello");
    }

    @Test
    void nullAndEmptyObjectsAreEmptyResponses() throws Exception {
        assertThat((Response) ProxyResults.read(null)).satisfies(r -> {
            assertThat(r.statusCode()).isEmpty();
            assertThat(r.body()).isEmpty();
        });
        assertThat((Response) read("{}"))
                .satisfies(r -> assertThat(r.statusCode()).isEmpty());
    }

    @Test
    void anythingElseIsMalformed() throws Exception {
        for (String json : new String[] {
            "{\"statusCode\":200,\"ConnectionId\":\"x\",\"Data\":\"y\"}",
            "\"just a string\"",
            "[1]",
            "{\"statusCode\":\"ok\"}",
            "{\"statusCode\":200.5}",
            "{\"body\":{\"not\":\"a string\"}}",
            "{\"body\":\"%%%\",\"isBase64Encoded\":true}"
        }) {
            assertThat(read(json))
                    .as(json)
                    .isInstanceOfSatisfying(
                            Failed.class, f -> assertThat(f.failure()).isEqualTo(Failure.MALFORMED));
        }
    }
}
