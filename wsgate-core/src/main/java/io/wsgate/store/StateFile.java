package io.wsgate.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * One state document on disk: {@code {"format": "wsgate-state/1", "sha256": "...", "state": {...}}}.
 *
 * <p>A write goes to {@code state.json.tmp}, is forced to disk, renamed over {@code state.json} in
 * one atomic step, and the directory is forced too: after a crash the file holds either the
 * previous state or the new one, never a mix. A read checks the format and the checksum of the
 * state's bytes, so a file damaged by other hands is reported, not half-read.
 *
 * <p>The state names every backend and its stage variables, so it is its owner's alone: a directory
 * wsgate creates is {@code rwx------}, and the file is written {@code rw-------} (on file systems
 * with POSIX permissions; elsewhere the directory's own rules apply).
 */
public final class StateFile {
    static final String FORMAT = "wsgate-state/1";
    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Path file;
    private final Path temporary;

    public StateFile(Path directory) {
        this.directory = directory;
        this.file = directory.resolve("state.json");
        this.temporary = directory.resolve("state.json.tmp");
    }

    public Path path() {
        return file;
    }

    /** Whether a write was cut short before it was acknowledged (its temporary file is left). */
    public boolean interruptedWriteLeft() {
        return Files.exists(temporary);
    }

    /**
     * The stored state, or an empty one when nothing was ever stored.
     *
     * @throws StoreException when the file cannot be read, is not this format, or fails its checksum
     */
    public ObjectNode read() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        JsonNode document;
        try {
            document = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new StoreException(
                    file,
                    "is not valid JSON (line " + e.getLocation().getLineNr() + "): " + e.getOriginalMessage()
                            + "; it was left as it is: restore it from a backup, or move it away to start empty",
                    e);
        } catch (IOException e) {
            throw new StoreException(file, "cannot be read: " + e, e);
        }
        if (document == null
                || !document.isObject()
                || !FORMAT.equals(document.path("format").asText())
                || !document.path("state").isObject()) {
            throw new StoreException(
                    file,
                    "is not a wsgate state file (expected: {\"format\": \"" + FORMAT
                            + "\", \"sha256\": ..., \"state\": {...}}); it was left as it is");
        }
        ObjectNode state = (ObjectNode) document.get("state");
        String expected = document.path("sha256").asText();
        String actual = sha256(bytes(state));
        if (!actual.equals(expected)) {
            throw new StoreException(
                    file,
                    "fails its checksum (stored " + expected + ", computed " + actual
                            + "): it was changed or damaged outside wsgate; it was left as it is: restore it from a"
                            + " backup, or move it away to start empty");
        }
        return state;
    }

    /**
     * Replaces the stored state with {@code state}, durably: when this returns, a crash cannot lose
     * it.
     */
    public void write(ObjectNode state) {
        byte[] stateBytes = bytes(state);
        try (var out = new ByteArrayBuilder(stateBytes.length + 128);
                JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeStringField("sha256", sha256(stateBytes));
            json.writeFieldName("state");
            json.writeRawValue(new String(stateBytes, java.nio.charset.StandardCharsets.UTF_8));
            json.writeEndObject();
            json.flush();
            createPrivateDirectory(directory);
            Files.deleteIfExists(temporary); // created anew, so that it has the owner's permissions only
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly(temporary, OWNER_FILE))) {
                ByteBuffer buffer = ByteBuffer.wrap(out.toByteArray());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true); // the rename itself must survive a crash
            }
        } catch (IOException e) {
            throw new StoreException(file, "cannot be written: " + e, e);
        }
    }

    /** Creates {@code directory} (and its parents) {@code rwx------} where it does not exist yet. */
    static void createPrivateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, ownerOnly(directory, OWNER_DIRECTORY));
        }
    }

    /** {@code permissions} as a creation attribute, or none where the file system has no POSIX permissions. */
    static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> permissions) {
        Path existing = path.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix = existing != null
                && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /** Drops the temporary file of a write that never completed. */
    public void discardInterruptedWrite() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new StoreException(temporary, "cannot be removed: " + e, e);
        }
    }

    private static byte[] bytes(ObjectNode state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
