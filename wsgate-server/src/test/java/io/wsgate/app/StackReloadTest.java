package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.testing.GatewayProcess;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --template} watches the template: an edit is made like a redeployment, with the
 * connection open across it. A changed function variable and a new route with a new function take
 * effect; a template with a problem changes nothing, and says why.
 */
class StackReloadTest {
    static final String TEMPLATE = """
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties: {Name: reload, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
              Echo:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.echo
                  Code: {LocalPath: functions}
                  Environment: {Variables: {GREETING: v1}}
              EchoIntegration:
                Type: AWS::ApiGatewayV2::Integration
                Properties:
                  ApiId: !Ref Api
                  IntegrationType: AWS_PROXY
                  IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Echo.Arn}/invocations"
              EchoRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: echo, RouteResponseSelectionExpression: $default, Target: !Sub "integrations/${EchoIntegration}"}
              EchoResponse:
                Type: AWS::ApiGatewayV2::RouteResponse
                Properties: {ApiId: !Ref Api, RouteId: !Ref EchoRoute, RouteResponseKey: $default}
              Stage:
                Type: AWS::ApiGatewayV2::Stage
                Properties: {ApiId: !Ref Api, StageName: dev, AutoDeploy: true}
            Outputs:
              Url: {Value: !Sub "wss://${Api}.execute-api.${AWS::Region}.amazonaws.com/dev"}
            """;

    static final String SHOUT = """
              Shout:
                Type: AWS::Lambda::Function
                Properties: {Runtime: python3.12, Handler: app.shout, Code: {LocalPath: functions}}
              ShoutIntegration:
                Type: AWS::ApiGatewayV2::Integration
                Properties:
                  ApiId: !Ref Api
                  IntegrationType: AWS_PROXY
                  IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Shout.Arn}/invocations"
              ShoutRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: shout, RouteResponseSelectionExpression: $default, Target: !Sub "integrations/${ShoutIntegration}"}
              ShoutResponse:
                Type: AWS::ApiGatewayV2::RouteResponse
                Properties: {ApiId: !Ref Api, RouteId: !Ref ShoutRoute, RouteResponseKey: $default}
            """;

    @Test
    void anEditedTemplateIsRedeployedWithTheConnectionOpen(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tools.probe(List.of("python3", "--version")).isPresent(), "python3 is not installed");
        Files.writeString(Files.createDirectories(dir.resolve("functions")).resolve("app.py"), """
                import json, os
                def echo(event, context):
                    return {"statusCode": 200, "body": os.environ["GREETING"] + " " + json.loads(event["body"])["data"]}
                def shout(event, context):
                    return {"statusCode": 200, "body": json.loads(event["body"])["data"].upper()}
                """);
        Path template = dir.resolve("stack.yaml");
        Files.writeString(template, TEMPLATE);
        try (var serve = GatewayProcess.serveIn(
                dir, "--template", "stack.yaml", "--port", "0", "--control-port", "0", "--data-dir", "data")) {
            Pattern output = Pattern.compile("output stack.Url = (\\S+)$");
            Matcher m = output.matcher(serve.awaitLine(output.asPredicate()));
            assertThat(m.find()).isTrue();
            serve.awaitLine(line -> line.contains("watching [stack.yaml] for changes"));
            try (var client = TestClient.connect(URI.create(m.group(1)))) {
                client.send("{\"action\":\"echo\",\"data\":\"hi\"}");
                assertThat(client.awaitMessage()).isEqualTo("v1 hi");

                // Redeployed: a variable changed, a route and a function added.
                Files.writeString(
                        template,
                        TEMPLATE.replace("GREETING: v1", "GREETING: v2").replace("Outputs:", SHOUT + "Outputs:"));
                serve.awaitLine(line -> line.contains("stacks reloaded from [stack.yaml]"));
                client.send("{\"action\":\"echo\",\"data\":\"hi\"}");
                assertThat(client.awaitMessage()).isEqualTo("v2 hi");
                client.send("{\"action\":\"shout\",\"data\":\"hi\"}");
                assertThat(client.awaitMessage()).as(serve::output).isEqualTo("HI");

                // A problem: nothing changes, and the log says why.
                Files.writeString(template, TEMPLATE.replace("!Ref EchoRoute", "!Ref EchoRoot"));
                String refused = serve.awaitLine(line -> line.contains("stacks not reloaded"));
                assertThat(refused).contains("1 problem(s)");
                serve.awaitLine(line -> line.contains("Resources.EchoResponse.Properties.RouteId: Ref to 'EchoRoot'"));
                client.send("{\"action\":\"shout\",\"data\":\"still\"}");
                assertThat(client.awaitMessage()).isEqualTo("STILL");
            }
        }
    }

    @Test
    void aNewSynthesisOfACloudAssemblyIsMadeAgain(@TempDir Path dir) throws Exception {
        Path assembly = dir.resolve("cdk.out");
        Path source = StackChatTest.TEMPLATES.resolve("cdk-seed001/cdk.out");
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = assembly.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        try (var serve = GatewayProcess.serveIn(
                dir, "--template", "cdk.out", "--port", "0", "--control-port", "0", "--data-dir", "data")) {
            URI control = serve.awaitControl();
            serve.awaitLine(line -> line.contains("watching [cdk.out] for changes"));
            String apiId =
                    routes(control, null).path("items").get(0).path("apiId").asText();
            assertThat(routes(control, apiId).toString()).contains("\"sendMessage\"");

            Path template = assembly.resolve("ChatStack.template.json");
            Files.writeString(template, Files.readString(template).replace("\"sendMessage\"", "\"sendMsg\""));
            serve.awaitLine(line -> line.contains("stacks reloaded from [cdk.out]"));
            assertThat(routes(control, apiId).toString())
                    .contains("\"sendMsg\"")
                    .doesNotContain("\"sendMessage\"");
            assertThat(routes(control, null).path("items").get(0).path("apiId").asText())
                    .as("the same API, updated")
                    .isEqualTo(apiId);
        }
    }

    /** {@code GET /v2/apis} (for null), else the API's routes, from the control plane. */
    private static com.fasterxml.jackson.databind.JsonNode routes(URI control, String apiId) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(
                        control.resolve(apiId == null ? "/v2/apis" : "/v2/apis/" + apiId + "/routes"))
                .build();
        String body = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    }
}
