package io.wsgate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Copies the bootstraps ({@code io/wsgate/runtime/node/...}, {@code io/wsgate/runtime/python/...})
 * out of the jar, or out of the class-path directory in a build, into a new directory under the
 * system's temporary one: {@code node} and {@code python3} run files, not resources.
 */
final class Bootstraps {
    static final String ROOT = "io/wsgate/runtime/";

    private Bootstraps() {}

    /** A new directory holding {@code node/} and {@code python/}. */
    static Path copy() {
        try {
            Path target = Files.createTempDirectory("wsgate-runtime-");
            for (String language : new String[] {"node", "python"}) {
                URL url = Bootstraps.class.getClassLoader().getResource(ROOT + language);
                if (url == null) {
                    continue; // the pool's process then fails to start, saying which file is missing
                }
                if (url.getProtocol().equals("jar")) {
                    fromJar(url, language, target);
                } else {
                    fromDirectory(Path.of(url.toURI()), target.resolve(language));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the runtime bootstraps: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path directory) {
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clear
        }
    }

    private static void fromDirectory(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void fromJar(URL url, String language, Path target) throws IOException {
        var connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        String prefix = ROOT + language + "/";
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                    continue;
                }
                Path to =
                        target.resolve(entry.getName().substring(ROOT.length())).normalize();
                if (!to.startsWith(target)) {
                    continue;
                }
                Files.createDirectories(to.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
