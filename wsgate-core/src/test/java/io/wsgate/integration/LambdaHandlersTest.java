package io.wsgate.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lambda handlers of every shape run in-process, with the event JSON AWS would send them. */
class LambdaHandlersTest {
    public static final class MapHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            @SuppressWarnings("unchecked")
            var request = (Map<String, Object>) event.get("requestContext");
            return Map.of("statusCode", 200, "body", request.get("connectionId") + " via " + context.getFunctionName());
        }
    }

    /** A POJO shaped like the part of the event it needs, as some handlers are written. */
    public static final class Incoming {
        public String body;
        public Map<String, Object> requestContext;
    }

    /** The proxy result as a POJO. */
    public static final class Outgoing {
        public int statusCode = 200;
        public String body;
    }

    public static final class PojoHandler implements RequestHandler<Incoming, Outgoing> {
        @Override
        public Outgoing handleRequest(Incoming event, Context context) {
            var out = new Outgoing();
            out.body = event.body.toUpperCase() + " " + event.requestContext.get("routeKey");
            return out;
        }
    }

    public static final class StreamHandler implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws java.io.IOException {
            JsonNode event = new ObjectMapper().readTree(in);
            out.write(("{\"statusCode\":200,\"body\":\""
                            + event.at("/requestContext/eventType").asText() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static IntegrationResult run(Object handler) throws Exception {
        Functions functions = Functions.builder().add("fn", handler).build();
        var context = new HandlerContext(null, "fn", System.nanoTime() + 1_000_000_000L);
        return functions
                .find(FunctionName.parse("fn"))
                .orElseThrow()
                .function()
                .call(TemplateTest.event("hello"), context);
    }

    @Test
    void aMapHandlerGetsTheEventAsJsonMaps() throws Exception {
        assertThat(run(new MapHandler())).isEqualTo(IntegrationResult.Response.of(200, "c1= via fn"));
    }

    @Test
    void aPojoHandlerIsBoundFromTheJson() throws Exception {
        assertThat(run(new PojoHandler())).isEqualTo(IntegrationResult.Response.of(200, "HELLO send"));
    }

    @Test
    void aStreamHandlerReadsAndWritesJson() throws Exception {
        assertThat(run(new StreamHandler())).isEqualTo(IntegrationResult.Response.of(200, "MESSAGE"));
    }

    @Test
    void whatIsNoHandlerIsRefusedByName() {
        assertThatThrownBy(() -> Functions.builder().add("x", "a string"))
                .hasMessageContaining("java.lang.String is not a handler");
        assertThatThrownBy(() -> Functions.builder().className("x", "java.lang.Runtime"))
                .hasMessageContaining("has no public no-argument constructor");
        assertThatThrownBy(() -> Functions.builder().className("x", "no.such.Type"))
                .hasMessageContaining("not found");
    }
}
