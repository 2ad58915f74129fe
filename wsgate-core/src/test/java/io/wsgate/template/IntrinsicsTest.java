package io.wsgate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.wsgate.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The YAML short forms and the intrinsic functions, as CloudFormation resolves them. */
class IntrinsicsTest {
    static final Intrinsics.Pseudo PSEUDO = new Intrinsics.Pseudo("us-east-1", "123456789012", "chat-stack");

    /** Two resources: an API whose Ref is its id and whose ApiEndpoint is a local URL; a function. */
    static final Intrinsics.Resources RESOURCES = new Intrinsics.Resources() {
        @Override
        public Set<String> ids() {
            return Set.of("ChatApi", "SendFunction");
        }

        @Override
        public JsonNode ref(String logicalId) {
            return JsonNodeFactory.instance.textNode(logicalId.equals("ChatApi") ? "abc123" : "send-fn");
        }

        @Override
        public Optional<JsonNode> attribute(String logicalId, String attribute) {
            if (logicalId.equals("ChatApi") && attribute.equals("ApiEndpoint")) {
                return Optional.of(JsonNodeFactory.instance.textNode("ws://127.0.0.1:8080/abc123"));
            }
            if (logicalId.equals("SendFunction") && attribute.equals("Arn")) {
                return Optional.of(
                        JsonNodeFactory.instance.textNode("arn:aws:lambda:us-east-1:123456789012:function:send-fn"));
            }
            return Optional.empty();
        }
    };

    record Resolved(JsonNode value, List<String> problems) {}

    static Resolved resolve(String yaml, Map<String, String> overrides) {
        TemplateText.Parsed parsed = TemplateText.read(yaml);
        var problems = new ArrayList<Problem>(parsed.problems());
        var intrinsics = new Intrinsics(parsed.root(), overrides, PSEUDO, RESOURCES, problems);
        JsonNode value = intrinsics.resolve(parsed.root().path("Outputs"), "Outputs");
        return new Resolved(value, problems.stream().map(Problem::toString).toList());
    }

    static final String PARAMETERS = """
            Parameters:
              Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
              Names: {Type: CommaDelimitedList, Default: "a, b,c"}
              BootstrapVersion: {Type: "AWS::SSM::Parameter::Value<String>", Default: /cdk-bootstrap/hnb659fds/version}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              NotProd: !Not [!Condition IsProd]
              Both: !And [!Condition NotProd, !Equals [1, 1]]
            Mappings:
              Sizes: {dev: {memory: 128}, prod: {memory: 1024}}
            """;

    @Test
    void shortFormsResolveAsTheirLongForms() {
        var r = resolve(PARAMETERS + """
                Outputs:
                  Url: !Sub "https://${ChatApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}"
                  Endpoint: !GetAtt ChatApi.ApiEndpoint
                  LongGetAtt: {"Fn::GetAtt": [SendFunction, Arn]}
                  Joined: !Join ["-", [!Ref AWS::StackName, !Ref Stage, 7]]
                  Second: !Select [1, !Ref Names]
                  Parts: !Split [",", "x,y,,z"]
                  Memory: !FindInMap [Sizes, !Ref Stage, memory]
                  Maybe: !If [IsProd, big, small]
                  Both: !If [Both, yes-both, no]
                  Encoded: !Base64 hi
                  Zones: !Select [0, !GetAZs ""]
                  Literal: !Sub "${!NotAVariable} in ${AWS::Region}"
                  Variables: !Sub ["${A}/${B}", {A: !Ref SendFunction, B: 2}]
                  Account: !Ref AWS::AccountId
                  Dropped: !If [IsProd, kept, !Ref AWS::NoValue]
                  List: [one, !Ref AWS::NoValue, three]
                """, Map.of());
        assertThat(r.problems()).isEmpty();
        JsonNode v = r.value();
        assertThat(v.path("Url").asText()).isEqualTo("https://abc123.execute-api.us-east-1.amazonaws.com/dev");
        assertThat(v.path("Endpoint").asText()).isEqualTo("ws://127.0.0.1:8080/abc123");
        assertThat(v.path("LongGetAtt").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:send-fn");
        assertThat(v.path("Joined").asText()).isEqualTo("chat-stack-dev-7");
        assertThat(v.path("Second").asText()).isEqualTo("b");
        assertThat(v.path("Parts").toString()).isEqualTo("[\"x\",\"y\",\"\",\"z\"]");
        assertThat(v.path("Memory").asInt()).isEqualTo(128);
        assertThat(v.path("Maybe").asText()).isEqualTo("small");
        assertThat(v.path("Both").asText()).isEqualTo("yes-both");
        assertThat(v.path("Encoded").asText()).isEqualTo("aGk=");
        assertThat(v.path("Zones").asText()).isEqualTo("us-east-1a");
        assertThat(v.path("Literal").asText()).isEqualTo("${NotAVariable} in us-east-1");
        assertThat(v.path("Variables").asText()).isEqualTo("send-fn/2");
        assertThat(v.path("Account").asText()).isEqualTo("123456789012");
        assertThat(v.has("Dropped")).as("AWS::NoValue drops the member").isFalse();
        assertThat(v.path("List").toString()).isEqualTo("[\"one\",\"three\"]");
    }

    @Test
    void parameterOverridesAreCheckedAgainstAllowedValues() {
        var prod = resolve(PARAMETERS + "Outputs: {Maybe: !If [IsProd, big, small]}\n", Map.of("Stage", "prod"));
        assertThat(prod.problems()).isEmpty();
        assertThat(prod.value().path("Maybe").asText()).isEqualTo("big");
        var bad = resolve(PARAMETERS + "Outputs: {S: !Ref Stage}\n", Map.of("Stage", "qa", "Nope", "x"));
        assertThat(bad.problems())
                .contains(
                        "Parameters.Stage: 'qa' is not one of its AllowedValues [\"dev\",\"prod\"]",
                        "Parameters: --parameter-overrides names 'Nope', which the template does not declare");
    }

    @Test
    void whatCannotBeResolvedHereIsAProblemAtItsPath() {
        var r = resolve("""
                Parameters:
                  Needed: {Type: String}
                Conditions:
                  Loop: !Condition Other
                  Other: !Condition Loop
                Outputs:
                  Imported: !ImportValue shared-table
                  Dangling: !Ref ConnectIntegraton
                  Attr: !GetAtt ChatApi.Nope
                  NoSuch: !GetAtt Missing.Arn
                  Needs: !Ref Needed
                  Circular: !If [Loop, a, b]
                  BadJoin: !Join [",", notalist]
                  OutOfRange: !Select [5, [a]]
                  Unknown: !Frobnicate x
                  Transformed: {"Fn::Transform": {Name: AWS::Include}}
                """, Map.of());
        assertThat(r.problems())
                .contains(
                        "Parameters.Needed: no value (expected: a Default, or --parameter-overrides Needed=VALUE)",
                        "Outputs.Imported: Fn::ImportValue cannot be resolved locally: exports of other stacks are"
                                + " not known here",
                        "Outputs.Dangling: Ref to 'ConnectIntegraton', which is no parameter, resource or pseudo"
                                + " parameter",
                        "Outputs.Attr: Fn::GetAtt of 'ChatApi.Nope': the resource has no such attribute here",
                        "Outputs.NoSuch: Fn::GetAtt of 'Missing', which is no resource of the template",
                        "Outputs.BadJoin: Fn::Join takes a list to join, got \"notalist\"",
                        "Outputs.OutOfRange: Fn::Select of index 5 from [\"a\"]: out of range",
                        "Outputs.Unknown: unknown tag !Frobnicate (expected: !Ref, !Sub, !GetAtt, !Join, ...)",
                        "Outputs.Transformed: Fn::Transform cannot be resolved locally: macros other than SAM's are"
                                + " not run here")
                .anyMatch(p -> p.contains("refers to itself, through other conditions"));
    }

    @Test
    void jsonTemplatesAndLinesAreRead() {
        TemplateText.Parsed parsed = TemplateText.read("""
                {
                  "Resources": {
                    "Api": {"Type": "AWS::ApiGatewayV2::Api",
                            "Properties": {"Name": {"Ref": "AWS::StackName"}}}
                  }
                }
                """);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.root()
                        .path("Resources")
                        .path("Api")
                        .path("Properties")
                        .path("Name")
                        .path("Ref")
                        .asText())
                .isEqualTo("AWS::StackName");
        assertThat(parsed.lineOf("/Resources/Api")).isEqualTo(3);
        assertThat(TemplateText.read("Resources: [unclosed").problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("not YAML or JSON"));
    }
}
