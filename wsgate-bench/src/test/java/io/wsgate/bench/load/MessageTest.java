package io.wsgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void aStampedMessageHasItsSizeIsJsonAndGivesItsTimeBack() throws Exception {
        for (int size : new int[] {Message.MIN_SIZE, 64, 4096}) {
            ByteBuf buf = new Message("echo", size).stamp(ByteBufAllocator.DEFAULT, 1_234_567_890_123L);
            try {
                assertThat(buf.readableBytes()).isEqualTo(size);
                var json = new ObjectMapper().readTree(buf.toString(StandardCharsets.US_ASCII));
                assertThat(json.get("action").asText()).isEqualTo("echo");
                assertThat(json.get("t").asText()).isEqualTo("0000001234567890123");
                assertThat(Message.intended(buf)).isEqualTo(1_234_567_890_123L);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void theTextIsTheStampedMessage() {
        var message = new Message("echo", 64);
        ByteBuf stamped = message.stamp(ByteBufAllocator.DEFAULT, 42L);
        try {
            assertThat(message.text(42L)).isEqualTo(stamped.toString(StandardCharsets.US_ASCII));
        } finally {
            stamped.release();
        }
    }

    @Test
    void aFrameIsWhatAServerDecoderReadsAsTheStampedMessage() {
        var server = new EmbeddedChannel(new WebSocket08FrameDecoder(true, false, 1 << 16));
        for (int size : new int[] {Message.MIN_SIZE, 125, 126, 4096}) {
            var message = new Message("echo", size);
            server.writeInbound(message.frame(ByteBufAllocator.DEFAULT, 42L));
            TextWebSocketFrame frame = server.readInbound();
            ByteBuf stamped = message.stamp(ByteBufAllocator.DEFAULT, 42L);
            try {
                assertThat(frame.isFinalFragment()).isTrue();
                assertThat(frame.content()).isEqualTo(stamped);
                assertThat(Message.intended(frame.content())).isEqualTo(42L);
            } finally {
                frame.release();
                stamped.release();
            }
        }
        byte[] whoami = "{\"action\":\"whoami\"}".getBytes(StandardCharsets.US_ASCII);
        server.writeInbound(Message.textFrame(whoami));
        TextWebSocketFrame frame = server.readInbound();
        assertThat(frame.text()).isEqualTo("{\"action\":\"whoami\"}");
        frame.release();
    }

    @Test
    void framesThatAreNotStampedMessagesGiveMinusOne() {
        String forbidden =
                "{\"message\": \"Forbidden\", \"connectionId\":\"L0SM9cOFvHcCIhw=\", \"requestId\":\"L0SM9cOFvHcCIhw=\"}";
        assertThat(Message.intended(Unpooled.copiedBuffer(forbidden, StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        assertThat(Message.intended(Unpooled.copiedBuffer("L0SM9cOFvHcCIhw=", StandardCharsets.UTF_8)))
                .isEqualTo(-1);
    }

    @Test
    void refusesActionsOfAnotherLengthAndSizesTooSmall() {
        assertThatThrownBy(() -> new Message("send", Message.MIN_SIZE - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Message("sendmessage", 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
