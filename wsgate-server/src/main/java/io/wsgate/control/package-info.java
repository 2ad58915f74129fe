/**
 * The control plane: the apigatewayv2 REST API for WebSocket APIs, as the AWS SDKs, the AWS CLI,
 * boto3 and Terraform call it (paths, lowerCamelCase members, status codes, error types). Every
 * change goes through the {@link io.wsgate.store.StateStore}, so what is acknowledged survives a
 * crash, and reaches clients only through deployments, as on AWS.
 */
package io.wsgate.control;
