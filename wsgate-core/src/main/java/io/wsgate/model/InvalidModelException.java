package io.wsgate.model;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a model value breaks its rules; carries every problem found, not only the first. */
public final class InvalidModelException extends IllegalArgumentException {
    private final List<Problem> problems;

    public InvalidModelException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public InvalidModelException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The same problems with {@code prefix} put in front of each path. */
    public InvalidModelException under(String prefix) {
        return new InvalidModelException(
                problems.stream().map(p -> p.under(prefix)).toList());
    }
}
