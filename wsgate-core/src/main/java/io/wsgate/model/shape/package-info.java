/**
 * The apigatewayv2 resources' members, declared once: {@link io.wsgate.model.shape.Shapes} holds
 * each resource's shape (names, types, lengths, allowed values, as the service model gives them),
 * which checks the REST API's bodies, CloudFormation's properties and the configuration file's
 * entries alike ({@link io.wsgate.model.shape.ShapeReader}); {@link
 * io.wsgate.model.shape.ApiDocuments} makes the model of documents so checked.
 */
package io.wsgate.model.shape;
