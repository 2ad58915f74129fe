package io.wsgate.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.wsgate.connection.CloseCode;

/**
 * The checks of RFC 6455 that Netty's frame decoder, as Vert.x sets it up, leaves out. It sits in
 * the pipeline between the decoder and Vert.x, so a frame it refuses never reaches Vert.x (which
 * would otherwise answer a client's close frame by echoing its code) nor {@link FrameReader}:
 *
 * <ul>
 *   <li>text is checked as UTF-8 frame by frame, as each arrives ({@link Utf8Stream}), a character
 *       split across two fragments being fine (8.1: close with 1007 as soon as the text cannot be
 *       UTF-8, not once the whole message is in);
 *   <li>a client's close code must be one a peer may send (7.4): the decoder already refuses 0-999,
 *       1004-1006 and 1015-2999; this refuses 5000 and above. Either closes with 1002.
 * </ul>
 *
 * A refusal is raised as a {@link CorruptedWebSocketFrameException}, which reaches the socket's
 * exception handler, as the decoder's own refusals do (see {@link FrameReader#refused}). The
 * decoder has already refused frames out of order (a continuation without a start, a new message
 * inside a fragmented one), so a continuation here always continues the last data frame.
 */
final class FrameValidator extends ChannelInboundHandlerAdapter {
    private final Utf8Stream utf8 = new Utf8Stream();
    private boolean inText; // a fragmented text message has begun and not ended

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame frame) {
            check(frame);
        }
        ctx.fireChannelRead(msg);
    }

    private void check(WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame text -> {
                utf8.reset();
                text(frame);
                inText = !frame.isFinalFragment();
            }
            case ContinuationWebSocketFrame continuation -> {
                if (inText) {
                    text(frame);
                    inText = !frame.isFinalFragment();
                }
            }
            case BinaryWebSocketFrame binary -> inText = false;
            case CloseWebSocketFrame close -> {
                if (close.content().readableBytes() >= 2) {
                    int code = close.content().getUnsignedShort(close.content().readerIndex());
                    if (!CloseCode.validFromClient(code)) {
                        refuse(frame, WebSocketCloseStatus.PROTOCOL_ERROR, "Invalid close code " + code);
                    }
                }
            }
            default -> {} // ping, pong
        }
    }

    private void text(WebSocketFrame frame) {
        if (!utf8.feed(frame.content()) || frame.isFinalFragment() && !utf8.complete()) {
            refuse(frame, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "Invalid UTF-8");
        }
    }

    private static void refuse(WebSocketFrame frame, WebSocketCloseStatus status, String why) {
        frame.release();
        throw new CorruptedWebSocketFrameException(status, why);
    }
}
