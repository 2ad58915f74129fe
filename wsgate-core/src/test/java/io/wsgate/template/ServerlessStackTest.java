package io.wsgate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A serverless.yml compiled to the framework's CloudFormation, with its logical ids. */
class ServerlessStackTest {
    private static ServerlessStack.Compiled compile(String yaml, Map<String, String> options, List<Problem> problems) {
        JsonNode file = TemplateText.read(yaml).root();
        var variables = new ServerlessVariables(file, options, Map.of(), problems);
        return ServerlessStack.compile(variables.resolveAll(), variables.stage(), problems);
    }

    @Test
    void functionsAndWebsocketEventsBecomeTheFrameworksResources() {
        var problems = new ArrayList<Problem>();
        var compiled = compile("""
                service: chat
                provider:
                  name: aws
                  runtime: python3.12
                  stage: ${opt:stage, 'dev'}
                  environment: {TABLE: "t-${sls:stage}", SHARED: provider}
                functions:
                  on-connect:
                    handler: app.connect
                    environment: {SHARED: own}
                    events: [{websocket: $connect}, {websocket: {route: $disconnect}}]
                  send_message:
                    handler: app.send
                    runtime: nodejs22.x
                    timeout: 10
                    events:
                      - websocket: {route: send-message, routeResponseSelectionExpression: $default}
                      - http: {path: /, method: get}
                resources:
                  Resources:
                    Table: {Type: AWS::DynamoDB::Table}
                  Outputs:
                    ApiId: {Value: !Ref WebsocketsApi}
                """, Map.of("stage", "prod"), problems);
        assertThat(problems).isEmpty();
        assertThat(compiled.stackName()).isEqualTo("chat-prod");
        JsonNode resources = compiled.template().path("Resources");
        assertThat(iterable(resources))
                .containsExactlyInAnyOrder(
                        "OnDashconnectLambdaFunction",
                        "SendUnderscoremessageLambdaFunction",
                        "WebsocketsApi",
                        "OnDashconnectWebsocketsIntegration",
                        "SendUnderscoremessageWebsocketsIntegration",
                        "SconnectWebsocketsRoute",
                        "SdisconnectWebsocketsRoute",
                        "SendmessageWebsocketsRoute",
                        "SendmessageWebsocketsRouteResponse",
                        "WebsocketsDeployment",
                        "WebsocketsDeploymentStage",
                        "Table");
        JsonNode connect = resources.path("OnDashconnectLambdaFunction").path("Properties");
        assertThat(connect.path("FunctionName").asText()).isEqualTo("chat-prod-on-connect");
        assertThat(connect.path("Runtime").asText()).isEqualTo("python3.12");
        assertThat(connect.path("Timeout").asInt()).isEqualTo(6);
        assertThat(connect.path("Environment").path("Variables").toString())
                .isEqualTo("{\"TABLE\":\"t-prod\",\"SHARED\":\"own\"}");
        JsonNode send = resources.path("SendUnderscoremessageLambdaFunction").path("Properties");
        assertThat(send.path("Runtime").asText()).isEqualTo("nodejs22.x");
        assertThat(send.path("Timeout").asInt()).isEqualTo(10);
        assertThat(resources
                        .path("WebsocketsApi")
                        .path("Properties")
                        .path("Name")
                        .asText())
                .isEqualTo("prod-chat-websockets");
        assertThat(resources
                        .path("SendmessageWebsocketsRoute")
                        .path("Properties")
                        .path("RouteKey")
                        .asText())
                .isEqualTo("send-message");
        assertThat(resources
                        .path("WebsocketsDeploymentStage")
                        .path("Properties")
                        .path("StageName")
                        .asText())
                .isEqualTo("prod");
        assertThat(iterable(compiled.template().path("Outputs")))
                .containsExactlyInAnyOrder("ServiceEndpointWebsocket", "ApiId");
        assertThat(compiled.notServed()).containsExactly("http event functions.send_message.events[1]");
    }

    @Test
    void everyProblemIsNamedWithItsPath() {
        var problems = new ArrayList<Problem>();
        compile("""
                service: chat
                provider: {name: aws}
                functions:
                  a:
                    events:
                      - websocket: {route: $connect, authorizer: nobody}
                      - websocket: {routeResponseSelectionExpression: $default}
                  b:
                    handler: b.handler
                    events:
                      - websocket: $connect
                      - websocket: {route: talk, authorizer: a}
                resources:
                  Resources:
                    WebsocketsApi: {Type: AWS::ApiGatewayV2::Api}
                """, Map.of(), problems);
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "functions.a.handler: missing (expected: file.export, as handler.connect)",
                        "functions.a.events[1].websocket.route: missing (expected: a route key such as $connect)",
                        "functions.b.events[0].websocket.route: '$connect' is already the route of a",
                        "functions.a.events[0].websocket.authorizer: 'nobody' is not a function of this service"
                                + " (expected: the key of one under functions, or {name, identitySource})",
                        "functions.b.events[1].websocket.authorizer: only the $connect route takes an authorizer,"
                                + " as on AWS",
                        "resources.Resources.WebsocketsApi: is already a logical id of the compiled stack (the"
                                + " framework would merge them; wsgate does not)");
    }

    private static List<String> iterable(JsonNode object) {
        var names = new ArrayList<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
