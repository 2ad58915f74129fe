package io.wsgate.config;

import java.util.List;

/** A configuration file that cannot be used; {@link #report()} says why on one screen. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final List<LocatedProblem> problems;

    public ConfigException(String file, List<LocatedProblem> problems) {
        super(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public String file() {
        return file;
    }

    public List<LocatedProblem> problems() {
        return problems;
    }

    /** The file, the number of problems, then one line per problem. */
    public String report() {
        var out = new StringBuilder(getMessage()).append('\n');
        problems.forEach(p -> out.append("  ").append(p).append('\n'));
        return out.toString();
    }
}
