package io.wsgate.model;

import java.util.Objects;

/**
 * One thing wrong with a model or a configuration file: where, and what was expected.
 *
 * @param path the member's path, such as {@code apis[chat].routes[sendmessage].target}
 * @param message what is wrong, with the bad value and what was expected
 */
public record Problem(String path, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** This problem with {@code prefix} put in front of its path. */
    public Problem under(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        return new Problem(path.isEmpty() ? prefix : prefix + (path.startsWith("[") ? "" : ".") + path, message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
