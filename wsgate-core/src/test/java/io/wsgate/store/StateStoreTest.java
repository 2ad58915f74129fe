package io.wsgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: what is acknowledged is on disk; what is damaged is reported, not dropped. */
class StateStoreTest {
    @TempDir
    Path dir;

    @Test
    void theDirectoryAndTheFilesAreTheOwnersAlone() throws Exception {
        Path created = dir.resolve("wsgate-data");
        try (var store = StateStore.open(created)) {
            store.update(state -> state.put("secret", "stage variables"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created.resolve("state.json"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created.resolve("lock"))))
                    .isEqualTo("rw-------");
        }
        // A file left readable by others, as an earlier version wrote it, is replaced by one that is not.
        Files.setPosixFilePermissions(created.resolve("state.json"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(created.resolve("state.json.tmp"), "left over");
        Files.setPosixFilePermissions(created.resolve("state.json.tmp"), PosixFilePermissions.fromString("rw-rw-rw-"));
        var file = new StateFile(created);
        file.write(file.read());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created.resolve("state.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void whatAnUpdateAcknowledgesIsThereAfterAReopen() {
        try (var store = StateStore.open(dir)) {
            assertThat(store.state().isEmpty()).isTrue();
            String result = store.update(state -> {
                state.putObject("apis").put("abc", "x");
                return "done";
            });
            assertThat(result).isEqualTo("done");
        }
        try (var store = StateStore.open(dir)) {
            assertThat(store.state().at("/apis/abc").asText()).isEqualTo("x");
        }
    }

    @Test
    void aChangeThatThrowsLeavesNothingBehind() {
        try (var store = StateStore.open(dir)) {
            store.update(state -> state.put("kept", 1));
            assertThatThrownBy(() -> store.update(state -> {
                        state.put("lost", 2);
                        throw new IllegalArgumentException("refused");
                    }))
                    .hasMessage("refused");
            assertThat(store.state().has("lost")).isFalse();
        }
        try (var store = StateStore.open(dir)) {
            assertThat(store.state().has("lost")).isFalse();
            assertThat(store.state().get("kept").asInt()).isEqualTo(1);
        }
    }

    @Test
    void subscribersSeeEachStateBeforeTheUpdateReturns() {
        try (var store = StateStore.open(dir)) {
            var seen = new ArrayList<ObjectNode>();
            store.subscribe(seen::add);
            store.update(state -> state.put("n", 1));
            assertThat(seen)
                    .singleElement()
                    .satisfies(s -> assertThat(s.get("n").asInt()).isEqualTo(1));
        }
    }

    @Test
    void aFileChangedByOtherHandsIsReportedAndLeftAlone() throws Exception {
        try (var store = StateStore.open(dir)) {
            store.update(state -> state.put("routeKey", "sendmessage"));
        }
        Path file = dir.resolve("state.json");
        String tampered = Files.readString(file).replace("sendmessage", "sendmessagX");
        Files.writeString(file, tampered);
        assertThatThrownBy(() -> StateStore.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("state.json: fails its checksum")
                .hasMessageContaining("left as it is");
        assertThat(Files.readString(file)).isEqualTo(tampered);
    }

    @Test
    void aTruncatedFileIsReported() throws Exception {
        try (var store = StateStore.open(dir)) {
            store.update(state -> state.put("a", "b"));
        }
        Path file = dir.resolve("state.json");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> StateStore.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is not valid JSON");
        Files.writeString(file, "{\"something\": \"else\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StateStore.open(dir)).hasMessageContaining("is not a wsgate state file");
    }

    @Test
    void anInterruptedWriteIsDroppedAndTheLastAcknowledgedStateKept() throws Exception {
        try (var store = StateStore.open(dir)) {
            store.update(state -> state.put("v", 1));
        }
        Files.writeString(dir.resolve("state.json.tmp"), "{\"format\": \"wsgate-st");
        try (var store = StateStore.open(dir)) {
            assertThat(store.state().get("v").asInt()).isEqualTo(1);
        }
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void aDirectoryInUseIsRefused() {
        try (var store = StateStore.open(dir)) {
            assertThatThrownBy(() -> StateStore.open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another wsgate");
        }
        try (var again = StateStore.open(dir)) {
            assertThat(again.state()).isNotNull();
        }
    }
}
