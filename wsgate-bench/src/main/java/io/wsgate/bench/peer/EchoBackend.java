package io.wsgate.bench.peer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.wsgate.bench.ceiling.VertxEchoServer;
import java.io.IOException;

/**
 * The minimal loopback HTTP backend both HTTP proxies talk to in S4, one Vert.x HTTP server per
 * event loop. {@code EchoBackend PORT}.
 *
 * <ul>
 *   <li>{@code POST /event}: wsgate's HTTP_PROXY integration, the event as JSON; answers 200 with
 *       the event's {@code body}, which the route response sends back to the client.
 *   <li>{@code POST /pushpin}: Pushpin's WebSocket-over-HTTP, {@code application/websocket-events};
 *       answers with the same events, so an {@code OPEN} accepts and a {@code TEXT} is echoed.
 * </ul>
 */
public final class EchoBackend {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String EVENTS = "application/websocket-events";

    private EchoBackend() {}

    public static void main(String[] args) {
        VertxEchoServer.onEveryLoop(
                Integer.parseInt(args[0]),
                server -> server.requestHandler(request -> request.body().onSuccess(body -> answer(request, body))));
    }

    private static void answer(HttpServerRequest request, Buffer body) {
        switch (request.path()) {
            case "/event" -> {
                try {
                    String text = bodyOf(body.getBytes());
                    request.response().end(text == null ? "" : text);
                } catch (IOException e) {
                    request.response().setStatusCode(400).end();
                }
            }
            case "/pushpin" ->
                request.response().putHeader("Content-Type", EVENTS).end(body);
            default -> request.response().setStatusCode(404).end();
        }
    }

    /** The top-level {@code body} member of an event, read without building a tree. */
    static String bodyOf(byte[] event) throws IOException {
        try (JsonParser p = JSON.createParser(event)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("body".equals(name) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        }
    }
}
