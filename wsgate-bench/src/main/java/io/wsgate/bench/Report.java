package io.wsgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tables of one run, in Markdown. {@link #writeInto} replaces what lies between the two
 * markers of {@code BENCHMARKS.md} and keeps the rest (the analysis written by hand).
 */
final class Report {
    static final String BEGIN = "<!-- tables: written by ./bench, do not edit by hand -->";
    static final String END = "<!-- end of tables -->";
    /** The mark of an open-loop latency taken while the load generator was behind its schedule. */
    static final String LATE = "†";

    /**
     * One scenario's table. The note that explains {@link #LATE} (it starts with the mark) is
     * printed only when a row carries the mark.
     */
    record Table(String title, String description, List<String> header, List<List<String>> rows, List<String> notes) {
        List<String> notesShown() {
            return notes.stream()
                    .filter(n -> !n.startsWith(LATE)
                            || rows.stream().flatMap(List::stream).anyMatch(c -> c.contains(LATE)))
                    .toList();
        }
    }

    /** A target of the issue and what this run measured for it. */
    record Target(String target, String measured, boolean holds) {}

    private final List<String> machine;
    private final List<Table> tables = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    Report(List<String> machine) {
        this.machine = List.copyOf(machine);
    }

    void add(Table table) {
        tables.add(table);
    }

    void target(String target, String measured, boolean holds) {
        targets.add(new Target(target, measured, holds));
    }

    String markdown() {
        var md = new StringBuilder();
        md.append("### Machine and run\n\n");
        machine.forEach(line -> md.append("- ").append(line).append('\n'));
        if (!targets.isEmpty()) {
            md.append("\n### Targets\n\n| Target | Measured | Holds |\n|---|---|---|\n");
            for (Target t : targets) {
                md.append("| ")
                        .append(t.target())
                        .append(" | ")
                        .append(t.measured())
                        .append(" | ")
                        .append(t.holds() ? "yes" : "**no**")
                        .append(" |\n");
            }
        }
        for (Table t : tables) {
            md.append("\n### ").append(t.title()).append("\n\n");
            if (!t.description().isEmpty()) {
                md.append(t.description()).append("\n\n");
            }
            md.append("| ").append(String.join(" | ", t.header())).append(" |\n");
            md.append("|").append("---|".repeat(t.header().size())).append('\n');
            for (List<String> row : t.rows()) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            if (!t.notesShown().isEmpty()) {
                md.append('\n');
                t.notesShown().forEach(n -> md.append("- ").append(n).append('\n'));
            }
        }
        return md.toString();
    }

    /** Writes the tables between the markers of {@code file}, creating it when missing. */
    void writeInto(Path file) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IOException(file + " lacks the markers " + BEGIN + " and " + END);
        }
        String updated = text.substring(0, begin + BEGIN.length()) + "\n\n" + markdown() + "\n" + text.substring(end);
        Files.writeString(file, updated);
    }

    // ---- formatting

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.2f", millis);
    }

    static String percent(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.0f%%", ratio * 100) : "–";
    }

    static String times(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f×", ratio) : "–";
    }

    static String bytes(double bytes) {
        return bytes >= 10 * 1024 * 1024
                ? String.format(Locale.ROOT, "%.0f MB", bytes / (1024 * 1024))
                : String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
    }

    static String cores(double cores) {
        return String.format(Locale.ROOT, "%.0f%%", cores * 100);
    }
}
