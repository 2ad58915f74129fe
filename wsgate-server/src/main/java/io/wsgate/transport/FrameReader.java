package io.wsgate.transport;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.wsgate.connection.CloseCode;
import io.wsgate.connection.CloseReason;
import io.wsgate.connection.Connection;
import io.wsgate.dispatch.Dispatcher;
import io.wsgate.dispatch.StageRuntime;
import io.wsgate.model.BinaryMessages;
import io.wsgate.model.Limits;
import io.wsgate.observe.Counter;
import java.nio.charset.StandardCharsets;

/**
 * Reads one connection's frames on its event loop, applying AWS's rules before routing: a frame
 * over {@code maxFrameBytes} or a message over {@code maxMessageBytes} closes with 1009, a binary
 * message closes with 1003 (unless the API routes them to {@code $default}), text that is not
 * UTF-8 closes with 1007 (found fragment by fragment, by {@link FrameValidator}), fragments are
 * joined into one message. Pings are answered by Vert.x and, as on AWS, do not count as activity.
 */
final class FrameReader implements Handler<WebSocketFrame> {
    private final Dispatcher dispatcher;
    private final StageRuntime stage;
    private final Connection connection;
    private final Limits limits;
    private Buffer fragments; // only while a fragmented message is arriving
    private boolean binary; // whether that message is binary
    private CloseReason clientClose;
    private boolean refused;

    FrameReader(Dispatcher dispatcher, StageRuntime stage, Connection connection) {
        this.dispatcher = dispatcher;
        this.stage = stage;
        this.connection = connection;
        this.limits = connection.limits();
    }

    @Override
    public void handle(WebSocketFrame frame) {
        if (refused) {
            return; // closing; whatever else arrives is dropped
        }
        switch (frame.type()) {
            case TEXT, BINARY -> {
                boolean isBinary = frame.type() == WebSocketFrameType.BINARY;
                if (isBinary && limits.binaryMessages() == BinaryMessages.CLOSE) {
                    refuse(Counter.BINARY_FRAME, CloseCode.UNSUPPORTED_DATA);
                } else if (!tooBig(frame, 0)) {
                    if (frame.isFinal()) {
                        deliver(frame.binaryData(), isBinary);
                    } else {
                        binary = isBinary;
                        fragments = Buffer.buffer(Math.min(
                                        limits.maxMessageBytes(),
                                        4 * frame.binaryData().length()))
                                .appendBuffer(frame.binaryData());
                    }
                }
            }
            case CONTINUATION -> {
                if (fragments != null && !tooBig(frame, fragments.length())) {
                    fragments.appendBuffer(frame.binaryData());
                    if (frame.isFinal()) {
                        Buffer message = fragments;
                        fragments = null;
                        deliver(message, binary);
                    }
                }
            }
            // Vert.x reports 1000 for a close frame without a status; AWS reports 1005 for it. The
            // code is two unsigned bytes, which Vert.x hands over as a short.
            case CLOSE ->
                clientClose = CloseReason.fromClient(
                        frame.binaryData().length() < 2 ? null : Short.toUnsignedInt(frame.closeStatusCode()),
                        frame.closeReason());
            case PING, PONG -> {}
        }
    }

    private void deliver(Buffer message, boolean isBinary) {
        if (isBinary) {
            dispatcher.binary(stage, connection, message.getBytes());
        } else {
            // Every fragment was checked as UTF-8 as it arrived (FrameValidator).
            dispatcher.message(stage, connection, message.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A frame refused before it reached {@link #handle}, by Netty's decoder or {@link
     * FrameValidator}: one over the largest frame any API allows (1009), text that is not UTF-8
     * (1007), or one that breaks the protocol (1002: reserved bits or opcodes, an unmasked frame, a
     * control frame over 125 bytes or fragmented, a stray continuation, an invalid close code).
     * Closing here, first, makes the close frame the client gets carry that code rather than
     * Vert.x's 1000.
     */
    void refused(CorruptedWebSocketFrameException e) {
        if (refused) {
            return;
        }
        int status = e.closeStatus() == null
                ? CloseCode.PROTOCOL_ERROR.code()
                : e.closeStatus().code();
        if (status == CloseCode.MESSAGE_TOO_BIG.code()) {
            refuse(Counter.FRAME_TOO_LARGE, CloseCode.MESSAGE_TOO_BIG);
        } else if (status == CloseCode.INVALID_PAYLOAD.code()) {
            refuse(Counter.INVALID_UTF8, CloseCode.INVALID_PAYLOAD);
        } else {
            refuse(Counter.PROTOCOL_ERROR, CloseCode.PROTOCOL_ERROR);
        }
    }

    /** The close frame the client sent, if one arrived. */
    CloseReason clientClose() {
        return clientClose;
    }

    private boolean tooBig(WebSocketFrame frame, int soFar) {
        int size = frame.binaryData().length();
        if (size > limits.maxFrameBytes()) {
            refuse(Counter.FRAME_TOO_LARGE, CloseCode.MESSAGE_TOO_BIG);
            return true;
        }
        if (soFar + size > limits.maxMessageBytes()) {
            refuse(Counter.MESSAGE_TOO_LARGE, CloseCode.MESSAGE_TOO_BIG);
            return true;
        }
        return false;
    }

    private void refuse(Counter counter, CloseCode code) {
        refused = true;
        fragments = null;
        dispatcher.metrics().increment(counter);
        connection.close(code.asReason());
    }
}
