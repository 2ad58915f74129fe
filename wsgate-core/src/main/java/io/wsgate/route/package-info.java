/**
 * Route selection: parsing selection expressions such as {@code $request.body.action} or {@code
 * ${request.body.service}/${request.body.action}}, evaluating them against a message, and picking
 * the route key, exactly as API Gateway does (non-JSON goes to {@code $default}, missing paths
 * evaluate to the empty string, keys match exactly and case-sensitively).
 */
package io.wsgate.route;
