package io.wsgate.example.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.connection.SendResult;
import io.wsgate.integration.HandlerContext;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One function for the three routes, like the walkthrough's three Lambda functions sharing one
 * DynamoDB table: here the table is this instance's set of connection ids.
 */
public final class ChatHandler implements WebSocketHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> table = ConcurrentHashMap.newKeySet();

    @Override
    public Reply handle(WebSocketEvent event, HandlerContext context) throws Exception {
        switch (event.routeKey()) {
            case "$connect" -> table.add(event.connectionId());
            case "$disconnect" -> table.remove(event.connectionId());
            case "sendmessage" -> broadcast(JSON.readTree(event.body()).get("message"), context);
            default -> {
                return Reply.status(400);
            }
        }
        return Reply.ok();
    }

    /** Sends {@code {"action":"sendmessage","message":...}} to every connection in the table. */
    private void broadcast(JsonNode message, HandlerContext context) throws Exception {
        ObjectNode out = JSON.createObjectNode().put("action", "sendmessage");
        out.set("message", message);
        String text = JSON.writeValueAsString(out);
        var sends = table.stream()
                .map(id -> context.connections().send(id, text).thenAccept(result -> {
                    if (result == SendResult.GONE) {
                        table.remove(id); // as the walkthrough deletes stale ids on GoneException
                    }
                }))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sends).get();
    }

    /** How many connections the table holds. */
    public int size() {
        return table.size();
    }
}
