package io.wsgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The upgrade request each connection writes. */
class HandshakeTest {
    private static final Pattern KEY = Pattern.compile("\r\nSec-WebSocket-Key: ([^\r]*)\r\n");

    /** What a handshake writes once its connection is active. */
    private static String written(ByteBuf request) {
        var channel = new EmbeddedChannel(Handshake.closing(request));
        ByteBuf out = channel.readOutbound();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void everyConnectionSendsAKeyOfItsOwnAsRfc6455AsksAndTheRestUnchanged() {
        ByteBuf request = Handshake.request(URI.create("ws://127.0.0.1:8080/fn/b"));
        String template = request.toString(StandardCharsets.US_ASCII);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String text = written(request);
            Matcher m = KEY.matcher(text);
            assertThat(m.find()).as(text).isTrue();
            String key = m.group(1);
            // A nonce of 16 bytes in base64 (RFC 6455, 4.1).
            assertThat(Base64.getDecoder().decode(key)).hasSize(16);
            keys.add(key);
            assertThat(text.replace(key, ""))
                    .isEqualTo(template.replaceFirst(KEY.pattern(), "\r\nSec-WebSocket-Key: \r\n"));
        }
        assertThat(keys).hasSize(100);
        assertThat(template)
                .startsWith("GET /fn/b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n")
                .endsWith("\r\n\r\n");
    }
}
