package io.wsgate.runtime;

import io.wsgate.model.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A function's code given as a {@code .zip}, unpacked into a new directory of this run's for each
 * version of the archive, as Lambda unpacks a deployment package. An archive is refused whole,
 * with a problem naming the file and the entry, when an entry would land outside that directory
 * ("zip slip": {@code ../x}, {@code /etc/x}), when an entry is a symbolic link (which could point
 * anywhere), or when it unpacks to more than {@link #MAX_BYTES} or holds more than {@link
 * #MAX_ENTRIES} entries.
 */
final class ZippedCode {
    /** Lambda's own limit for a function's unpacked code: 250 MB. */
    static final long MAX_BYTES = 250L * 1024 * 1024;

    /** More entries than any function's code holds; a bound on what one archive makes us create. */
    static final int MAX_ENTRIES = 100_000;

    /** An archive that cannot be unpacked, and why. */
    static final class Refused extends RuntimeException {
        private final transient Problem problem;

        Refused(Problem problem) {
            super(problem.message());
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    private final Path zip;
    private final Path versions;
    private volatile Path current; // null until unpacked
    private Path previous;
    private int version;

    /** The archive {@code zip}, to be unpacked into directories under {@code versions}. */
    ZippedCode(Path zip, Path versions) {
        this.zip = zip;
        this.versions = versions;
    }

    /** What stops {@code zip} from being unpacked, each a problem of {@code code}; empty if nothing. */
    static List<Problem> problems(Path zip) {
        try (ZipFile archive = open(zip)) {
            var problems = new ArrayList<Problem>();
            Path probe = Path.of("/task"); // where it would land: any absolute directory
            long declared = 0;
            int count = 0;
            for (ZipArchiveEntry entry : Collections.list(archive.getEntries())) {
                if (++count > MAX_ENTRIES) {
                    problems.add(problem(zip, "holds more than " + MAX_ENTRIES + " entries", "fewer"));
                    break;
                }
                refusal(archive, entry, probe).ifPresent(why -> problems.add(problem(zip, entry, why)));
                declared += Math.max(0, entry.getSize());
            }
            if (declared > MAX_BYTES) {
                problems.add(tooLarge(zip));
            }
            return problems;
        } catch (Refused e) {
            return List.of(e.problem());
        } catch (IOException e) {
            return List.of(unreadable(zip, e));
        }
    }

    /** The directory the latest good version was unpacked into. */
    Path directory() {
        Path now = current;
        if (now == null) {
            throw new IllegalStateException(zip + " is not unpacked");
        }
        return now;
    }

    /**
     * Unpacks the archive as it is now into a new directory, which becomes {@link #directory()};
     * the version before the last is removed (processes still on the last finish on it).
     *
     * @throws Refused when it cannot be unpacked; the last version stays
     */
    synchronized Path unpack() {
        Path target = versions.resolve(Integer.toString(++version));
        try {
            Files.createDirectories(target);
            extract(target);
        } catch (IOException e) {
            Bootstraps.delete(target);
            throw new UncheckedIOException("cannot unpack " + zip + " into " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Bootstraps.delete(target);
            throw e;
        }
        if (previous != null) {
            Bootstraps.delete(previous);
        }
        previous = current;
        current = target;
        return target;
    }

    private void extract(Path target) throws IOException {
        try (ZipFile archive = open(zip)) {
            long total = 0;
            int count = 0;
            byte[] buffer = new byte[64 * 1024];
            for (ZipArchiveEntry entry : Collections.list(archive.getEntries())) {
                if (++count > MAX_ENTRIES) {
                    throw new Refused(problem(zip, "holds more than " + MAX_ENTRIES + " entries", "fewer"));
                }
                Optional<String> why = refusal(archive, entry, target);
                if (why.isPresent()) {
                    throw new Refused(problem(zip, entry, why.get()));
                }
                Path to = target.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                    continue;
                }
                Files.createDirectories(to.getParent());
                try (InputStream in = archive.getInputStream(entry);
                        OutputStream out = Files.newOutputStream(to)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) { // sizes in the archive may lie: count what comes
                        total += n;
                        if (total > MAX_BYTES) {
                            throw new Refused(tooLarge(zip));
                        }
                        out.write(buffer, 0, n);
                    }
                }
                permissions(to, entry.getUnixMode());
            }
        }
    }

    /** Why {@code entry} may not be unpacked into {@code target}, if it may not. */
    private static Optional<String> refusal(ZipFile archive, ZipArchiveEntry entry, Path target) {
        String name = entry.getName();
        if (entry.isUnixSymlink()) {
            return Optional.of("is a symbolic link (expected: files and directories only)");
        }
        try {
            Path to = target.resolve(name).normalize();
            if (name.startsWith("/")
                    || name.startsWith("\\")
                    || !to.startsWith(target)
                    || (to.equals(target) && !entry.isDirectory())) {
                return Optional.of("would be unpacked outside its directory (expected: a relative path inside the"
                        + " archive, without ..)");
            }
        } catch (InvalidPathException e) {
            return Optional.of("is not a path here: " + e.getMessage());
        }
        if (!archive.canReadEntryData(entry)) {
            return Optional.of("cannot be read (encrypted, or compressed with a method other than deflate)");
        }
        return Optional.empty();
    }

    private static ZipFile open(Path zip) {
        try {
            return ZipFile.builder().setPath(zip).get();
        } catch (IOException e) {
            throw new Refused(unreadable(zip, e));
        }
    }

    private static Problem unreadable(Path zip, IOException e) {
        return new Problem(
                "code", "cannot read " + zip + " as a .zip: " + e.getMessage() + " (expected: a .zip archive)");
    }

    /** Executable bits as the archive has them, for a program shipped with the code. */
    private static void permissions(Path file, int mode) throws IOException {
        if ((mode & 0111) == 0) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to set
        }
    }

    private static Problem problem(Path zip, ZipArchiveEntry entry, String why) {
        return new Problem("code", zip + ": entry '" + entry.getName() + "' " + why);
    }

    private static Problem problem(Path zip, String what, String expected) {
        return new Problem("code", zip + " " + what + " (expected: " + expected + ")");
    }

    private static Problem tooLarge(Path zip) {
        return problem(
                zip, "unpacks to more than " + MAX_BYTES / (1024 * 1024) + " MB", "at most that, Lambda's limit");
    }

    @Override
    public String toString() {
        return "ZippedCode{" + zip + " -> " + current + "}";
    }
}
