package io.wsgate.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.wsgate.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The template {@code cdk synth} made of the seed 001 shaped app (test data with its source beside
 * it): every resource's properties and the outputs resolve with no problem, and the values a local
 * run needs come out as CloudFormation would make them.
 */
class SynthesizedTemplateTest {
    static final Path ASSEMBLY = Path.of("src/test/resources/templates/cdk-seed001/cdk.out");

    @Test
    void theSeed001StackResolves() throws Exception {
        TemplateText.Parsed parsed = TemplateText.read(Files.readString(ASSEMBLY.resolve("ChatStack.template.json")));
        assertThat(parsed.problems()).isEmpty();
        JsonNode resources = parsed.root().path("Resources");
        Set<String> ids = new HashSet<>();
        resources.fieldNames().forEachRemaining(ids::add);
        var problems = new ArrayList<Problem>();
        var intrinsics = new Intrinsics(
                parsed.root(),
                Map.of(),
                new Intrinsics.Pseudo("us-east-1", "000000000000", "ChatStack"),
                new Intrinsics.Resources() {
                    @Override
                    public Set<String> ids() {
                        return ids;
                    }

                    @Override
                    public JsonNode ref(String logicalId) {
                        return JsonNodeFactory.instance.textNode("ref-" + logicalId);
                    }

                    @Override
                    public Optional<JsonNode> attribute(String logicalId, String attribute) {
                        return Optional.of(JsonNodeFactory.instance.textNode(logicalId + "." + attribute));
                    }
                },
                problems);
        var resolved = JsonNodeFactory.instance.objectNode();
        resources.fields().forEachRemaining(e -> {
            String path = "Resources." + e.getKey();
            if (!e.getValue().has("Condition")
                    || intrinsics.condition(e.getValue().get("Condition").asText(), path)) {
                resolved.set(e.getKey(), intrinsics.resolve(e.getValue().path("Properties"), path + ".Properties"));
            }
        });
        JsonNode outputs = intrinsics.resolve(parsed.root().path("Outputs"), "Outputs");
        assertThat(problems).isEmpty();

        String api = "ref-mywsapi32E6CE11";
        assertThat(resolved.path("SendMessageHandlerDCEABF13")
                        .path("Environment")
                        .path("Variables")
                        .path("ENDPOINT_URL")
                        .asText())
                .as("the stage's callbackUrl, built with Fn::Join")
                .isEqualTo("https://" + api + ".execute-api.us-east-1.amazonaws.com/dev");
        assertThat(resolved.path("ConnectHandler2FFD52D8")
                        .path("Environment")
                        .path("Variables")
                        .path("TABLE_NAME")
                        .asText())
                .isEqualTo("ref-Connections827CEF2F");
        assertThat(resolved.path("mystage114C35EC").path("ApiId").asText()).isEqualTo(api);
        assertThat(outputs.path("WebSocketUrl").path("Value").asText())
                .isEqualTo("wss://" + api + ".execute-api.us-east-1.amazonaws.com/dev");
        assertThat(parsed.root()
                        .path("Resources")
                        .path("ConnectHandler2FFD52D8")
                        .path("Metadata")
                        .path("aws:asset:path")
                        .asText())
                .satisfies(asset -> assertThat(ASSEMBLY.resolve(asset).resolve("connect.js"))
                        .exists());
    }
}
