package io.wsgate.model;

import java.util.Objects;

/**
 * An API key, as the {@code apigateway} (v1) service holds it for WebSocket APIs: a client sends
 * its value (in {@code x-api-key}, or through its authorizer's {@code usageIdentifierKey}) to a
 * {@code $connect} route with {@code apiKeyRequired}.
 *
 * @param id AWS's 10-character identifier
 * @param value what a client sends; 20 to 128 characters
 */
public record ApiKey(String id, String name, String value, boolean enabled) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        name = name == null ? "" : name;
    }
}
