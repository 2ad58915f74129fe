package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.Gateway;
import io.wsgate.config.ConfigLoader;
import io.wsgate.model.Problem;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With identities configured, a local function's calls to {@code @connections} are signed with
 * the keys of the identity its {@code role} names, as a Lambda function's are with its execution
 * role's: boto3 and the Node.js SDK v3, unchanged, in real processes. A function without a role
 * signs with stand-in keys, which the gateway does not know: its call is refused, and the handler
 * sees AWS's ForbiddenException.
 */
class SignedCallbackTest {
    @TempDir
    static Path dir;

    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        CallbackTest.requires(
                Tools.probe(List.of("python3", "-c", "import boto3")).isPresent(), "python3 with boto3");
        CallbackTest.requires(Tools.probe(List.of("node", "--version")).isPresent(), "node");
        CallbackTest.requires(
                Files.isDirectory(CallbackTest.NODE_MODULES.resolve("@aws-sdk/client-apigatewaymanagementapi")),
                "the test's npm packages (npm ci in wsgate-server/src/test/node)");
        Path py = Files.createDirectories(dir.resolve("py"));
        Files.writeString(py.resolve("push.py"), """
                import boto3, botocore

                def handler(event, context):
                    request = event["requestContext"]
                    client = boto3.client("apigatewaymanagementapi",
                        endpoint_url="http://" + request["domainName"] + "/" + request["stage"])
                    try:
                        client.post_to_connection(ConnectionId=request["connectionId"], Data=b"python signed")
                        return {"statusCode": 200, "body": "posted"}
                    except botocore.exceptions.ClientError as e:
                        return {"statusCode": 200, "body": e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]}
                """);
        Path js = Files.createDirectories(dir.resolve("js"));
        Files.writeString(js.resolve("push.mjs"), """
                import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

                export const handler = async (event) => {
                  const { domainName, stage, connectionId } = event.requestContext;
                  const client = new ApiGatewayManagementApiClient({ endpoint: `http://${domainName}/${stage}` });
                  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'node signed' }));
                  return { statusCode: 200, body: 'posted' };
                };
                """);
        Path config = dir.resolve("signed.yaml");
        Files.writeString(config, """
                identities:
                  - accessKeyId: AKIAWSGATEBACKEND01
                    secretAccessKey: backend-secret
                    arn: arn:aws:iam::000000000000:role/backend
                    policy:
                      Statement:
                        - Effect: Allow
                          Action: execute-api:ManageConnections
                          Resource: arn:aws:execute-api:us-east-1:000000000000:signed/dev/POST/@connections/*
                functions:
                  PyPush: {runtime: python3.11, handler: push.handler, code: py, timeout: 30,
                           role: "arn:aws:iam::000000000000:role/backend"}
                  PyNoRole: {runtime: python3.11, handler: push.handler, code: py, timeout: 30}
                  NodePush:
                    runtime: nodejs20.x
                    handler: push.handler
                    code: js
                    timeout: 30
                    role: arn:aws:iam::000000000000:role/backend
                    environment: {variables: {NODE_PATH: "%s"}}
                apis:
                  - name: signed
                    routeSelectionExpression: $request.body.action
                    integrations:
                      - {integrationId: py, integrationType: AWS_PROXY, integrationUri: PyPush}
                      - {integrationId: norole, integrationType: AWS_PROXY, integrationUri: PyNoRole}
                      - {integrationId: node, integrationType: AWS_PROXY, integrationUri: NodePush}
                    routes:
                      - {routeKey: python, target: integrations/py, routeResponseSelectionExpression: $default}
                      - {routeKey: norole, target: integrations/norole, routeResponseSelectionExpression: $default}
                      - {routeKey: node, target: integrations/node, routeResponseSelectionExpression: $default}
                    stages:
                      - stageName: dev
                """.formatted(CallbackTest.NODE_MODULES));
        var file = ConfigLoader.load(config);
        assertThat(file.problems()).isEmpty();
        gateway = Gateway.fromFile(file).port(0).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    static TestClient connect() {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/signed/dev"));
    }

    @Test
    void aPythonFunctionSignsWithItsRolesKeys() {
        try (var client = connect()) {
            client.send("{\"action\":\"python\"}");
            assertThat(client.awaitMessage()).isEqualTo("python signed");
            assertThat(client.awaitMessage()).isEqualTo("posted");
        }
    }

    @Test
    void aNodeFunctionSignsWithItsRolesKeys() {
        try (var client = connect()) {
            client.send("{\"action\":\"node\"}");
            assertThat(client.awaitMessage()).isEqualTo("node signed");
            assertThat(client.awaitMessage()).isEqualTo("posted");
        }
    }

    @Test
    void aFunctionWithoutARoleIsRefused() {
        try (var client = connect()) {
            client.send("{\"action\":\"norole\"}");
            assertThat(client.awaitMessage())
                    .isEqualTo("ForbiddenException: The security token included in the request is invalid.");
        }
    }

    @Test
    void aRoleNamingNoIdentityIsAProblem() throws Exception {
        Path config = dir.resolve("dangling.yaml");
        Files.writeString(config, """
                functions:
                  Lost: {runtime: python3.11, handler: push.handler, code: py, role: "arn:aws:iam::000000000000:role/gone"}
                apis:
                  - name: lost
                    routeSelectionExpression: $request.body.action
                    stages: [{stageName: dev}]
                """);
        assertThat(Gateway.fromFile(ConfigLoader.load(config)).check())
                .contains(new Problem(
                        "functions.Lost.role",
                        "'arn:aws:iam::000000000000:role/gone' is no identity's arn (expected: the arn of one of"
                                + " identities:)"));
    }
}
