package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.control.ControlContext;
import io.wsgate.control.ControlService;
import io.wsgate.model.Problem;
import io.wsgate.store.StateStore;
import io.wsgate.testing.TestClient;
import io.wsgate.testing.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain CloudFormation template made local through the control plane's service and served: its
 * API, integration, routes, route response and autoDeploy stage, its Python function from its code
 * path, with the API's AWS URL (built with !Sub) reaching the function as wsgate's own.
 */
class TemplateStackTest {
    static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              StageName: {Type: String, Default: dev}
            Resources:
              ChatApi:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: !Sub "${AWS::StackName}-chat"
                  ProtocolType: WEBSOCKET
                  RouteSelectionExpression: $request.body.action
              EchoFunction:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: echo.handler
                  Code: {LocalPath: functions}
                  Environment:
                    Variables:
                      ENDPOINT_URL: !Sub "https://${ChatApi}.execute-api.${AWS::Region}.amazonaws.com/${StageName}"
              EchoIntegration:
                Type: AWS::ApiGatewayV2::Integration
                Properties:
                  ApiId: !Ref ChatApi
                  IntegrationType: AWS_PROXY
                  IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${EchoFunction.Arn}/invocations"
              EchoRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref ChatApi
                  RouteKey: echo
                  RouteResponseSelectionExpression: $default
                  Target: !Join [/, [integrations, !Ref EchoIntegration]]
              EchoRouteResponse:
                Type: AWS::ApiGatewayV2::RouteResponse
                Properties:
                  ApiId: !Ref ChatApi
                  RouteId: !Ref EchoRoute
                  RouteResponseKey: $default
              Stage:
                Type: AWS::ApiGatewayV2::Stage
                Properties:
                  ApiId: !Ref ChatApi
                  StageName: !Ref StageName
                  AutoDeploy: true
              EchoPermission:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: !Ref EchoFunction
                  Principal: apigateway.amazonaws.com
              Queue:
                Type: AWS::SQS::Queue
            Outputs:
              WebSocketURI:
                Value: !Sub "wss://${ChatApi}.execute-api.${AWS::Region}.amazonaws.com/${StageName}"
              Endpoint:
                Value: !GetAtt ChatApi.ApiEndpoint
            """;

    static List<io.wsgate.model.RuntimeFunction> make(TemplateStack stack, Path data) {
        return make(stack, data, null);
    }

    /** The stack made in {@code data}, its tables in the DynamoDB at {@code dynamodb} (null for none). */
    static List<io.wsgate.model.RuntimeFunction> make(TemplateStack stack, Path data, URI dynamodb) {
        try (var store = StateStore.open(data)) {
            var service = new ControlService(new ControlContext(
                    store, "us-east-1", "000000000000", id -> "", api -> List.of(), Clock.systemUTC()));
            return stack.make(service, dynamodb);
        }
    }

    @Test
    void aPlainTemplateIsMadeLocalAndServed(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tools.probe(List.of("python3", "--version")).isPresent(), "python3 is not installed");
        Path code = Files.createDirectories(dir.resolve("functions"));
        Files.writeString(code.resolve("echo.py"), """
                import os
                def handler(event, context):
                    return {"statusCode": 200, "body": event["body"] + " via " + os.environ["ENDPOINT_URL"]}
                """);
        Path data = dir.resolve("data");
        var stack = new TemplateStack(TEMPLATE, dir, "chat", Map.of(), "us-east-1", "000000000000");
        var functions = make(stack, data);
        assertThat(stack.problems()).isEmpty();
        assertThat(functions).extracting(f -> f.name()).containsExactly("chat-EchoFunction");
        assertThat(stack.accepted()).containsExactly("AWS::Lambda::Permission EchoPermission");
        assertThat(stack.notServed()).containsExactly("AWS::SQS::Queue Queue");
        String url = stack.outputs().path("WebSocketURI").path("Value").asText();
        String apiId = URI.create(url).getHost().split("\\.")[0];

        var builder = Gateway.builder().control(0, data).port(0);
        functions.forEach(builder::function);
        try (Gateway gateway = builder.start();
                var client = TestClient.connect(gateway.stageUrl(apiId, "dev"))) {
            client.send("{\"action\":\"echo\"}");
            assertThat(client.awaitMessage())
                    .isEqualTo("{\"action\":\"echo\"} via http://127.0.0.1:" + gateway.port() + "/" + apiId + "/dev");
            gateway.stop().get(30, TimeUnit.SECONDS);
        }

        // Made again (a changed template, a restart): the stack's API is updated in place, its id kept.
        var again = new TemplateStack(
                TEMPLATE.replace("RouteKey: echo", "RouteKey: shout"),
                dir,
                "chat",
                Map.of(),
                "us-east-1",
                "000000000000");
        make(again, data);
        assertThat(again.problems()).isEmpty();
        try (var store = StateStore.open(data)) {
            assertThat(store.state().path("apis").size()).isEqualTo(1);
            assertThat(store.state().path("apis").fieldNames().next()).isEqualTo(apiId);
            assertThat(store.state().path("apis").path(apiId).toString())
                    .contains("\"shout\"")
                    .doesNotContain("\"echo\"");
        }
    }

    @Test
    void serveRunsATemplateAsItIs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tools.probe(List.of("python3", "--version")).isPresent(), "python3 is not installed");
        Path code = Files.createDirectories(dir.resolve("functions"));
        Files.writeString(code.resolve("echo.py"), """
                def handler(event, context):
                    return {"statusCode": 200, "body": "served: " + event["body"]}
                """);
        Files.writeString(dir.resolve("chat.yaml"), TEMPLATE);
        try (var serve = io.wsgate.testing.GatewayProcess.serveIn(
                dir, "--template", "chat.yaml", "--port", "0", "--control-port", "0", "--data-dir", "data")) {
            int port = serve.awaitPort();
            String output = serve.awaitLine(line -> line.contains("output chat.WebSocketURI = "));
            assertThat(serve.awaitLine(line -> line.contains("output chat.Endpoint = ")))
                    .as("GetAtt ApiEndpoint, as it is here")
                    .matches(".*output chat.Endpoint = ws://127\\.0\\.0\\.1:" + port + "/[a-z0-9]{10}$");
            assertThat(output).as("the output as it is here").contains("ws://127.0.0.1:" + port + "/");
            String apiId = output.replaceFirst(".*/([a-z0-9]+)/dev$", "$1");
            assertThat(serve.output())
                    .contains("stack chat (")
                    .contains("accepted, not run: AWS::Lambda::Permission EchoPermission")
                    .contains("not served: AWS::SQS::Queue Queue");
            try (var client = TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/" + apiId + "/dev"))) {
                client.send("{\"action\":\"echo\"}");
                assertThat(client.awaitMessage()).isEqualTo("served: {\"action\":\"echo\"}");
            }
        }
    }

    @Test
    void validateChecksATemplateWithoutTouchingTheDataDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(
                Files.createDirectories(dir.resolve("functions")).resolve("echo.py"), "def handler(e, c): pass\n");
        Path good = dir.resolve("chat.yaml");
        Files.writeString(good, TEMPLATE);
        CliTest.Result ok = CliTest.run("validate", "--template", good.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("stack chat (").contains(": OK (1 function)");
        assertThat(dir.resolve("wsgate-data")).doesNotExist();

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                TEMPLATE.replace("Handler: echo.handler", "Handler: nodot")
                        .replace("!Ref EchoIntegration", "!Ref EchoIntegraton"));
        CliTest.Result refused = CliTest.run("validate", "--template", bad.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains(bad + ": Resources.EchoRoute.Properties.Target[1]: Ref to 'EchoIntegraton', which is no"
                        + " parameter, resource or pseudo parameter")
                .contains("Resources.EchoFunction.Properties.handler: 'nodot'");
    }

    static final String TABLE_TEMPLATE = """
            Resources:
              Connections:
                Type: AWS::DynamoDB::Table
                Properties:
                  KeySchema: [{AttributeName: connectionId, KeyType: HASH}]
                  AttributeDefinitions: [{AttributeName: connectionId, AttributeType: S}]
                  BillingMode: PAY_PER_REQUEST
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties: {Name: counted, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: python3.12
                  Handler: table.handler
                  Code: {LocalPath: functions}
                  Environment: {Variables: {TABLE_NAME: !Ref Connections}}
              Integration:
                Type: AWS::ApiGatewayV2::Integration
                Properties:
                  ApiId: !Ref Api
                  IntegrationType: AWS_PROXY
                  IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"
              Connect:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: $connect, Target: !Sub "integrations/${Integration}"}
              Count:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: count, RouteResponseSelectionExpression: $default,
                             Target: !Sub "integrations/${Integration}"}
              CountResponse:
                Type: AWS::ApiGatewayV2::RouteResponse
                Properties: {ApiId: !Ref Api, RouteId: !Ref Count, RouteResponseKey: $default}
              Stage:
                Type: AWS::ApiGatewayV2::Stage
                Properties: {ApiId: !Ref Api, StageName: dev, AutoDeploy: true}
            """;

    @Test
    void aTemplatesTableIsMadeInALocalDynamoDbAndItsFunctionsUseIt(@TempDir Path dir) throws Exception {
        boolean boto3 = Tools.probe(List.of("python3", "-c", "import boto3")).isPresent();
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.assertTrue(boto3, "boto3 (.ci/run installs it)");
        }
        Assumptions.assumeTrue(boto3, "python3 with boto3 is missing");
        Files.writeString(Files.createDirectories(dir.resolve("functions")).resolve("table.py"), """
                import os, boto3
                table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
                def handler(event, context):
                    request = event["requestContext"]
                    if request["routeKey"] == "$connect":
                        table.put_item(Item={"connectionId": request["connectionId"]})
                        return {"statusCode": 200}
                    return {"statusCode": 200, "body": str(table.scan()["Count"])}
                """);
        try (var dynalite = io.wsgate.testing.Dynalite.start()) {
            String endpoint = dynalite.endpoint().toString();
            var stack = new TemplateStack(TABLE_TEMPLATE, dir, "counted", Map.of(), "us-east-1", "000000000000");
            List<io.wsgate.model.RuntimeFunction> functions = make(stack, dir.resolve("data"), dynalite.endpoint());
            assertThat(stack.problems()).isEmpty();
            assertThat(stack.accepted())
                    .singleElement()
                    .satisfies(a -> assertThat(a).contains("made as counted-Connections at " + endpoint));
            assertThat(functions.get(0).variables())
                    .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
                    .containsEntry("TABLE_NAME", "counted-Connections");
            String apiId;
            try (var store = StateStore.open(dir.resolve("data"))) {
                apiId = store.state().path("apis").fieldNames().next();
            }
            var builder = Gateway.builder().control(0, dir.resolve("data")).port(0);
            functions.forEach(builder::function);
            try (Gateway gateway = builder.start();
                    var a = TestClient.connect(gateway.stageUrl(apiId, "dev"));
                    var b = TestClient.connect(gateway.stageUrl(apiId, "dev"))) {
                a.send("{\"action\":\"count\"}");
                assertThat(a.awaitMessage())
                        .as("both connects wrote to the table")
                        .isEqualTo("2");
                gateway.stop().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void problemsNameTheResourceAndProperty(@TempDir Path dir) {
        var stack = new TemplateStack("""
                Resources:
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: x, ProtocolType: WEBSOCKET}
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties:
                      ApiId: !Ref Api
                      RouteKey: $default
                      Target: !Sub "integrations/${ConnectIntegraton}"
                  Fn:
                    Type: AWS::Lambda::Function
                    Properties: {Runtime: ruby3.3, Handler: a.b, Code: {LocalPath: x}}
                  A:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: !GetAtt B.ApiEndpoint, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.a}
                  B:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: !GetAtt A.ApiEndpoint, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.a}
                """, dir, "bad", Map.of(), "us-east-1", "000000000000");
        make(stack, dir.resolve("data"));
        assertThat(stack.problems())
                .extracting(Problem::toString)
                .anyMatch(p -> p.startsWith("Resources.Api: ") && p.contains("routeSelectionExpression"))
                .contains(
                        "Resources.Route.Properties.Target: Ref to 'ConnectIntegraton', which is no parameter,"
                                + " resource or pseudo parameter",
                        "Resources.Fn.Properties.Runtime: 'ruby3.3' is not run here (expected one of: "
                                + io.wsgate.model.RuntimeFunction.Runtime.ids() + ")")
                .anyMatch(p -> p.contains("refers to itself, through A → B"));
    }

    @Test
    void validateSaysWhatWouldStopAStageFromBeingServed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stack.yaml"), """
                Resources:
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: x, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.a}
                  Integration:
                    Type: AWS::ApiGatewayV2::Integration
                    Properties:
                      ApiId: !Ref Api
                      IntegrationType: MOCK
                      RequestTemplates: {$default: "#if ($input.body"}
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: !Ref Api, RouteKey: $default, Target: !Sub "integrations/${Integration}"}
                  Stage:
                    Type: AWS::ApiGatewayV2::Stage
                    Properties: {ApiId: !Ref Api, StageName: dev, AutoDeploy: true}
                """);
        CliTest.Result result =
                CliTest.run("validate", "--template", dir.resolve("stack.yaml").toString());
        assertThat(result.err())
                .as(result.out())
                .containsPattern(
                        "stage [a-z0-9]{10}/dev of API x: .*requestTemplates\\.\\$default: VTL directive '#if'");
        assertThat(result.exit()).isEqualTo(1);
    }

    @Test
    void severalTemplatesRunSideBySide() {
        CliTest.Result result = CliTest.run(
                "validate",
                "--template",
                StackChatTest.TEMPLATES.resolve("sam-chat/template.yaml").toString(),
                "--template",
                StackChatTest.TEMPLATES
                        .resolve("serverless-chat/serverless.yml")
                        .toString(),
                "--stage",
                "test");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("stack sam-chat (")
                .contains("stack serverless-chat-test (")
                .contains(": OK (7 functions)");
    }

    @Test
    void macrosAndNestedStacksAreRefusedSayingWhy(@TempDir Path dir) {
        var stack = new TemplateStack("""
                Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]
                Resources:
                  Nested:
                    Type: AWS::CloudFormation::Stack
                    Properties: {TemplateURL: https://s3.amazonaws.com/b/nested.yaml}
                """, dir, "macro", Map.of(), "us-east-1", "000000000000");
        make(stack, dir.resolve("data"));
        assertThat(stack.problems())
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "Transform: 'AWS::LanguageExtensions' is not run here (macros run in AWS; the one"
                                + " transform read is AWS::Serverless-2016-10-31)",
                        "Resources.Nested.Type: nested stacks are not made here (their template is in S3 on"
                                + " AWS): give the nested template its own --template");
    }

    @Test
    void everyWrongPropertyIsAProblemAtItsPathAllAtOnce(@TempDir Path dir) {
        var stack = new TemplateStack("""
                Parameters:
                  Deploy: {Type: String, Default: "true"}
                Resources:
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: x, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.a, Colour: red}
                  Integration:
                    Type: AWS::ApiGatewayV2::Integration
                    Properties: {ApiId: !Ref Api, IntegrationType: MOCK, TimeoutInMillis: fast}
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: !Ref Api, RouteKy: $default, Target: !Sub "integrations/${Integration}"}
                  Stage:
                    Type: AWS::ApiGatewayV2::Stage
                    Properties:
                      ApiId: !Ref Api
                      StageName: dev
                      AutoDeploy: !Ref Deploy
                      DefaultRouteSettings: {LogLevel: INFO, ThrottlingBurstLimit: "-5"}
                      StageVariables: {table: 7}
                  Other:
                    Type: AWS::ApiGatewayV2::Stage
                    Properties: {ApiId: !Ref Api, StageName: other, AutoDeploy: maybe}
                  Fn:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: python3.12
                      Handler: app.handler
                      Code: {LocalPath: missing}
                      Timeout: ten
                      Memory: 256
                      Environment: {Variables: {A: {Nested: 1}}, Vars: {}}
                """, dir, "bad", Map.of(), "us-east-1", "000000000000");
        make(stack, dir.resolve("data"));
        assertThat(stack.problems())
                .extracting(Problem::toString)
                .contains(
                        "Resources.Api.Properties.Colour: unknown property (expected one of: Name, ProtocolType,"
                                + " RouteSelectionExpression, ApiKeySelectionExpression, Description,"
                                + " DisableSchemaValidation, DisableExecuteApiEndpoint, IpAddressType, Tags, Version,"
                                + " CorsConfiguration, CredentialsArn, RouteKey, Target, Body, BodyS3Location, BasePath,"
                                + " FailOnWarnings)",
                        "Resources.Integration.Properties.TimeoutInMillis: must be an integer",
                        "Resources.Stage.Properties.DefaultRouteSettings.LogLevel: unknown property (expected one"
                                + " of: DataTraceEnabled, DetailedMetricsEnabled, LoggingLevel, ThrottlingBurstLimit,"
                                + " ThrottlingRateLimit)",
                        "Resources.Stage.Properties.DefaultRouteSettings.ThrottlingBurstLimit: must be between 0"
                                + " and 2147483647, not -5",
                        "Resources.Stage.Properties.StageVariables.table: must be a string",
                        "Resources.Other.Properties.AutoDeploy: must be true or false",
                        "Resources.Fn.Properties.Timeout: must be an integer",
                        "Resources.Fn.Properties.Environment.Vars: unknown property (expected: Variables)",
                        "Resources.Fn.Properties.Environment.Variables.A: must be a string",
                        "Resources.Fn.Properties.Code: 'missing' is not a directory or a .zip ("
                                + dir.resolve("missing") + ")")
                .anyMatch(p -> p.startsWith("Resources.Route.Properties.RouteKy: unknown property (expected one of:"))
                .anyMatch(p -> p.startsWith("Resources.Fn.Properties.Memory: unknown property (expected one of:"))
                .noneMatch(p -> p.startsWith("Resources.Stage.Properties.AutoDeploy"));
    }

    @Test
    void inlineCodeAnAliasADomainNameAndItsMapping(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tools.probe(List.of("python3", "--version")).isPresent(), "python3 is not installed");
        var stack = new TemplateStack("""
                Resources:
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: inline, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.a}
                  Fn:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: python3.12
                      Handler: index.handler
                      Code:
                        ZipFile: |
                          def handler(event, context):
                              return {"statusCode": 200, "body": "inline " + context.function_name}
                  Live:
                    Type: AWS::Lambda::Alias
                    Properties: {FunctionName: !Ref Fn, FunctionVersion: "1", Name: live}
                  Integration:
                    Type: AWS::ApiGatewayV2::Integration
                    Properties:
                      ApiId: !Ref Api
                      IntegrationType: AWS_PROXY
                      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Live}/invocations"
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: !Ref Api, RouteKey: $default, RouteResponseSelectionExpression: $default, Target: !Sub "integrations/${Integration}"}
                  Response:
                    Type: AWS::ApiGatewayV2::RouteResponse
                    Properties: {ApiId: !Ref Api, RouteId: !Ref Route, RouteResponseKey: $default}
                  Stage:
                    Type: AWS::ApiGatewayV2::Stage
                    Properties: {ApiId: !Ref Api, StageName: dev, AutoDeploy: "true"}
                  Domain:
                    Type: AWS::ApiGatewayV2::DomainName
                    Properties:
                      DomainName: chat.example.test
                      DomainNameConfigurations: [{EndpointType: REGIONAL}]
                  Mapping:
                    Type: AWS::ApiGatewayV2::ApiMapping
                    Properties: {DomainName: !Ref Domain, ApiId: !Ref Api, Stage: !Ref Stage, ApiMappingKey: chat}
                Outputs:
                  Alias: {Value: !Ref Live}
                  Regional: {Value: !GetAtt Domain.RegionalDomainName}
                """, dir, "inline", Map.of(), "us-east-1", "000000000000");
        Path data = dir.resolve("data");
        var functions = make(stack, data);
        assertThat(stack.problems()).isEmpty();
        assertThat(stack.outputs().path("Alias").path("Value").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:inline-Fn:live");
        assertThat(stack.outputs().path("Regional").path("Value").asText()).isNotEmpty();
        String apiId;
        try (var store = StateStore.open(data)) {
            apiId = store.state().path("apis").fieldNames().next();
            assertThat(store.state()
                            .path("domainNames")
                            .path("chat.example.test")
                            .path("mappings")
                            .toString())
                    .contains(apiId)
                    .contains("chat");
        }
        var builder = Gateway.builder().control(0, data).port(0);
        functions.forEach(builder::function);
        try (Gateway gateway = builder.start();
                var client = TestClient.connect(gateway.stageUrl(apiId, "dev"))) {
            client.send("{\"a\":\"x\"}");
            assertThat(client.awaitMessage()).as("the alias runs the function").isEqualTo("inline inline-Fn");
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStacksApiHasTheSameIdInEveryDataDirectory(@TempDir Path dir) {
        var ids = new java.util.ArrayList<String>();
        for (String[] run : new String[][] {{"chat", "a"}, {"chat", "b"}, {"other", "c"}}) {
            var stack = new TemplateStack(TEMPLATE, dir, run[0], Map.of(), "us-east-1", "000000000000");
            make(stack, dir.resolve(run[1]));
            ids.add(java.net
                    .URI
                    .create(stack.outputs().path("WebSocketURI").path("Value").asText())
                    .getHost()
                    .split("\\.")[0]);
        }
        assertThat(ids.get(0)).matches("[a-z0-9]{10}").isEqualTo(ids.get(1)).isNotEqualTo(ids.get(2));
    }

    /**
     * A log group is what CloudFormation makes of it: its name as {@code Ref}, its ARN (ending in
     * {@code :*}) as {@code Arn}, which a stage's access log may name; its {@code RetentionInDays}
     * is how long the gateway keeps the group's files, and must be one CloudWatch accepts.
     */
    @Test
    void aLogGroupsRetentionIsHowLongItsAccessLogsAreKept(@TempDir Path dir) throws Exception {
        var stack = new TemplateStack("""
                Resources:
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: logged, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.a}
                  Logs:
                    Type: AWS::Logs::LogGroup
                    Properties: {LogGroupName: /aws/apigateway/logged, RetentionInDays: 7}
                  Unnamed:
                    Type: AWS::Logs::LogGroup
                  Stage:
                    Type: AWS::ApiGatewayV2::Stage
                    Properties:
                      ApiId: !Ref Api
                      StageName: dev
                      AccessLogSettings: {DestinationArn: !GetAtt Logs.Arn, Format: "$context.requestId"}
                Outputs:
                  Group: {Value: !Ref Logs}
                """, dir, "logs", Map.of(), "us-east-1", "000000000000");
        make(stack, dir.resolve("data"));
        assertThat(stack.problems()).isEmpty();
        assertThat(stack.logGroups())
                .containsEntry("/aws/apigateway/logged", java.util.OptionalInt.of(7))
                .containsEntry("logs-Unnamed", java.util.OptionalInt.empty());
        assertThat(stack.outputs().path("Group").path("Value").asText()).isEqualTo("/aws/apigateway/logged");
        try (var store = StateStore.open(dir.resolve("data"))) {
            var stage =
                    store.state().path("apis").elements().next().path("stages").path("dev");
            assertThat(stage.path("accessLogSettings").path("destinationArn").asText())
                    .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/aws/apigateway/logged:*");
        }

        var bad = new TemplateStack("""
                Resources:
                  Logs:
                    Type: AWS::Logs::LogGroup
                    Properties: {RetentionInDays: 8}
                """, dir, "bad", Map.of(), "us-east-1", "000000000000");
        make(bad, dir.resolve("bad"));
        assertThat(bad.problems())
                .extracting(Problem::toString)
                .containsExactly("Resources.Logs.Properties.RetentionInDays: '8' (expected one of: "
                        + io.wsgate.config.AccessLogging.RETENTION_DAYS + ")");
    }
}
