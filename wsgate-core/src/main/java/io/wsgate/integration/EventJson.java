package io.wsgate.integration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link WebSocketEvent} as the JSON AWS sends a Lambda proxy integration, member for
 * member and in AWS's order (see the golden files in the tests). Thread-safe.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {}

    public static byte[] write(WebSocketEvent event) {
        try (var out = new ByteArrayBuilder(
                        event.body() == null ? 1024 : 512 + event.body().length() * 2);
                JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            if (event.multiValueHeaders() != null) {
                json.writeFieldName("headers");
                writeSingle(json, event.multiValueHeaders());
                json.writeFieldName("multiValueHeaders");
                writeMulti(json, event.multiValueHeaders());
            }
            if (event.multiValueQueryStringParameters() != null) {
                json.writeFieldName("queryStringParameters");
                writeSingle(json, event.multiValueQueryStringParameters());
                json.writeFieldName("multiValueQueryStringParameters");
                writeMulti(json, event.multiValueQueryStringParameters());
            }
            json.writeFieldName("requestContext");
            writeContext(json, event.requestContext());
            if (event.body() != null) {
                json.writeStringField("body", event.body());
            }
            if (!event.stageVariables().isEmpty()) {
                json.writeFieldName("stageVariables");
                json.writeStartObject();
                for (var variable : event.stageVariables().entrySet()) {
                    json.writeStringField(variable.getKey(), variable.getValue());
                }
                json.writeEndObject();
            }
            json.writeBooleanField("isBase64Encoded", event.isBase64Encoded());
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing an event cannot fail in memory", e);
        }
    }

    /**
     * The event a Lambda REQUEST authorizer gets for the upgrade request {@code connect} (a
     * CONNECT event): {@code type} and {@code methodArn}, then the request as the CONNECT event
     * holds it, where the query string parameters and stage variables are objects even when empty.
     */
    public static byte[] writeAuthorizerEvent(String methodArn, WebSocketEvent connect) {
        try (var out = new ByteArrayBuilder(2048);
                JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "REQUEST");
            json.writeStringField("methodArn", methodArn);
            Map<String, List<String>> headers =
                    connect.multiValueHeaders() == null ? Map.of() : connect.multiValueHeaders();
            json.writeFieldName("headers");
            writeSingle(json, headers);
            json.writeFieldName("multiValueHeaders");
            writeMulti(json, headers);
            Map<String, List<String>> query = connect.multiValueQueryStringParameters() == null
                    ? Map.of()
                    : connect.multiValueQueryStringParameters();
            json.writeFieldName("queryStringParameters");
            writeSingle(json, query);
            json.writeFieldName("multiValueQueryStringParameters");
            writeMulti(json, query);
            json.writeObjectFieldStart("stageVariables");
            for (var variable : connect.stageVariables().entrySet()) {
                json.writeStringField(variable.getKey(), variable.getValue());
            }
            json.writeEndObject();
            json.writeFieldName("requestContext");
            writeContext(json, connect.requestContext());
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing an event cannot fail in memory", e);
        }
    }

    private static void writeContext(JsonGenerator json, RequestContext context) throws IOException {
        json.writeStartObject();
        json.writeStringField("routeKey", context.routeKey());
        if (context.disconnectStatusCode() != null) {
            json.writeNumberField("disconnectStatusCode", context.disconnectStatusCode());
        }
        if (context.messageId() != null) {
            json.writeStringField("messageId", context.messageId());
        }
        json.writeStringField("eventType", context.eventType().name());
        json.writeStringField("extendedRequestId", context.requestId());
        json.writeStringField("requestTime", context.requestTime());
        json.writeStringField("messageDirection", "IN");
        if (context.disconnectReason() != null) {
            json.writeStringField("disconnectReason", context.disconnectReason());
        }
        json.writeStringField("stage", context.stage());
        json.writeNumberField("connectedAt", context.connectedAt());
        json.writeNumberField("requestTimeEpoch", context.requestTimeEpoch());
        json.writeObjectFieldStart("identity");
        for (var member : context.caller().identity().entrySet()) {
            json.writeStringField(member.getKey(), member.getValue());
        }
        json.writeStringField("sourceIp", context.sourceIp());
        if (context.userAgent() != null) {
            json.writeStringField("userAgent", context.userAgent());
        }
        json.writeEndObject();
        json.writeStringField("requestId", context.requestId());
        json.writeStringField("domainName", context.domainName());
        json.writeStringField("connectionId", context.connectionId());
        json.writeStringField("apiId", context.apiId());
        if (context.authorizer() != null) {
            json.writeFieldName("authorizer");
            MAPPER.writeValue(json, context.authorizer());
        }
        json.writeEndObject();
    }

    private static void writeSingle(JsonGenerator json, Map<String, List<String>> multi) throws IOException {
        json.writeStartObject();
        for (var entry : multi.entrySet()) {
            List<String> values = entry.getValue();
            json.writeStringField(entry.getKey(), values.isEmpty() ? "" : values.getLast());
        }
        json.writeEndObject();
    }

    private static void writeMulti(JsonGenerator json, Map<String, List<String>> multi) throws IOException {
        json.writeStartObject();
        for (var entry : multi.entrySet()) {
            json.writeArrayFieldStart(entry.getKey());
            for (String value : entry.getValue()) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
