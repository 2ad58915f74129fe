package io.wsgate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects problems while a value is checked, so that a caller hears about all of them at once.
 * Not thread-safe; one instance per check.
 */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    /** Records a problem at {@code path} unless {@code ok}. */
    public Problems require(boolean ok, String path, Supplier<String> message) {
        if (!ok) {
            list.add(new Problem(path, message.get()));
        }
        return this;
    }

    public Problems add(String path, String message) {
        list.add(new Problem(path, message));
        return this;
    }

    public Problems addAll(List<Problem> problems) {
        list.addAll(problems);
        return this;
    }

    /** Runs {@code check}; problems it throws are recorded under {@code prefix}. */
    public Problems nested(String prefix, Runnable check) {
        try {
            check.run();
        } catch (InvalidModelException e) {
            list.addAll(e.under(prefix).problems());
        }
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(list);
    }

    /** Throws {@link InvalidModelException} with everything recorded, if anything was. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidModelException(list);
        }
    }
}
