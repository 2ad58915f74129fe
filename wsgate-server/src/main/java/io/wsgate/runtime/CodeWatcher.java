package io.wsgate.runtime;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.wsgate.integration.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the code of local functions with one {@link WatchService} and one thread, and tells each
 * root (a code directory, watched with every directory under it as they appear, or a {@code .zip})
 * what changed under it. A burst of changes (an editor's save, {@code npm install}) reaches the
 * root's listener as one call, once the root has been quiet for {@link #QUIET}.
 *
 * <p>An invocation must see a change written just before it, though the change's event may still
 * be on its way: {@link #settled()} creates a file of its own in a directory watched by the same
 * service and completes once that file's event is seen. Events reach the service in the order the
 * file system made them, so by then every change made before the call has been seen, and this
 * watcher calls the listeners of every changed root at once, quiet or not, before completing.
 *
 * <p>Only {@code __pycache__} is not watched: Python writes it as it imports, and what is in it is
 * made from the sources beside it, so a change there never changes what runs.
 */
final class CodeWatcher implements AutoCloseable {
    /** How long a root must be without new changes before its listener hears of them. */
    static final Duration QUIET = Duration.ofMillis(200);

    /**
     * How long {@link #settled()} waits for its mark to come back; past that the invocation goes on
     * (file events are that slow only where the service polls, as on some systems without inotify).
     */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(1);

    /** Changes handed to a listener at once are listed by at most this many paths (and counted). */
    private static final int MAX_PATHS = 100;

    /** Keys handled after a mark before the listeners run: bounds the drain of a storm of events. */
    private static final int MAX_DRAIN = 10_000;

    private static final String SKIPPED = "__pycache__";
    private static final Logger log = LoggerFactory.getLogger(CodeWatcher.class);

    /** What changed under a root since its listener was last called: the first paths, and how many. */
    record Change(List<Path> paths, int count) {
        Change {
            paths = List.copyOf(paths);
        }
    }

    /** One thing watched and who hears of its changes. Its pending state is the watcher thread's. */
    private static final class Root {
        final Path path;
        final boolean tree;
        final Consumer<Change> listener;
        final Set<Path> pending = new LinkedHashSet<>();
        int beyond;
        long lastChangeNanos;

        Root(Path path, boolean tree, Consumer<Change> listener) {
            this.path = path;
            this.tree = tree;
            this.listener = listener;
        }
    }

    /** A watched directory: the trees it is in, and the roots that are entries of it. */
    private record Watched(Path directory, Set<Root> trees, Set<Root> named) {}

    private final WatchService service;
    private final Timeouts timeouts;
    private final Path marks;
    private final WatchKey markKey;
    private final Map<WatchKey, Watched> watched = new HashMap<>();
    private final List<Root> roots = new ArrayList<>();
    private final Thread thread;
    private boolean warnedRegister; // under this object's lock

    // Under the lock of `waiting`: who waits for a mark, and the mark in flight.
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private List<CompletableFuture<Void>> marked = List.of();
    private String mark; // the file name of the mark in flight, or null
    private boolean seen; // whether its event has been seen
    private long markedNanos;
    private long serial;
    private boolean closed;
    private boolean warnedSlow;

    /** A watcher that keeps its marks in {@code marks} (a new directory of this run's). */
    CodeWatcher(Path marks) {
        this(marks, Timeouts.JDK);
    }

    /** As above, with {@link #settled()}'s wait bounded by a timer {@code timeouts} sets. */
    CodeWatcher(Path marks, Timeouts timeouts) {
        this.timeouts = timeouts;
        WatchService made = null;
        try {
            made = marks.getFileSystem().newWatchService();
            this.marks = Files.createDirectories(marks);
            this.markKey = marks.register(made, ENTRY_CREATE);
        } catch (IOException e) {
            closeQuietly(made);
            throw new UncheckedIOException("cannot watch function code: " + e.getMessage(), e);
        }
        this.service = made;
        this.thread = Thread.ofPlatform().name("wsgate-code-watcher").daemon().unstarted(this::run);
    }

    /**
     * Tells {@code listener} of changes under the directory {@code path}, in any directory under
     * it, or to the file {@code path} (a {@code .zip}). Call before {@link #start()}.
     */
    void watch(Path path, Consumer<Change> listener) {
        var root = new Root(path, !Files.isRegularFile(path), listener);
        roots.add(root);
        Path parent = path.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            register(parent).named().add(root); // sees the root itself replaced, or the file rewritten
        }
        if (root.tree) {
            registerTree(path, Set.of(root));
        }
    }

    void start() {
        thread.start();
    }

    /**
     * Completes once every change made before this call has been seen and told to its root's
     * listener; at the latest after {@link #SETTLE_WAIT}. Never blocks the caller.
     */
    CompletableFuture<Void> settled() {
        var done = new CompletableFuture<Void>();
        String name = null;
        synchronized (waiting) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            waiting.add(done);
            if (mark == null) {
                markWaiting();
                name = mark;
            }
        }
        if (name != null) {
            String file = name; // written off the caller's thread, which may be an event loop
            Thread.ofVirtual().name("wsgate-code-mark").start(() -> writeMark(file));
        }
        return timeouts.completeOnTimeout(done, null, SETTLE_WAIT.toMillis());
    }

    /** How many directories are watched now. */
    synchronized int directories() {
        return watched.size();
    }

    @Override
    public void close() {
        synchronized (waiting) {
            closed = true;
            waiting.forEach(f -> f.complete(null));
            marked.forEach(f -> f.complete(null));
            waiting.clear();
        }
        closeQuietly(service); // the thread ends on ClosedWatchServiceException
    }

    private static void closeQuietly(WatchService service) {
        try {
            if (service != null) {
                service.close();
            }
        } catch (IOException e) {
            log.debug("closing the code watcher: {}", e.toString());
        }
    }

    private void run() {
        while (true) {
            try {
                step();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                log.debug("code watcher stopped");
                return;
            } catch (RuntimeException e) {
                log.warn("code watcher: {}", e.toString(), e); // a bug; the next round starts afresh
            }
        }
    }

    /** Waits for events (or the next root due) and acts on them. */
    private void step() throws InterruptedException {
        WatchKey key = service.poll(pollMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
            handle(key);
        }
        if (markSeen()) {
            for (int i = 0; i < MAX_DRAIN && (key = service.poll()) != null; i++) {
                handle(key);
            }
            flush(true);
            nextMark();
        } else {
            flush(false);
            recoverSlowMark();
        }
    }

    // The watcher thread's, apart from registrations before start.

    private void handle(WatchKey key) {
        Watched where = watched.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                overflowed();
                continue;
            }
            Path name = (Path) event.context();
            if (key == markKey) {
                markEvent(name);
                continue;
            }
            if (where == null || name.toString().equals(SKIPPED)) {
                continue;
            }
            Path changed = where.directory().resolve(name);
            for (Root root : where.named()) {
                if (root.path.getFileName().equals(name)) {
                    changed(root, changed);
                    if (root.tree && event.kind() == ENTRY_CREATE) {
                        registerTree(changed, Set.of(root)); // the directory was replaced
                    }
                }
            }
            if (!where.trees().isEmpty()) {
                where.trees().forEach(root -> changed(root, changed));
                if (event.kind() == ENTRY_CREATE && Files.isDirectory(changed)) {
                    registerTree(changed, where.trees());
                }
            }
        }
        if (!key.reset() && key != markKey) {
            synchronized (this) {
                watched.remove(key); // the directory is gone; its parent's event said so
            }
        }
    }

    private void changed(Root root, Path path) {
        if (root.pending.size() < MAX_PATHS) {
            root.pending.add(path);
        } else if (!root.pending.contains(path)) {
            root.beyond++; // past the list: counted, once per event
        }
        root.lastChangeNanos = System.nanoTime();
    }

    /** Events were lost: every root may have changed, and directories may have appeared unseen. */
    private void overflowed() {
        log.info("code watcher: too many file events at once, every function's code is taken as changed");
        for (Root root : roots) {
            changed(root, root.path);
            if (root.tree && Files.isDirectory(root.path)) {
                registerTree(root.path, Set.of(root));
            }
        }
        synchronized (waiting) {
            if (mark != null) {
                seen = true; // its event may be among the lost; what it waits for is flushed now
            }
        }
    }

    /** Tells each root with pending changes, when quiet for {@link #QUIET} or {@code now}. */
    private void flush(boolean now) {
        long due = System.nanoTime() - QUIET.toNanos();
        for (Root root : roots) {
            if (!root.pending.isEmpty() && (now || root.lastChangeNanos - due <= 0)) {
                var change = new Change(List.copyOf(root.pending), root.pending.size() + root.beyond);
                root.pending.clear();
                root.beyond = 0;
                try {
                    root.listener.accept(change);
                } catch (RuntimeException e) {
                    log.warn("code watcher: reloading {} failed: {}", root.path, e.toString());
                }
            }
        }
    }

    /** Until the next root is due, or the mark in flight is overdue; long when nothing is pending. */
    private long pollMillis() {
        long wait = SETTLE_WAIT.toMillis();
        long now = System.nanoTime();
        for (Root root : roots) {
            if (!root.pending.isEmpty()) {
                long left = root.lastChangeNanos + QUIET.toNanos() - now;
                wait = Math.min(wait, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
        }
        return wait;
    }

    private synchronized Watched register(Path directory) {
        try {
            WatchKey key = directory.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            return watched.computeIfAbsent(
                    key, k -> new Watched(directory, new LinkedHashSet<>(), new LinkedHashSet<>()));
        } catch (IOException e) {
            // Past inotify's limit (fs.inotify.max_user_watches) every further directory fails: say it once.
            if (!warnedRegister) {
                warnedRegister = true;
                log.warn(
                        "code watcher: cannot watch {} (changes there are not seen; the limit of watched"
                                + " directories is fs.inotify.max_user_watches on Linux): {}",
                        directory,
                        e.toString());
            } else {
                log.debug("code watcher: cannot watch {}: {}", directory, e.toString());
            }
            return new Watched(directory, new LinkedHashSet<>(), new LinkedHashSet<>());
        }
    }

    /** Watches {@code top} and every directory under it (through links too) as part of {@code trees}. */
    private void registerTree(Path top, Set<Root> trees) {
        try {
            Files.walkFileTree(
                    top, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                            if (dir.getFileName() != null
                                    && dir.getFileName().toString().equals(SKIPPED)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            register(dir).trees().addAll(trees);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // a link loop, or a file gone as we looked: nothing more to watch there
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            log.warn("code watcher: cannot watch {}: {}", top, e.toString());
        }
    }

    // Marks.

    /** Under the lock: the waiting callers are covered by a new mark. */
    private void markWaiting() {
        marked = List.copyOf(waiting);
        waiting.clear();
        mark = "mark-" + ++serial;
        markedNanos = System.nanoTime();
        seen = false;
    }

    private void writeMark(String name) {
        try {
            Files.createFile(marks.resolve(name));
        } catch (IOException e) {
            log.debug("code watcher: cannot write its mark: {}", e.toString()); // the wait times out
        }
    }

    private void markEvent(Path name) {
        synchronized (waiting) {
            if (name.toString().equals(mark)) {
                seen = true;
            }
        }
        try {
            Files.deleteIfExists(marks.resolve(name));
        } catch (IOException e) {
            log.debug("code watcher: cannot remove its mark: {}", e.toString());
        }
    }

    private boolean markSeen() {
        synchronized (waiting) {
            return seen;
        }
    }

    /** The mark in flight came back: its callers go on, and those that came since get a new one. */
    private void nextMark() {
        List<CompletableFuture<Void>> done;
        String name = null;
        synchronized (waiting) {
            done = marked;
            marked = List.of();
            mark = null;
            seen = false;
            if (!waiting.isEmpty() && !closed) {
                markWaiting();
                name = mark;
            }
        }
        done.forEach(f -> f.complete(null));
        if (name != null) {
            writeMark(name);
        }
    }

    /** A mark that has not come back within {@link #SETTLE_WAIT} is given up: its callers went on. */
    private void recoverSlowMark() {
        synchronized (waiting) {
            if (mark == null || System.nanoTime() - markedNanos < SETTLE_WAIT.toNanos()) {
                return;
            }
            if (!warnedSlow) {
                warnedSlow = true;
                log.warn(
                        "code watcher: file events take over {} here; an invocation right after a change"
                                + " may run the code from before it",
                        SETTLE_WAIT);
            }
            seen = true;
        }
        nextMark();
    }

    @Override
    public String toString() {
        return "CodeWatcher" + roots.stream().map(r -> r.path).toList();
    }
}
