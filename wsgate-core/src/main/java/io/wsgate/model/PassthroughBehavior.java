package io.wsgate.model;

/** apigatewayv2's {@code passthroughBehavior} for integrations with request templates. */
public enum PassthroughBehavior {
    WHEN_NO_MATCH,
    WHEN_NO_TEMPLATES,
    NEVER
}
