package io.wsgate.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CDK cloud assembly, what {@code cdk synth} writes to {@code cdk.out}: its {@code
 * manifest.json} lists the stacks ({@code aws:cloudformation:stack} artifacts, each with its
 * {@code templateFile}) and nested assemblies ({@code cdk:cloud-assembly}, one per CDK {@code
 * Stage}, in a directory of their own), read in the order written. A function's code is the asset
 * directory its resource's {@code aws:asset:path} metadata names, relative to the assembly that
 * holds its template.
 */
public final class CloudAssembly {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One stack of the assembly.
     *
     * @param name the artifact's id, CDK's stack name (a nested assembly's are prefixed, as the CLI shows them)
     * @param template its template file
     */
    public record Stack(String name, Path template) {
        /** The code of {@code resource} (its {@code aws:asset:path}), when it names one. */
        public Optional<Path> asset(JsonNode resource) {
            String asset = resource.path("Metadata").path("aws:asset:path").asText("");
            if (asset.isEmpty()) {
                return Optional.empty();
            }
            Path path = Path.of(asset);
            return Optional.of(
                    path.isAbsolute()
                            ? path
                            : template.getParent().resolve(path).normalize());
        }
    }

    /** The stacks, and what is wrong with the assembly. */
    public record Read(List<Stack> stacks, List<Problem> problems) {}

    private CloudAssembly() {}

    /** Whether {@code path} is an assembly: a directory with a {@code manifest.json}. */
    public static boolean is(Path path) {
        return Files.isRegularFile(path.resolve("manifest.json"));
    }

    public static Read read(Path directory) {
        var stacks = new ArrayList<Stack>();
        var problems = new ArrayList<Problem>();
        read(directory.toAbsolutePath().normalize(), "", stacks, problems, 0);
        if (problems.isEmpty() && stacks.isEmpty()) {
            problems.add(new Problem(
                    "manifest.json",
                    "no stack in " + directory + " (expected: an"
                            + " aws:cloudformation:stack artifact, as cdk synth writes)"));
        }
        return new Read(stacks, problems);
    }

    private static void read(Path directory, String prefix, List<Stack> stacks, List<Problem> problems, int depth) {
        Path manifest = directory.resolve("manifest.json");
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            problems.add(new Problem(manifest.toString(), "cannot read it: " + e.getMessage()));
            return;
        }
        root.path("artifacts").fields().forEachRemaining(e -> {
            String id = e.getKey();
            JsonNode artifact = e.getValue();
            String where = manifest + ": artifacts." + id;
            switch (artifact.path("type").asText()) {
                case "aws:cloudformation:stack" -> {
                    String file =
                            artifact.path("properties").path("templateFile").asText("");
                    Path template = directory.resolve(file);
                    if (file.isEmpty() || !Files.isRegularFile(template)) {
                        problems.add(new Problem(where + ".properties.templateFile", "no template at " + template));
                    } else {
                        stacks.add(new Stack(prefix + id, template));
                    }
                }
                case "cdk:cloud-assembly" -> {
                    String nested =
                            artifact.path("properties").path("directoryName").asText("");
                    if (depth > 8 || nested.isEmpty() || !is(directory.resolve(nested))) {
                        problems.add(new Problem(
                                where + ".properties.directoryName", "no assembly at " + directory.resolve(nested)));
                    } else {
                        String display = artifact.path("displayName")
                                .asText(artifact.path("properties")
                                        .path("displayName")
                                        .asText(id));
                        read(directory.resolve(nested), prefix + display + "/", stacks, problems, depth + 1);
                    }
                }
                default -> {
                    // asset manifests, tree, metadata: nothing to serve
                }
            }
        });
    }
}
