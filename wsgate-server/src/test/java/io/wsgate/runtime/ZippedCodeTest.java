package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsgate.app.Gateway;
import io.wsgate.config.ConfigLoader;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Problem;
import io.wsgate.model.RuntimeFunction;
import io.wsgate.observe.Counter;
import io.wsgate.testing.TestClient;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code code: handlers.zip}: unpacked into a directory of the run's and served from there,
 * unpacked again when the archive changes (the old code stays when the new archive is refused),
 * removed on stop; and archives that would write outside their directory, hold a link, or are not
 * there or not archives, reported before anything runs, naming the file and the entry.
 */
class ZippedCodeTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            functions:
              Zipped: {runtime: python3.11, handler: app/handler.handler, code: handlers.zip, timeout: 30}
            apis:
              - name: zipped
                routeSelectionExpression: $request.body.action
                integrations:
                  - {integrationId: zipped, integrationType: AWS_PROXY, integrationUri: Zipped}
                routes:
                  - {routeKey: $default, target: integrations/zipped, routeResponseSelectionExpression: $default}
                stages:
                  - stageName: dev
            """;

    static String handler(String version) {
        return """
                import os
                from app.words import word
                def handler(event, context):
                    return {"statusCode": 200, "body": "%s " + word() + " " + os.getcwd()}
                """.formatted(version);
    }

    /** Writes a .zip of {@code entries} (name to content) with the JDK's own writer. */
    static Path zip(Path file, Map<String, String> entries) throws Exception {
        try (OutputStream out = Files.newOutputStream(file);
                var zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    static Map<String, String> code(String version) {
        var entries = new LinkedHashMap<String, String>();
        entries.put("app/", "");
        entries.put("app/handler.py", handler(version));
        entries.put("app/words.py", "def word():\n    return 'zipped'\n");
        return entries;
    }

    @Test
    void aZipIsUnpackedServedAndUnpackedAgainWhenItChanges() throws Exception {
        Path zip = zip(dir.resolve("handlers.zip"), code("v1"));
        Files.writeString(dir.resolve("zipped.yaml"), CONFIG);
        Gateway gateway = Gateway.fromFile(ConfigLoader.load(dir.resolve("zipped.yaml")))
                .port(0)
                .start();
        Path unpacked;
        try (var client = TestClient.connect(URI.create("ws://127.0.0.1:" + gateway.port() + "/zipped/dev"))) {
            client.send("{}");
            String first = client.awaitMessage();
            assertThat(first).startsWith("v1 zipped /");
            unpacked = Path.of(first.substring("v1 zipped ".length()));
            assertThat(unpacked)
                    .as("a directory of the run's")
                    .isNotEqualTo(dir)
                    .isDirectory();
            assertThat(unpacked.resolve("app/words.py")).exists();

            zip(zip, code("v2"));
            client.send("{}");
            String second = client.awaitMessage();
            assertThat(second).startsWith("v2 zipped /");

            var slip = code("v3");
            slip.put("../outside.py", "print('escaped')\n");
            zip(zip, slip);
            client.send("{}");
            assertThat(client.awaitMessage()).as("the code before stays").isEqualTo(second);
            assertThat(gateway.counters().count(Counter.FUNCTION_CODE_REFUSED)).isEqualTo(1);
            assertThat(client.isClosed()).isFalse();
        } finally {
            gateway.stop().get(30, TimeUnit.SECONDS);
        }
        assertThat(unpacked).as("removed on stop").doesNotExist();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("nothing written beside the archive")
                .containsExactlyInAnyOrder("handlers.zip", "zipped.yaml");
    }

    @Test
    void aZipWithAnEntryOutsideItsDirectoryIsRefusedBeforeAnythingRuns() throws Exception {
        var entries = code("v1");
        entries.put("app/../../evil.py", "print('escaped')\n");
        zip(dir.resolve("handlers.zip"), entries);
        Files.writeString(dir.resolve("zipped.yaml"), CONFIG);
        Gateway.Builder builder =
                Gateway.fromFile(ConfigLoader.load(dir.resolve("zipped.yaml"))).port(0);
        String expected = "functions.Zipped.code: " + dir.resolve("handlers.zip")
                + ": entry 'app/../../evil.py' would be unpacked outside its directory (expected: a relative path"
                + " inside the archive, without ..)";
        assertThat(builder.check()).extracting(Problem::toString).containsExactly(expected);
        assertThatThrownBy(builder::start)
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("evil.py");
        assertThat(dir.resolve("../evil.py")).doesNotExist();
    }

    @Test
    void aZipHoldingALinkIsRefused() throws Exception {
        Path zip = dir.resolve("linked.zip");
        try (var out = new ZipArchiveOutputStream(zip)) {
            var link = new ZipArchiveEntry("app/secrets");
            link.setUnixMode(0120777); // a symbolic link, as zip --symlinks stores one
            out.putArchiveEntry(link);
            out.write("/etc".getBytes(StandardCharsets.US_ASCII));
            out.closeArchiveEntry();
        }
        assertThat(ZippedCode.problems(zip))
                .extracting(Problem::toString)
                .containsExactly("code: " + zip
                        + ": entry 'app/secrets' is a symbolic link (expected: files and directories only)");
    }

    @Test
    void aMissingOrUnreadableZipIsFoundBeforeAnyRequest() throws Exception {
        var runtime = RuntimeFunction.Runtime.PYTHON311;
        Path gone = dir.resolve("gone.zip");
        Path notZip = Files.writeString(dir.resolve("notes.zip"), "not an archive");
        var problems = RuntimeHost.problems(
                List.of(
                        RuntimeFunction.of("Gone", runtime, "app.handler", gone),
                        RuntimeFunction.of("Text", runtime, "app.handler", notZip)),
                System.getenv("PATH"));
        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        "functions.Gone.code: no file " + gone + " (expected: a .zip of the handler's code)",
                        "functions.Text.code: cannot read " + notZip
                                + " as a .zip: Archive is not a ZIP archive (expected: a .zip archive)");
    }
}
