/**
 * {@code HTTP_PROXY} integrations: the event's JSON is sent (POST by default) to the integration
 * URI over a pooled keep-alive Vert.x client; the backend's status and body are the result.
 */
package io.wsgate.integration.http;
