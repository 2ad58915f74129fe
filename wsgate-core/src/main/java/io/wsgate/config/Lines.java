package io.wsgate.config;

import io.wsgate.model.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where in a file each path was written, so problems found later still get a line. */
final class Lines {
    private final String file;
    private final Map<String, Integer> byPath = new HashMap<>();

    Lines(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void record(String path, int line) {
        byPath.putIfAbsent(path, line);
    }

    /** The line of {@code path}, or of its nearest recorded ancestor; 0 when none is known. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = byPath.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return byPath.getOrDefault(p, 0);
            }
            p = p.substring(0, cut);
        }
    }

    LocatedProblem locate(Problem problem) {
        return new LocatedProblem(file, lineOf(problem.path()), problem);
    }

    /** Each problem with its line, in the order of the file (those without a line last). */
    List<LocatedProblem> locate(List<Problem> problems) {
        return problems.stream()
                .map(this::locate)
                .sorted(java.util.Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()))
                .toList();
    }
}
