/**
 * The API model: immutable records named as in the apigatewayv2 service (Api, Route, Integration,
 * RouteResponse, IntegrationResponse, Stage, Deployment), each validating itself in its compact
 * constructor and reporting every problem it finds at once through {@link
 * io.wsgate.model.InvalidModelException}. Nothing here knows about files, sockets or handlers.
 */
package io.wsgate.model;
