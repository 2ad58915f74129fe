/**
 * The declarative file: YAML or JSON that describes the gateway's APIs (with apigatewayv2 member
 * names), its in-process functions and its own settings. {@link io.wsgate.config.ConfigLoader}
 * reads it into model records and reports every problem at once with file, line and path.
 */
package io.wsgate.config;
