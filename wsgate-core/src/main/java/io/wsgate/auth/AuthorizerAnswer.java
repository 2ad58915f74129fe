package io.wsgate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Lambda REQUEST authorizer's returned JSON says about a {@code $connect}, read as API
 * Gateway reads it ({@code SPEC.md} §6.1.4):
 *
 * <pre>
 *  not a JSON object, or a policyDocument that cannot be read ─► 500
 *  a context value that is an object or a list               ─► 500
 *  no principalId                                            ─► 403
 *  an explicit Deny, or no Allow, for execute-api:Invoke on the methodArn ─► 403
 *  otherwise                                                 ─► allowed, with principalId and context
 * </pre>
 *
 * A function that fails with the message {@code Unauthorized} (401) or otherwise (500) is the
 * caller's to tell apart: it returned nothing to read.
 */
public sealed interface AuthorizerAnswer {
    String INVOKE = "execute-api:Invoke";

    /**
     * The connection may open.
     *
     * @param context the values of the answer's {@code context}: strings, numbers and booleans
     * @param usageIdentifierKey the API key the answer names, for an API whose key source is the authorizer
     */
    record Allowed(String principalId, Map<String, Object> context, Optional<String> usageIdentifierKey)
            implements AuthorizerAnswer {
        public Allowed {
            Objects.requireNonNull(principalId, "principalId");
            context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
            Objects.requireNonNull(usageIdentifierKey, "usageIdentifierKey");
        }

        /**
         * {@code requestContext.authorizer} as the integration's events carry it: {@code
         * principalId}, {@code integrationLatency} (ms) and the context's keys.
         */
        public Map<String, Object> requestContext(long integrationLatencyMillis) {
            var out = new LinkedHashMap<String, Object>();
            out.put("principalId", principalId);
            out.put("integrationLatency", integrationLatencyMillis);
            context.forEach(out::putIfAbsent);
            return Collections.unmodifiableMap(out);
        }
    }

    /** The connection is refused with HTTP {@code status}; {@code reason} is for the log. */
    record Refused(int status, String reason) implements AuthorizerAnswer {}

    /** Reads {@code payload}, the JSON the authorizer returned, for a request on {@code methodArn}. */
    static AuthorizerAnswer read(byte[] payload, String methodArn) {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            return new Refused(500, "the authorizer returned no JSON");
        }
        if (answer == null || !answer.isObject()) {
            return new Refused(
                    500,
                    "the authorizer returned " + (answer == null ? "nothing" : answer.getNodeType())
                            + ", not an object");
        }
        Policy policy;
        try {
            policy = Policy.read(answer.get("policyDocument"));
        } catch (IllegalArgumentException e) {
            return new Refused(500, "the authorizer's answer: " + e.getMessage());
        }
        var context = new LinkedHashMap<String, Object>();
        JsonNode given = answer.get("context");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                return new Refused(500, "the authorizer's context is not an object");
            }
            for (var entry : given.properties()) {
                JsonNode value = entry.getValue();
                if (value.isTextual()) {
                    context.put(entry.getKey(), value.asText());
                } else if (value.isBoolean()) {
                    context.put(entry.getKey(), value.booleanValue());
                } else if (value.isNumber()) {
                    context.put(entry.getKey(), value.numberValue());
                } else {
                    return new Refused(
                            500,
                            "the authorizer's context value '" + entry.getKey() + "' is " + value.getNodeType()
                                    + " (expected: a string, number or boolean)");
                }
            }
        }
        JsonNode principal = answer.get("principalId");
        if (principal == null || !principal.isValueNode() || principal.isNull()) {
            return new Refused(403, "the authorizer's answer has no principalId");
        }
        return switch (policy.decide(INVOKE, methodArn)) {
            case DENY -> new Refused(403, "the authorizer's policy denies " + INVOKE + " on " + methodArn);
            case NO_MATCH -> new Refused(403, "the authorizer's policy allows no " + INVOKE + " on " + methodArn);
            case ALLOW ->
                new Allowed(
                        principal.asText(),
                        context,
                        Optional.ofNullable(answer.get("usageIdentifierKey"))
                                .filter(JsonNode::isTextual)
                                .map(JsonNode::asText));
        };
    }

    /** The mapper answers are read with. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {}
    }
}
