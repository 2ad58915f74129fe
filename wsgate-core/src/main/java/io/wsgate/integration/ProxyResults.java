package io.wsgate.integration;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a Lambda proxy result ({@code {"statusCode": 200, "headers": {...}, "body": "..."}}) the way
 * API Gateway does: any other member, a non-object, a non-integer status or a non-string body makes
 * it malformed; {@code null} is an empty response.
 */
public final class ProxyResults {
    private static final Set<String> MEMBERS =
            Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private ProxyResults() {}

    /**
     * Reads a function's answer as the Lambda Invoke API returns it (bytes of JSON; none is {@code
     * null}): an answer that is not JSON is malformed.
     */
    public static IntegrationResult readPayload(String function, byte[] payload) {
        try {
            return read(payload.length == 0 ? null : JSON.readTree(payload));
        } catch (java.io.IOException e) {
            return malformed("function " + function + " answered with something not JSON");
        }
    }

    public static IntegrationResult read(JsonNode result) {
        if (result == null || result.isNull() || result.isMissingNode()) {
            return new IntegrationResult.Response(OptionalInt.empty(), Map.of(), Optional.empty());
        }
        if (!result.isObject()) {
            return malformed("expected a JSON object with statusCode and body, got " + result.getNodeType());
        }
        for (var names = result.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                return malformed("unexpected member '" + name + "' (expected only: statusCode, headers,"
                        + " multiValueHeaders, body, isBase64Encoded)");
            }
        }
        OptionalInt status = OptionalInt.empty();
        JsonNode statusNode = result.get("statusCode");
        if (statusNode != null && !statusNode.isNull()) {
            if (statusNode.canConvertToInt() && statusNode.isIntegralNumber()) {
                status = OptionalInt.of(statusNode.intValue());
            } else if (statusNode.isTextual() && statusNode.textValue().matches("\\d{1,3}")) {
                status = OptionalInt.of(Integer.parseInt(statusNode.textValue()));
            } else {
                return malformed("statusCode " + statusNode + " (expected: an integer)");
            }
        }
        var headers = new LinkedHashMap<String, String>();
        JsonNode multi = result.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            multi.fields().forEachRemaining(e -> {
                if (e.getValue().isArray() && !e.getValue().isEmpty()) {
                    headers.put(
                            e.getKey(),
                            e.getValue().get(e.getValue().size() - 1).asText());
                }
            });
        }
        JsonNode single = result.get("headers");
        if (single != null && single.isObject()) {
            single.fields()
                    .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode bodyNode = result.get("body");
        Optional<String> body = Optional.empty();
        if (bodyNode != null && !bodyNode.isNull()) {
            if (!bodyNode.isTextual()) {
                return malformed("body is " + bodyNode.getNodeType() + " (expected: a string)");
            }
            body = Optional.of(bodyNode.textValue());
            JsonNode base64 = result.get("isBase64Encoded");
            if (base64 != null && base64.asBoolean()) {
                try {
                    body = Optional.of(new String(Base64.getDecoder().decode(body.get()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return malformed("isBase64Encoded is true but body is not base64: " + e.getMessage());
                }
            }
        }
        return new IntegrationResult.Response(status, headers, body);
    }

    private static IntegrationResult malformed(String detail) {
        return new IntegrationResult.Failed(IntegrationResult.Failure.MALFORMED, detail);
    }
}
