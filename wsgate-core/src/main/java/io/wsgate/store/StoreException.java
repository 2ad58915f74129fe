package io.wsgate.store;

import java.nio.file.Path;

/** The data directory cannot be used: a corrupt state file, a directory in use, an I/O failure. */
public final class StoreException extends RuntimeException {
    private final Path path;

    public StoreException(Path path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    public StoreException(Path path, String message) {
        this(path, message, null);
    }

    public Path path() {
        return path;
    }
}
