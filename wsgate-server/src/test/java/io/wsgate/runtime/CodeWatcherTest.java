package io.wsgate.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the code watcher tells a root's listener, on the real file system: changes anywhere under a
 * directory, in directories made after it started too, a burst as one call, a {@code .zip}
 * rewritten; nothing for {@code __pycache__}; and {@link CodeWatcher#settled()} returns only once
 * a change made just before it has been told.
 */
class CodeWatcherTest {
    @TempDir
    Path dir;

    CodeWatcher watcher;
    final BlockingQueue<CodeWatcher.Change> changes = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private Path code() throws Exception {
        Path code = Files.createDirectories(dir.resolve("code/src/lib"));
        Files.writeString(code.resolve("greet.js"), "v1");
        watcher = new CodeWatcher(dir.resolve("marks"));
        watcher.watch(dir.resolve("code"), changes::add);
        watcher.start();
        return dir.resolve("code");
    }

    @Test
    void aBurstOfWritesUnderTheDirectoryIsOneChange() throws Exception {
        Path code = code();
        for (int i = 0; i < 20; i++) {
            Files.writeString(code.resolve("src/lib/greet.js"), "v" + i);
        }
        Files.writeString(code.resolve("index.js"), "new");
        CodeWatcher.Change change = Await.next(changes, "change");
        assertThat(change.paths())
                .containsExactlyInAnyOrder(code.resolve("src/lib/greet.js"), code.resolve("index.js"));
        assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(changes).as("nothing after the burst").isEmpty();
    }

    @Test
    void directoriesMadeAfterTheStartAreWatchedToo() throws Exception {
        Path code = code();
        Path deep = Files.createDirectories(code.resolve("node_modules/pkg/dist"));
        Await.next(changes, "change for the new directories");
        Files.writeString(deep.resolve("index.js"), "module.exports = 1");
        assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(Await.next(changes, "change in the new directory").paths())
                .containsExactly(deep.resolve("index.js"));
    }

    @Test
    void settledReturnsOnlyOnceAChangeJustMadeHasBeenTold() throws Exception {
        Path code = code();
        for (int i = 0; i < 20; i++) {
            Files.writeString(code.resolve("src/lib/greet.js"), "v" + i);
            assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(changes.poll())
                    .as("the change written before settled(), told before it returned (round %d)", i)
                    .isNotNull();
        }
    }

    @Test
    void pythonCacheIsNotACodeChange() throws Exception {
        Path code = code();
        Path cache = Files.createDirectories(code.resolve("__pycache__"));
        Files.writeString(cache.resolve("greet.cpython-311.pyc"), "cached");
        assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(changes).isEmpty();
    }

    @Test
    void aDirectoryReplacedWholeIsAChangeAndWatchedAgain() throws Exception {
        Path code = code();
        Bootstraps.delete(code);
        Files.createDirectories(code);
        Files.writeString(code.resolve("index.js"), "v2");
        assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(changes.poll()).as("the replacement").isNotNull();
        changes.clear();
        Files.writeString(code.resolve("index.js"), "v3");
        assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(changes.poll(0, TimeUnit.SECONDS))
                .as("a write in the new directory")
                .isNotNull();
    }

    @Test
    void aZipIsWatchedAsOneFile() throws Exception {
        Path zip = Files.writeString(dir.resolve("handlers.zip"), "one");
        Files.writeString(dir.resolve("other.txt"), "x");
        watcher = new CodeWatcher(dir.resolve("marks"));
        watcher.watch(zip, changes::add);
        watcher.start();
        Files.writeString(dir.resolve("other.txt"), "y");
        assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(changes).as("a file beside it").isEmpty();
        Files.writeString(zip, "two");
        assertThat(watcher.settled()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(changes.poll()).isEqualTo(new CodeWatcher.Change(java.util.List.of(zip), 1));
    }
}
