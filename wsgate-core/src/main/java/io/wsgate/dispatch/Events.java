package io.wsgate.dispatch;

import io.wsgate.connection.Caller;
import io.wsgate.connection.CloseReason;
import io.wsgate.connection.Connection;
import io.wsgate.integration.EventType;
import io.wsgate.integration.RequestContext;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.model.Route;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/** Builds the CONNECT, MESSAGE and DISCONNECT events exactly as AWS shapes them. */
final class Events {
    /** Hop-by-hop headers AWS leaves out of the integration's CONNECT event. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "upgrade", "content-length");

    private Events() {}

    static WebSocketEvent connect(
            StageRuntime stage, RouteTable table, ConnectRequest request, String requestId, long now) {
        return connect(stage, table, request, requestId, now, Caller.ANONYMOUS, false);
    }

    /**
     * The CONNECT event an authorizer's event is made of: every header the client sent, hop-by-hop
     * ones too, and the {@code content-length: 0} AWS shows, as AWS's example of that event has them.
     */
    static WebSocketEvent authorizing(
            StageRuntime stage, RouteTable table, ConnectRequest request, String requestId, long now) {
        return connect(stage, table, request, requestId, now, Caller.ANONYMOUS, true);
    }

    /** The CONNECT event of {@code exchange}, its client being {@code caller}. */
    static WebSocketEvent connect(ConnectExchange exchange, Caller caller) {
        return connect(
                exchange.stage(),
                exchange.table(),
                exchange.request(),
                exchange.requestId(),
                exchange.startedMillis(),
                caller,
                false);
    }

    /** The CONNECT event, with what the connect steps found about the {@code caller}. */
    static WebSocketEvent connect(
            StageRuntime stage,
            RouteTable table,
            ConnectRequest request,
            String requestId,
            long now,
            Caller caller,
            boolean allHeaders) {
        String userAgent = request.header("User-Agent");
        var context = new RequestContext(
                Route.CONNECT,
                EventType.CONNECT,
                null,
                requestId,
                now,
                stage.stageName(),
                request.connectedAt(),
                request.sourceIp(),
                userAgent,
                request.domainName(),
                request.connectionId(),
                stage.apiId(),
                null,
                null,
                caller);
        return new WebSocketEvent(
                context,
                connectHeaders(request, now, allHeaders),
                query(request.rawQuery()),
                null,
                false,
                table.stageVariables());
    }

    static WebSocketEvent message(
            StageRuntime stage,
            RouteTable table,
            Connection connection,
            String routeKey,
            String body,
            boolean base64,
            String messageId,
            String requestId,
            long now) {
        var context = new RequestContext(
                routeKey,
                EventType.MESSAGE,
                messageId,
                requestId,
                now,
                stage.stageName(),
                connection.connectedAt(),
                connection.sourceIp(),
                connection.userAgent().orElse(null),
                connection.domainName(),
                connection.connectionId(),
                stage.apiId(),
                null,
                null,
                connection.caller());
        return new WebSocketEvent(context, null, null, body, base64, table.stageVariables());
    }

    static WebSocketEvent disconnect(
            StageRuntime stage,
            RouteTable table,
            Connection connection,
            CloseReason reason,
            String requestId,
            long now) {
        var context = new RequestContext(
                Route.DISCONNECT,
                EventType.DISCONNECT,
                null,
                requestId,
                now,
                stage.stageName(),
                connection.connectedAt(),
                connection.sourceIp(),
                connection.userAgent().orElse(null),
                connection.domainName(),
                connection.connectionId(),
                stage.apiId(),
                reason.code(),
                reason.reason(),
                connection.caller());
        // AWS sends these four headers, always, on DISCONNECT.
        var headers = new LinkedHashMap<String, List<String>>();
        headers.put("Host", List.of(connection.domainName()));
        headers.put("x-api-key", List.of(""));
        headers.put("X-Forwarded-For", List.of(""));
        headers.put("x-restapi", List.of(""));
        return new WebSocketEvent(
                context, Collections.unmodifiableMap(headers), null, null, false, table.stageVariables());
    }

    /**
     * The client's headers without hop-by-hop ones, in name order (as AWS's captures show them),
     * plus the {@code X-Amzn-Trace-Id} and {@code X-Forwarded-*} headers AWS adds.
     */
    private static Map<String, List<String>> connectHeaders(ConnectRequest request, long now, boolean allHeaders) {
        var byName = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        for (var header : request.headers()) {
            if (allHeaders || !HOP_BY_HOP.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                byName.computeIfAbsent(header.getKey(), k -> new ArrayList<>(1)).add(header.getValue());
            }
        }
        if (allHeaders) {
            byName.computeIfAbsent("content-length", k -> List.of("0"));
        }
        byName.computeIfAbsent("X-Amzn-Trace-Id", k -> List.of(traceId(now)));
        List<String> forwardedFor = byName.get("X-Forwarded-For");
        byName.put(
                "X-Forwarded-For",
                List.of(
                        forwardedFor == null
                                ? request.sourceIp()
                                : forwardedFor.getLast() + ", " + request.sourceIp()));
        byName.put("X-Forwarded-Port", List.of(Integer.toString(request.localPort())));
        byName.put("X-Forwarded-Proto", List.of(request.secure() ? "https" : "http"));
        var ordered = new LinkedHashMap<String, List<String>>();
        byName.forEach((name, values) -> ordered.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(ordered);
    }

    /** {@code Root=1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>}, X-Ray's format. */
    private static String traceId(long nowMillis) {
        var random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%08x%016x", nowMillis / 1000, random.nextInt(), random.nextLong());
    }

    /** The query parameters, or {@code null} when there is no query string (AWS omits the members). */
    static Map<String, List<String>> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        var params = new LinkedHashMap<String, List<String>>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        if (params.isEmpty()) {
            return null;
        }
        var copy = new LinkedHashMap<String, List<String>>();
        params.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' is kept as written
        }
    }
}
