package io.wsgate.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledged state, one writer at a time. {@link #update} applies a change to a copy,
 * writes the copy durably, publishes it to the subscribers, and only then returns; a change that
 * throws leaves nothing behind. The directory is locked against a second gateway.
 */
public final class StateStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateStore.class);

    private final StateFile file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Consumer<ObjectNode>> subscribers = new CopyOnWriteArrayList<>();
    // A lock, not synchronized: writers are virtual threads that wait for the disk, and on JDK 21
    // to 23 a virtual thread blocked inside synchronized holds its carrier thread.
    private final ReentrantLock writer = new ReentrantLock();
    private volatile ObjectNode current;

    private StateStore(StateFile file, FileChannel lockChannel, FileLock lock, ObjectNode state) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.current = state;
    }

    /**
     * Opens the data directory, creating it if needed ({@code rwx------}: see {@link StateFile}).
     *
     * @throws StoreException when another process holds it or its state file cannot be trusted
     */
    public static StateStore open(Path directory) {
        FileChannel channel = null;
        try {
            StateFile.createPrivateDirectory(directory);
            Path lockFile = directory.resolve("lock");
            channel = FileChannel.open(
                    lockFile,
                    java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    StateFile.ownerOnly(lockFile, StateFile.OWNER_FILE));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException(directory, "is in use by another wsgate (its lock file is held)");
            }
            var file = new StateFile(directory);
            if (file.interruptedWriteLeft()) {
                log.warn(
                        "dropping an interrupted, never acknowledged write file={}",
                        directory.resolve("state.json.tmp"));
                file.discardInterruptedWrite();
            }
            ObjectNode state = file.read();
            if (Files.exists(file.path())) {
                log.info("state loaded file={} bytes={}", file.path(), Files.size(file.path()));
            } else {
                log.info("no state yet; it will be kept in file={}", file.path());
            }
            return new StateStore(file, channel, lock, state);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException(directory, "cannot be used: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The state as last acknowledged. Callers must not change it. */
    public ObjectNode state() {
        return current;
    }

    /** Calls {@code subscriber} with every new state, before the change that made it returns. */
    public void subscribe(Consumer<ObjectNode> subscriber) {
        subscribers.add(subscriber);
    }

    /**
     * Applies {@code change} to a copy of the state; if it returns normally, the copy is written
     * durably and published, then its result returned.
     */
    public <T> T update(Function<ObjectNode, T> change) {
        writer.lock();
        try {
            ObjectNode next = current.deepCopy();
            T result = change.apply(next);
            file.write(next);
            current = next;
            for (Consumer<ObjectNode> subscriber : subscribers) {
                try {
                    subscriber.accept(next);
                } catch (RuntimeException e) {
                    log.error("a state subscriber failed", e);
                }
            }
            return result;
        } finally {
            writer.unlock();
        }
    }

    public Path path() {
        return file.path();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("lock release failed: {}", e.toString());
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("close failed: {}", e.toString());
            }
        }
    }
}
