package io.wsgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code bench} script at the repository root, run by bash in a copy of the root where the
 * Maven wrapper does nothing and the bench jar is this test run's class path: options that only
 * print must print and install nothing, and a run installs the peers of the scenarios it runs and
 * no other. {@code apt-get} and {@code npm} on its PATH write down that they were called and fail,
 * and {@code pushpin} is not there, so that an install would show.
 */
class BenchScriptTest {
    @TempDir
    Path root;

    private Path calls;

    /** What a run of the script printed and how it ended. */
    private record Run(int exit, String out) {}

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "--version"})
    void optionsThatOnlyPrintInstallNothing(String option) throws Exception {
        Run run = bench(option);
        assertThat(run.exit()).as(run.out()).isZero();
        if (!option.equals("--version")) {
            assertThat(run.out()).contains("Usage: bench", "--only", "S1..S6");
        }
        assertThat(calls).as("tools the script called").doesNotExist();
        assertThat(root.resolve("wsgate-bench/target/peers")).doesNotExist();
    }

    @Test
    void anUnknownScenarioIsRefusedNamingItAndNothingIsInstalled() throws Exception {
        Run run = bench("--only", "S3,S9");
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("--only: unknown scenario S9 (expected some of: S1, S2, S3, S4, S5, S6)");
        assertThat(calls).as("tools the script called").doesNotExist();
    }

    @Test
    void s6InstallsServerlessOfflineFromNpmAndNotPushpin() throws Exception {
        Run run = bench("--only=S6");
        assertThat(run.exit()).as("the npm stub fails").isNotZero();
        assertThat(run.out()).contains("installing serverless@3 and serverless-offline@13 (npm) for S6");
        assertThat(Files.readString(calls))
                .contains("npm install --no-audit --no-fund --loglevel=error serverless@3 serverless-offline@13")
                .doesNotContain("apt-get");
    }

    @Test
    void s4LooksForPushpinAndLeavesNpmAlone() throws Exception {
        Run run = bench("--only", "S4");
        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).contains("pushpin");
        assertThat(calls)
                .satisfiesAnyOf(
                        c -> assertThat(c).doesNotExist(), // not root: it says it cannot install
                        c -> assertThat(Files.readString(c)).contains("apt-get").doesNotContain("npm"));
    }

    /**
     * Runs the script with {@code args} in a copy of the repository root where the Maven wrapper
     * does nothing and the bench jar is this test run's class path; {@code apt-get} and {@code npm}
     * on its PATH write down that they were called and fail, and {@code pushpin} is not there.
     */
    private Run bench(String... args) throws Exception {
        Path repository = repositoryRoot();
        Files.createDirectories(root.resolve("bin"));
        Files.copy(repository.resolve("bench"), root.resolve("bench"));
        Files.copy(repository.resolve("bin/find-jdk.sh"), root.resolve("bin/find-jdk.sh"));
        calls = root.resolve("calls");
        script(root.resolve("mvnw"), "exit 0");
        Path stubs = Files.createDirectories(root.resolve("stubs"));
        for (String tool : List.of("apt-get", "npm")) {
            script(stubs.resolve(tool), "echo " + tool + " \"$@\" >> '" + calls + "'; exit 1");
        }
        benchJar(root.resolve("wsgate-bench/target/wsgate-bench.jar"));

        var command = new java.util.ArrayList<>(List.of("bash", "bench"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PATH", stubs + File.pathSeparator + pathWithout("pushpin", root.resolve("shadows")));
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bench")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bench script above " + Path.of("").toAbsolutePath());
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A jar holding only a manifest whose Class-Path is this test run's: the script runs Bench from it. */
    private static void benchJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes()
                .put(
                        Attributes.Name.CLASS_PATH,
                        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                                .map(entry -> Path.of(entry).toUri().toString())
                                .collect(Collectors.joining(" ")));
        try (OutputStream out = Files.newOutputStream(jar);
                var ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }

    /**
     * The PATH with {@code tool} taken out: a directory that holds it (such as /usr/bin, once
     * Pushpin is installed from Debian) is replaced by a directory of links to everything else in
     * it, so that the script still finds bash, dirname and awk there.
     */
    private static String pathWithout(String tool, Path shadows) throws IOException {
        var dirs = new java.util.ArrayList<String>();
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (!Files.exists(Path.of(dir, tool))) {
                dirs.add(dir);
                continue;
            }
            Path shadow = Files.createDirectories(shadows.resolve(String.valueOf(dirs.size())));
            try (var entries = Files.list(Path.of(dir))) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    if (!entry.getFileName().toString().equals(tool)) {
                        Files.createSymbolicLink(shadow.resolve(entry.getFileName()), entry);
                    }
                }
            }
            dirs.add(shadow.toString());
        }
        return String.join(File.pathSeparator, dirs);
    }
}
