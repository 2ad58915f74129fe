package io.wsgate.model;

/** apigatewayv2's {@code authorizationType}; only evaluated on {@code $connect}. */
public enum AuthorizationType {
    NONE,
    AWS_IAM,
    CUSTOM,
    JWT
}
