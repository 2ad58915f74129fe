package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.config.ConfigLoader;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers written for AWS call the gateway back unchanged, through the real SDKs in real
 * processes: a Python handler's boto3 client on {@code ENDPOINT_URL}, set in the file in AWS's form
 * ({@code https://{apiId}.execute-api...}), and a Node.js ES-module handler's SDK v3 client on
 * {@code https://${domainName}/${stage}} built from the event. Each posts to its caller's
 * connection, gets it and deletes it, for a client that connected with {@code ws://} to the plain
 * port and one that came over the TLS listener (its own, self-signed certificate). A boto3 client
 * on {@code https://{domainName}/{stage}} shows that Python trusts the plain port's certificate too.
 */
class CallbackTest {
    static final Path NODE_MODULES = Path.of("src/test/node/node_modules").toAbsolutePath();
    static final Path TLS = Path.of("src/test/resources/tls").toAbsolutePath();

    @TempDir
    static Path dir;

    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        requires(Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(), "python3 with boto3");
        requires(Tools.probe(List.of("node", "--version")).isPresent(), "node");
        requires(
                Files.isDirectory(NODE_MODULES.resolve("@aws-sdk/client-apigatewaymanagementapi")),
                "the test's npm packages (npm ci in wsgate-server/src/test/node)");
        Path py = Files.createDirectories(dir.resolve("py"));
        Files.writeString(py.resolve("callback.py"), """
                import os
                import boto3

                client = boto3.client("apigatewaymanagementapi", endpoint_url=os.environ["ENDPOINT_URL"])

                def handler(event, context):
                    connection = event["requestContext"]["connectionId"]
                    client.post_to_connection(
                        ConnectionId=connection, Data=("python pushed via " + os.environ["ENDPOINT_URL"]).encode())
                    found = client.get_connection(ConnectionId=connection)
                    client.post_to_connection(
                        ConnectionId=connection, Data=("python got " + found["Identity"]["SourceIp"]).encode())
                    client.delete_connection(ConnectionId=connection)
                    return {"statusCode": 200}
                """);
        Files.writeString(py.resolve("domain.py"), """
                import boto3

                def handler(event, context):
                    request = event["requestContext"]
                    endpoint = "https://" + request["domainName"] + "/" + request["stage"]
                    client = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
                    connection = request["connectionId"]
                    client.post_to_connection(ConnectionId=connection, Data=("boto3 pushed via " + endpoint).encode())
                    found = client.get_connection(ConnectionId=connection)
                    client.post_to_connection(
                        ConnectionId=connection, Data=("boto3 got " + found["Identity"]["SourceIp"]).encode())
                    client.delete_connection(ConnectionId=connection)
                    return {"statusCode": 200}
                """);
        Path js = Files.createDirectories(dir.resolve("js"));
        Files.writeString(js.resolve("callback.mjs"), """
                import {
                  ApiGatewayManagementApiClient,
                  DeleteConnectionCommand,
                  GetConnectionCommand,
                  PostToConnectionCommand,
                } from '@aws-sdk/client-apigatewaymanagementapi';

                export const handler = async (event) => {
                  const { domainName, stage, connectionId } = event.requestContext;
                  const endpoint = `https://${domainName}/${stage}`;
                  const client = new ApiGatewayManagementApiClient({ endpoint });
                  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: `node pushed via ${endpoint}` }));
                  const found = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
                  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: `node got ${found.Identity.SourceIp}` }));
                  await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
                  return { statusCode: 200 };
                };
                """);
        Path config = dir.resolve("callbacks.yaml");
        Files.writeString(
                config, """
                gateway:
                  tls-port: 0
                  tls-certificate: %s
                  tls-key: %s
                functions:
                  PyCallback:
                    runtime: python3.11
                    handler: callback.handler
                    code: py
                    timeout: 30
                    environment:
                      variables: {ENDPOINT_URL: "https://callbacks.execute-api.us-east-1.amazonaws.com/dev"}
                  PyDomain: {runtime: python3.11, handler: domain.handler, code: py, timeout: 30}
                  NodeCallback:
                    runtime: nodejs20.x
                    handler: callback.handler
                    code: js
                    timeout: 30
                    environment: {variables: {NODE_PATH: "%s"}}
                apis:
                  - name: callbacks
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: py, integrationType: AWS_PROXY, integrationUri: PyCallback}
                      - {integrationId: node, integrationType: AWS_PROXY, integrationUri: NodeCallback}
                      - {integrationId: boto3, integrationType: AWS_PROXY, integrationUri: PyDomain}
                    routes:
                      - {routeKey: python, target: integrations/py}
                      - {routeKey: node, target: integrations/node}
                      - {routeKey: boto3, target: integrations/boto3}
                    stages:
                      - stageName: dev
                """.formatted(TLS.resolve("localhost.crt"), TLS.resolve("localhost.key"), NODE_MODULES));
        var file = ConfigLoader.load(config);
        assertThat(file.problems()).isEmpty();
        gateway = Gateway.fromFile(file).port(0).start();
    }

    /** Skips without {@code what}, except in CI, where .ci/run installs it and its absence is a failure. */
    static void requires(boolean present, String what) {
        String message = what + " is not installed: handlers calling the gateway back are not tested";
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(present, message + " (.ci/run installs it)");
        }
        Assumptions.assumeTrue(present, message);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    static TestClient overWs() {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/callbacks/dev"));
    }

    static TestClient overTheTlsListener() {
        return TestClient.connect(
                TestClient.trusting(TLS.resolve("localhost.crt")),
                URI.create("wss://127.0.0.1:" + gateway.tlsPort() + "/callbacks/dev"));
    }

    /** What the client sees of a handler that posts, gets and deletes its connection. */
    static void pushedGotAndDeleted(TestClient client, String action, String endpoint) {
        client.send("{\"action\":\"" + action + "\"}");
        assertThat(client.awaitMessage()).isEqualTo(action + " pushed via " + endpoint);
        assertThat(client.awaitMessage()).isEqualTo(action + " got 127.0.0.1");
        assertThat(client.awaitClose().code()).isEqualTo(1000);
    }

    @Test
    void pythonReachesTheGatewayAtTheRewrittenEndpointUrl() {
        try (var client = overWs()) {
            pushedGotAndDeleted(client, "python", "http://127.0.0.1:" + gateway.port() + "/callbacks/dev");
        }
    }

    @Test
    void pythonReachesAClientOfTheTlsListenerTheSameWay() {
        try (var client = overTheTlsListener()) {
            pushedGotAndDeleted(client, "python", "http://127.0.0.1:" + gateway.port() + "/callbacks/dev");
        }
    }

    @Test
    void boto3BuildingHttpsFromTheEventTrustsThePlainPortsCertificate() {
        try (var client = overWs()) {
            pushedGotAndDeleted(client, "boto3", "https://127.0.0.1:" + gateway.port() + "/dev");
        }
    }

    @Test
    void nodeReachesAWsClientOverHttpsOnThePlainPort() {
        try (var client = overWs()) {
            pushedGotAndDeleted(client, "node", "https://127.0.0.1:" + gateway.port() + "/dev");
        }
    }

    @Test
    void nodeReachesAClientOfTheTlsListenerOverHttpsThere() {
        try (var client = overTheTlsListener()) {
            pushedGotAndDeleted(client, "node", "https://127.0.0.1:" + gateway.tlsPort() + "/dev");
        }
    }
}
