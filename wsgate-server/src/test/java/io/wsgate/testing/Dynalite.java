package io.wsgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynalite, the DynamoDB-compatible server in memory from npm, as {@code examples/dynalite/serve.mjs}
 * runs it on a free loopback port; stopped on close. Tests that need it are skipped where it is not
 * installed, and fail on CI, where {@code .ci/run} installs it.
 */
public final class Dynalite implements AutoCloseable {
    private final Process process;
    private final URI endpoint;
    private final DynamoDbClient client;

    private Dynalite(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The examples' dynalite directory, whose node_modules {@code npm ci} fills. */
    static Path directory() {
        return Snippets.readme().resolveSibling("examples").resolve("dynalite");
    }

    /** Starts one; skips the test (fails it on CI) when dynalite or node is not installed. */
    public static Dynalite start() {
        boolean present = Files.isDirectory(directory().resolve("node_modules/dynalite"))
                && Tools.probe(List.of("node", "--version")).isPresent();
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(present, "dynalite and node (.ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "dynalite (npm ci in examples/dynalite) or node is missing");
        try {
            Process process = new ProcessBuilder(
                            "node", directory().resolve("serve.mjs").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (line == null || !line.startsWith("http://127.0.0.1:")) {
                process.destroyForcibly();
                throw new AssertionError("dynalite did not print its endpoint: " + line);
            }
            return new Dynalite(process, URI.create(line.strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The string values of {@code attribute} in every item of {@code table}. */
    public List<String> values(String table, String attribute) {
        return client.scan(r -> r.tableName(table)).items().stream()
                .map(item -> item.get(attribute).s())
                .toList();
    }

    public List<String> tables() {
        return client.listTables().tableNames();
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
