package io.wsgate.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js and Python interpreters S6 runs: those {@code node} and {@code python3} on the PATH
 * lead to, asked for their own executable ({@code process.execPath}, {@code sys.executable}) and
 * linked under those two names into a directory that goes first on the PATH of S6's servers. A
 * version manager's shim in front of an interpreter (pyenv's is a bash script, which took over a
 * second a start on a busy machine here) would otherwise be timed as part of every cold start.
 *
 * @param bin the directory of links
 * @param node the Node.js executable and its version, as {@code v20.20.2 (/usr/bin/node)}
 * @param python the Python executable and its version, likewise
 */
record Runtimes(Path bin, String node, String python) {
    private static final String NODE = "process.stdout.write(process.execPath + ' ' + process.version)";
    private static final String PYTHON = "import platform, sys; print(sys.executable, platform.python_version())";

    /** Finds both interpreters and links them into {@code bin}, replacing links left there. */
    static Runtimes link(Path bin) throws IOException, InterruptedException {
        Files.createDirectories(bin);
        String node = linked(bin, "node", List.of("node", "-e", NODE));
        String python = linked(bin, "python3", List.of("python3", "-c", PYTHON));
        return new Runtimes(bin, node, python);
    }

    /** The environment a server of S6 starts with: the links first on its PATH. */
    Map<String, String> environment() {
        return Map.of("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    }

    /** The line of the report's machine section. */
    String describe() {
        return "Runtimes of S6: Node.js " + node + ", Python " + python;
    }

    /** Runs {@code ask} (which prints the executable, a space, the version), links the executable. */
    private static String linked(Path bin, String name, List<String> ask) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(ask).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("S6 needs " + name + " on the PATH: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.contains(" ")) {
            throw new IOException(name + " did not say where it is: " + out);
        }
        int space = out.lastIndexOf(' ');
        Path executable = Path.of(out.substring(0, space));
        Path link = bin.resolve(name);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, executable);
        return out.substring(space + 1) + " (" + executable + ")";
    }
}
