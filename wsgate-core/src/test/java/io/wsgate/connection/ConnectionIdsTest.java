package io.wsgate.connection;

import static org.assertj.core.api.Assertions.assertThat;

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
    void connectionAndRequestIdsHaveAwsShape() {
        assertThat(ConnectionIds.wellFormed(ConnectionIds.connectionId())).isTrue();
        assertThat(ConnectionIds.wellFormed(ConnectionIds.requestId())).isTrue();
        assertThat(ConnectionIds.wellFormed("not-an-id")).isFalse();
    }
}
