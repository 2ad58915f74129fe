package io.wsgate.model.shape;

/**
 * A value its {@link Shape} refuses. The message is the one the REST API answers with in a
 * BadRequestException ({@code Invalid request body: stageName must be a string}).
 */
public final class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
