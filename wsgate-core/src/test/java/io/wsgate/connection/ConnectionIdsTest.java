package io.wsgate.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {
    @Test
    void uuidsAreRandomVersionFourIetfVariantAndDoNotRepeat() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String text = ConnectionIds.uuid();
            UUID uuid = UUID.fromString(text);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(text);
            seen.add(text);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void requestIdsAreElevenRandomBytesInUrlSafeBase64() {
        var seen = new HashSet<String>();
        var charsSeen = new HashSet<Character>();
        for (int i = 0; i < 10_000; i++) {
            String id = ConnectionIds.requestId();
            byte[] bytes = Base64.getUrlDecoder().decode(id);
            assertThat(bytes).hasSize(11);
            assertThat(Base64.getUrlEncoder().encodeToString(bytes)).isEqualTo(id); // canonical: no stray bits
            for (int c = 0; c < 14; c++) {
                charsSeen.add(id.charAt(c));
            }
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
        assertThat(charsSeen).hasSize(64); // every character of the alphabet turns up
    }

    @Test
    void connectionAndRequestIdsHaveAwsShape() {
        assertThat(ConnectionIds.wellFormed(ConnectionIds.connectionId())).isTrue();
        assertThat(ConnectionIds.wellFormed(ConnectionIds.requestId())).isTrue();
        assertThat(ConnectionIds.wellFormed("not-an-id")).isFalse();
    }
}
