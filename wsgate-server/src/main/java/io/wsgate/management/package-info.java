/**
 * The {@code @connections} management API over HTTP, on the stage's own URL as on AWS: POST sends
 * the raw body to the client, GET describes the connection, DELETE closes it; errors carry AWS's
 * {@code x-amzn-ErrorType} and status codes, so the AWS SDKs and CLI work unchanged.
 */
package io.wsgate.management;
