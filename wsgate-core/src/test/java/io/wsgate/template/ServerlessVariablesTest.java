package io.wsgate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** serverless.yml's variables, as the framework (v3) resolves them. */
class ServerlessVariablesTest {
    static final String FILE = """
            service: chat
            provider:
              name: aws
              runtime: nodejs20.x
              stage: ${opt:stage, 'dev'}
              region: ${opt:region, 'us-east-1'}
              environment:
                TABLE: ${self:service}-${sls:stage}-connections
                SECRET: ${env:CHAT_SECRET, 'none'}
                SIZE: ${self:custom.sizes.${sls:stage}}
              websocketsApiRouteSelectionExpression: $request.body.action
            custom:
              sizes: {dev: 128, prod: 1024}
              shared: ${self:custom.sizes}
            resources:
              Outputs:
                Url: {"Fn::Sub": "wss://${WebsocketsApi}.execute-api.${AWS::Region}.amazonaws.com/${sls:stage}"}
            functions:
              connect:
                handler: handler.connect
                events:
                  - websocket: {route: $connect}
            """;

    record Resolved(JsonNode value, List<String> problems, String stage) {}

    static Resolved resolve(String yaml, Map<String, String> options, Map<String, String> env) {
        var parsed = TemplateText.read(yaml);
        var problems = new ArrayList<Problem>(parsed.problems());
        var variables = new ServerlessVariables(parsed.root(), options, env, problems);
        JsonNode value = variables.resolveAll();
        return new Resolved(value, problems.stream().map(Problem::toString).toList(), variables.stage());
    }

    @Test
    void optionsSelfEnvAndStageResolve() {
        var dev = resolve(FILE, Map.of(), Map.of());
        assertThat(dev.problems()).isEmpty();
        assertThat(dev.stage()).isEqualTo("dev");
        JsonNode env = dev.value().path("provider").path("environment");
        assertThat(env.path("TABLE").asText()).isEqualTo("chat-dev-connections");
        assertThat(env.path("SECRET").asText()).isEqualTo("none");
        assertThat(env.path("SIZE").asInt())
                .as("a nested variable, resolved from the inside")
                .isEqualTo(128);
        assertThat(dev.value().path("custom").path("shared").path("prod").asInt())
                .as("a value that is one variable keeps what it names")
                .isEqualTo(1024);
        assertThat(dev.value()
                        .path("provider")
                        .path("websocketsApiRouteSelectionExpression")
                        .asText())
                .as("not a variable")
                .isEqualTo("$request.body.action");

        var prod = resolve(FILE, Map.of("stage", "prod"), Map.of("CHAT_SECRET", "s3cr3t"));
        assertThat(prod.problems()).isEmpty();
        assertThat(prod.stage()).isEqualTo("prod");
        JsonNode prodEnv = prod.value().path("provider").path("environment");
        assertThat(prodEnv.path("TABLE").asText()).isEqualTo("chat-prod-connections");
        assertThat(prodEnv.path("SECRET").asText()).isEqualTo("s3cr3t");
        assertThat(prodEnv.path("SIZE").asInt()).isEqualTo(1024);
    }

    @Test
    void whatCannotBeResolvedIsAProblemAtItsMember() {
        var r = resolve("""
                service: x
                custom:
                  loop: ${self:custom.loop}
                  table: ${ssm:/chat/table}
                  missing: ${self:custom.nothere}
                  region: ${opt:region}
                  none: ${env:UNSET, opt:nope}
                """, Map.of(), Map.of());
        assertThat(r.problems())
                .contains(
                        "custom.table: ${ssm:/chat/table} cannot be resolved locally (ssm is not read here;"
                                + " supported: self:, opt:, sls:stage, env:, literals)",
                        "custom.missing: ${self:custom.nothere} names nothing in the file",
                        "custom.region: --region was not given",
                        "custom.none: ${env:UNSET, opt:nope}: none of its sources has a value")
                .anyMatch(p -> p.contains("${self:custom.loop} refers to itself"));
    }
}
