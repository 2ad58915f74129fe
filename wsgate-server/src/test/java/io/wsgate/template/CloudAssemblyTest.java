package io.wsgate.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cloud assembly's stacks and their functions' asset directories, from real and made-up manifests. */
class CloudAssemblyTest {
    @Test
    void theSynthesizedAssemblyNamesItsStackAndAssets() throws Exception {
        Path assembly = SynthesizedTemplateTest.ASSEMBLY;
        assertThat(CloudAssembly.is(assembly)).isTrue();
        var read = CloudAssembly.read(assembly);
        assertThat(read.problems()).isEmpty();
        assertThat(read.stacks()).singleElement().satisfies(stack -> {
            assertThat(stack.name()).isEqualTo("ChatStack");
            var template = TemplateText.read(Files.readString(stack.template())).root();
            assertThat(stack.asset(template.path("Resources").path("SendMessageHandlerDCEABF13")))
                    .hasValueSatisfying(
                            code -> assertThat(code.resolve("send.js")).exists());
            assertThat(stack.asset(template.path("Resources").path("mywsapi32E6CE11")))
                    .isEmpty();
        });
    }

    @Test
    void nestedAssembliesAndMissingFilesAreReadOrNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), """
                {"version": "50.0.0", "artifacts": {
                  "assembly-Prod": {"type": "cdk:cloud-assembly",
                                    "properties": {"directoryName": "assembly-Prod", "displayName": "Prod"}},
                  "Lost": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Lost.template.json"}},
                  "Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}
                """);
        Path nested = Files.createDirectories(dir.resolve("assembly-Prod"));
        Files.writeString(nested.resolve("manifest.json"), """
                {"version": "50.0.0", "artifacts": {
                  "ProdChat": {"type": "aws:cloudformation:stack",
                               "properties": {"templateFile": "ProdChat.template.json"}}}}
                """);
        Files.writeString(nested.resolve("ProdChat.template.json"), "{\"Resources\": {}}");
        var read = CloudAssembly.read(dir);
        assertThat(read.stacks()).extracting(CloudAssembly.Stack::name).containsExactly("Prod/ProdChat");
        assertThat(read.problems())
                .singleElement()
                .satisfies(p ->
                        assertThat(p.toString()).contains("artifacts.Lost.properties.templateFile: no template at"));
        assertThat(CloudAssembly.read(Files.createDirectories(dir.resolve("empty")))
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("cannot read it"));
    }
}
