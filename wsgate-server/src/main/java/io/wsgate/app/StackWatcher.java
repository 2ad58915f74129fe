package io.wsgate.app;

import io.wsgate.config.GatewaySettings;
import io.wsgate.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the templates a gateway serves and makes their stacks again when they change ({@link
 * TemplateStack#reload}), as a redeployment: a template file, a serverless.yml, or the JSON files
 * of a CDK cloud assembly, which {@code cdk synth} writes anew. The files are looked at every {@value
 * #POLL_MILLIS} ms (a tool such as {@code cdk synth} replaces them one by one, and the directories
 * they sit in may be replaced too, which file-system events follow poorly); a change is acted on
 * once two looks in a row see the same files, so that a synthesis half written is not read. A
 * template with problems changes nothing: the problems are logged, and the stacks serve on as they
 * were until the next change.
 */
final class StackWatcher implements AutoCloseable {
    static final long POLL_MILLIS = 300;

    private static final Logger log = LoggerFactory.getLogger(StackWatcher.class);

    private final Stacks.Sources sources;
    private final Gateway gateway;
    private final GatewaySettings.Control control;
    private final java.net.URI dynamodb;
    private final Thread thread;
    private volatile boolean closed;

    private StackWatcher(
            Stacks.Sources sources, Gateway gateway, GatewaySettings.Control control, java.net.URI dynamodb) {
        this.sources = sources;
        this.gateway = gateway;
        this.control = control;
        this.dynamodb = dynamodb;
        this.thread = Thread.ofPlatform().daemon().name("wsgate-stack-watcher").unstarted(this::run);
    }

    /** Starts watching {@code sources} for {@code gateway}; stops when the gateway does, or on close. */
    static StackWatcher start(
            Stacks.Sources sources, Gateway gateway, GatewaySettings.Control control, java.net.URI dynamodb) {
        var watcher = new StackWatcher(sources, gateway, control, dynamodb);
        watcher.thread.start();
        gateway.terminated().whenComplete((v, e) -> watcher.close());
        log.info("watching {} for changes: a change makes the stacks again", sources.templates());
        return watcher;
    }

    private void run() {
        Map<String, String> seen = fingerprint();
        Map<String, String> last = seen;
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Map<String, String> now = fingerprint();
            if (!now.equals(seen) && now.equals(last)) {
                seen = now;
                reload();
            }
            last = now;
        }
    }

    private void reload() {
        long started = System.nanoTime();
        try {
            List<Problem> problems = Stacks.reload(sources, gateway, control, dynamodb);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (problems.isEmpty()) {
                log.info("stacks reloaded from {} in {} ms", sources.templates(), millis);
            } else {
                log.warn(
                        "stacks not reloaded, {} problem(s); serving them as they were:\n  {}",
                        problems.size(),
                        String.join(
                                "\n  ", problems.stream().map(Problem::toString).toList()));
            }
        } catch (RuntimeException e) {
            log.warn("stacks not reloaded: {}", e.toString());
        }
    }

    /** Each watched file's size and checksum, by path. */
    private Map<String, String> fingerprint() {
        var files = new TreeMap<String, String>();
        for (Path path : sources.templates()) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> listed = Files.walk(path, 2)) {
                    listed.filter(p -> p.getFileName().toString().endsWith(".json"))
                            .forEach(p -> files.put(p.toString(), stamp(p)));
                } catch (IOException | java.io.UncheckedIOException e) {
                    files.put(path.toString(), "unreadable");
                }
            } else {
                files.put(path.toString(), stamp(path));
            }
        }
        return files;
    }

    /** The file's size and checksum: an edit within the file system's time resolution is seen too. */
    private static String stamp(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            var crc = new java.util.zip.CRC32();
            crc.update(bytes);
            return bytes.length + ":" + Long.toHexString(crc.getValue());
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
