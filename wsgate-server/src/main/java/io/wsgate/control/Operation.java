package io.wsgate.control;

/** One apigatewayv2 operation. Throws {@link ControlError} for what the caller got wrong. */
@FunctionalInterface
interface Operation {
    Answer handle(Call call);

    /** An operation bound to its method and path, such as {@code GET /v2/apis/{apiId}}. */
    record Bound(String method, String path, Operation operation) {}
}
