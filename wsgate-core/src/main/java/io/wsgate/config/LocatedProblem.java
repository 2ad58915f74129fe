package io.wsgate.config;

import io.wsgate.model.Problem;

/** A problem with the file and line it was found at; line 0 when the line is not known. */
public record LocatedProblem(String file, int line, Problem problem) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + problem;
    }
}
