package io.wsgate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** SAM functions made plain Lambda functions, with the template's Globals under their own properties. */
class SamTransformTest {
    @Test
    void globalsAreMergedUnderEachFunctionsOwnProperties() {
        var parsed = TemplateText.read("""
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Runtime: nodejs20.x
                    Timeout: 10
                    Environment: {Variables: {TABLE_NAME: !Ref ConnectionsTable, LOG: info}}
                Resources:
                  OnConnect:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: onconnect/
                      Handler: app.handler
                      Timeout: 3
                      Environment: {Variables: {LOG: debug}}
                      Policies: [{DynamoDBCrudPolicy: {TableName: !Ref ConnectionsTable}}]
                  ConnectionsTable:
                    Type: AWS::Serverless::SimpleTable
                  ChatApi:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: chat, ProtocolType: WEBSOCKET}
                  NoCode:
                    Type: AWS::Serverless::Function
                    Properties: {Handler: a.b}
                """);
        assertThat(SamTransform.applies(parsed.root())).isTrue();
        var problems = new ArrayList<Problem>();
        JsonNode out = SamTransform.expand((ObjectNode) parsed.root(), problems);
        JsonNode fn = out.path("Resources").path("OnConnect");
        assertThat(fn.path("Type").asText()).isEqualTo("AWS::Lambda::Function");
        JsonNode p = fn.path("Properties");
        assertThat(p.path("Runtime").asText()).as("from Globals").isEqualTo("nodejs20.x");
        assertThat(p.path("Timeout").asInt()).as("its own wins").isEqualTo(3);
        assertThat(p.path("CodeUri").asText()).isEqualTo("onconnect/");
        assertThat(p.path("Environment").path("Variables").path("LOG").asText()).isEqualTo("debug");
        assertThat(p.path("Environment")
                        .path("Variables")
                        .path("TABLE_NAME")
                        .path("Ref")
                        .asText())
                .as("merged key by key")
                .isEqualTo("ConnectionsTable");
        assertThat(p.has("Policies")).isFalse();
        assertThat(out.path("Resources").path("ChatApi").path("Type").asText()).isEqualTo("AWS::ApiGatewayV2::Api");
        assertThat(out.has("Globals")).isFalse();
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "Resources.ConnectionsTable.Type: AWS::Serverless::SimpleTable is not served (supported:"
                                + " AWS::Serverless::Function; write WebSocket APIs as AWS::ApiGatewayV2 resources, as"
                                + " SAM does)",
                        "Resources.NoCode.Properties.CodeUri: missing (expected: the function's code directory,"
                                + " relative to the template)");
        assertThat(SamTransform.applies(TemplateText.read("Resources: {}").root()))
                .isFalse();
    }
}
