package io.wsgate.console;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The last lines of a log group's newest day file ({@code 2026-12-04.log}: the names sort by day). */
final class Tail {
    private Tail() {}

    /** The file read (none when the group has written nothing yet) and its last lines, oldest first. */
    record Read(Optional<Path> file, List<String> lines) {}

    /**
     * Reads at most {@code maxBytes} from the end of the newest file in {@code directory}, and keeps
     * its last {@code lines} whole lines (a line cut by that window is left out).
     */
    static Read lastLines(Path directory, int lines, int maxBytes) throws IOException {
        if (!Files.isDirectory(directory)) {
            return new Read(Optional.empty(), List.of());
        }
        Optional<Path> newest;
        try (var files = Files.list(directory)) {
            newest = files.filter(f -> f.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.log"))
                    .max(Path::compareTo);
        }
        if (newest.isEmpty()) {
            return new Read(Optional.empty(), List.of());
        }
        byte[] bytes;
        boolean cut;
        try (var file = new RandomAccessFile(newest.get().toFile(), "r")) {
            long length = file.length();
            int n = (int) Math.min(length, maxBytes);
            cut = n < length;
            bytes = new byte[n];
            file.seek(length - n);
            file.readFully(bytes);
        }
        List<String> all = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n", -1)));
        if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
            all.remove(all.size() - 1); // after the last newline
        }
        if (cut && !all.isEmpty()) {
            all.remove(0); // began before the window
        }
        return new Read(newest, List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size())));
    }
}
