package io.wsgate.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * An OTLP/HTTP traces receiver on a loopback socket, as a collector listens on 4318: each POST to
 * {@code /v1/traces} is read as the protobuf {@code ExportTraceServiceRequest} it is, and its spans
 * are kept, each with its resource's {@code service.name}.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** A span as it arrived: ids in hex, attributes as text. */
    public record Span(
            String service,
            String name,
            String traceId,
            String spanId,
            String parentSpanId,
            String kind,
            Map<String, String> attributes,
            String status,
            String statusMessage) {}

    private final HttpServer server;
    private final BlockingQueue<Span> spans = new LinkedBlockingQueue<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var receiver = new OtlpReceiver(server);
            server.createContext("/v1/traces", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    if (!exchange.getRequestMethod().equals("POST")
                            || !"application/x-protobuf"
                                    .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                    receiver.read(ExportTraceServiceRequest.parseFrom(body));
                    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write(new byte[0]);
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name"))
                    .map(a -> a.getValue().getStringValue())
                    .findFirst()
                    .orElse(null);
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    var attributes = new LinkedHashMap<String, String>();
                    span.getAttributesList().forEach(a -> attributes.put(a.getKey(), text(a.getValue())));
                    spans.add(new Span(
                            service,
                            span.getName(),
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            span.getParentSpanId().isEmpty()
                                    ? null
                                    : hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getKind().name(),
                            attributes,
                            span.getStatus().getCode().name(),
                            span.getStatus().getMessage()));
                }
            }
        }
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }

    /** Where the exporter sends: {@code http://127.0.0.1:PORT/v1/traces}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
    }

    /** The next span {@code wanted} accepts, skipping others, waiting up to {@link TestClient#WAIT} for each. */
    public Span await(Predicate<Span> wanted) {
        while (true) {
            Span span = Await.next(spans, "span");
            if (wanted.test(span)) {
                return span;
            }
        }
    }

    /** A span named {@code name}. */
    public Span await(String name) {
        return await(s -> s.name().equals(name));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
