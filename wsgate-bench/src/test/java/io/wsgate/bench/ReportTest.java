package io.wsgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private static Report report(String measured) {
        var report = new Report(List.of("CPU: test"));
        report.add(new Report.Table(
                "S9 a table", "what it shows", List.of("A", "B"), List.of(List.of("1", measured)), List.of()));
        report.target("S9 ≥ 1", measured, false);
        return report;
    }

    @Test
    void writesBetweenTheMarkersAndKeepsTheTextAround() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(
                file,
                "# Benchmarks\n\nby hand before\n\n" + Report.BEGIN + "\nstale table\n" + Report.END
                        + "\n\nby hand after\n");
        report("42").writeInto(file);
        report("43").writeInto(file);
        String text = Files.readString(file);
        assertThat(text)
                .startsWith("# Benchmarks\n\nby hand before\n\n" + Report.BEGIN)
                .endsWith(Report.END + "\n\nby hand after\n");
        assertThat(text).contains("| 1 | 43 |", "| S9 ≥ 1 | 43 | **no** |").doesNotContain("42", "stale table");
    }

    @Test
    void explainsTheLateMarkOnlyUnderATableThatCarriesIt() {
        String note = Report.LATE + " the sender was late";
        var report = new Report(List.of("CPU: test"));
        report.add(new Report.Table(
                "S8 on time", "", List.of("p99"), List.of(List.of("1.00")), List.of("a plain note", note)));
        report.add(new Report.Table(
                "S9 late", "", List.of("p99"), List.of(List.of("9.00 " + Report.LATE)), List.of("a plain note", note)));
        String md = report.markdown();
        String onTime = md.substring(md.indexOf("S8 on time"), md.indexOf("S9 late"));
        String late = md.substring(md.indexOf("S9 late"));
        assertThat(onTime).contains("- a plain note").doesNotContain(note);
        assertThat(late).contains("- a plain note", "- " + note);
    }

    @Test
    void refusesAFileWithoutTheMarkers() throws IOException {
        Path file = Files.writeString(dir.resolve("BENCHMARKS.md"), "# Benchmarks\n");
        assertThatThrownBy(() -> report("1").writeInto(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("markers");
        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n");
    }
}
