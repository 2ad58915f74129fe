package io.wsgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8Stream} agrees with the JDK's strict decoder, however a message is cut into frames. */
class Utf8StreamTest {
    @Test
    void agreesWithTheJdkOnRandomTextCutAnywhere() {
        var random = new Random(6455);
        String[] pieces = {"a", "é", "€", "😀", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff", "\ud7ff", "\ue000"};
        for (int round = 0; round < 5_000; round++) {
            var text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.append(random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)] : "json{\"k\":1}");
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextBoolean() && bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // often breaks it
            }
            assertThat(check(bytes, random.nextInt(bytes.length + 1)))
                    .as("%s", java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkAccepts(bytes));
        }
    }

    @Test
    void refusesWhatRfc3629Forbids() {
        assertThat(check(bytes(0xC0, 0xAF), 1)).isFalse(); // overlong '/'
        assertThat(check(bytes(0xE0, 0x80, 0xAF), 2)).isFalse(); // overlong
        assertThat(check(bytes(0xF0, 0x80, 0x80, 0xAF), 3)).isFalse(); // overlong
        assertThat(check(bytes(0xED, 0xA0, 0x80), 1)).isFalse(); // surrogate U+D800
        assertThat(check(bytes(0xF4, 0x90, 0x80, 0x80), 2)).isFalse(); // above U+10FFFF
        assertThat(check(bytes(0xF5, 0x80, 0x80, 0x80), 0)).isFalse();
        assertThat(check(bytes(0x80), 0)).isFalse(); // a lone continuation byte
        assertThat(check(bytes(0xF0, 0x9F, 0x98), 2)).isFalse(); // cut short at the end
        assertThat(check(bytes(0xF4, 0x8F, 0xBF, 0xBF), 2)).isTrue(); // U+10FFFF
        assertThat(check(bytes(0xEF, 0xBF, 0xBF), 1)).isTrue(); // U+FFFF
    }

    /** Feeds {@code bytes} as two frames cut at {@code cut}, as the validator sees them. */
    private static boolean check(byte[] bytes, int cut) {
        var utf8 = new Utf8Stream();
        return utf8.feed(Unpooled.wrappedBuffer(bytes, 0, cut))
                && utf8.feed(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut))
                && utf8.complete();
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
