/**
 * {@code AWS_PROXY} integrations whose function no in-process handler serves: the proxy event is
 * sent through the Lambda Invoke API (RequestResponse) with the AWS SDK for Java v2, to AWS with the
 * default credential chain or to any server that speaks the API, such as {@code sam local
 * start-lambda}; the payload is read as a Lambda proxy result.
 */
package io.wsgate.integration.lambda;
