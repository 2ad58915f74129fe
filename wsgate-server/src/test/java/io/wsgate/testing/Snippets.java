package io.wsgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file, in order, each with the reason it is not run when the
 * line before its fence says so ({@code <!-- not run: REASON -->}), and the name of the file it is
 * when the prose before it gives one: its last line ends with a colon and names a file in
 * backticks ({@code a file that serves it, `shout.yaml`:}).
 */
public final class Snippets {
    private static final Pattern FENCE = Pattern.compile("^```\\s*(\\S*)\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^<!--\\s*not run:\\s*(.+?)\\s*-->$");
    private static final Pattern FILE_NAME = Pattern.compile("`([\\w.-]+\\.(?:java|ya?ml|json|py))`");

    private Snippets() {}

    /**
     * One fenced block: the line of its opening fence, its language (empty for none), its text, why
     * it is not run, and the file name the prose gives it.
     */
    public record Snippet(int line, String language, String text, Optional<String> notRun, Optional<String> file) {
        public Snippet {
            if (line < 1) {
                throw new IllegalArgumentException("line: " + line + " (expected: 1 or more)");
            }
        }

        /** The first line, which names the snippet in messages. */
        public String firstLine() {
            return text.lines().findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "README.md:" + line + " (" + (language.isEmpty() ? "shell" : language) + ") " + firstLine();
        }
    }

    /** The README at the repository root, found from the working directory of the test run. */
    public static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException(
                "no README.md next to mvnw above " + Path.of("").toAbsolutePath());
    }

    public static List<Snippet> of(Path markdown) {
        try {
            return parse(Files.readAllLines(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Snippet> parse(List<String> lines) {
        var snippets = new ArrayList<Snippet>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            var text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            if (i == lines.size()) {
                throw new IllegalArgumentException("line " + (start + 1) + ": a code block that is never closed");
            }
            Optional<String> notRun = Optional.empty();
            if (start > 0) {
                Matcher mark = NOT_RUN.matcher(lines.get(start - 1).trim());
                if (mark.matches()) {
                    notRun = Optional.of(mark.group(1));
                }
            }
            snippets.add(new Snippet(start + 1, open.group(1), text.toString(), notRun, fileName(lines, start)));
        }
        return snippets;
    }

    /** The last file name on the prose line before the fence at {@code fence}, if it ends with ':'. */
    private static Optional<String> fileName(List<String> lines, int fence) {
        int i = fence - 1;
        while (i >= 0
                && (lines.get(i).isBlank()
                        || NOT_RUN.matcher(lines.get(i).trim()).matches())) {
            i--;
        }
        if (i < 0 || !lines.get(i).strip().endsWith(":")) {
            return Optional.empty();
        }
        Matcher name = FILE_NAME.matcher(lines.get(i));
        String last = null;
        while (name.find()) {
            last = name.group(1);
        }
        return Optional.ofNullable(last);
    }
}
