package io.wsgate.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.wsgate.connection.CloseCode;

/**
 * The checks of RFC 6455 that Netty's frame decoder, as Vert.x sets it up, leaves out. It sits in
 * the pipeline between the decoder and Vert.x, so a frame it refuses never reaches Vert.x (which
 * would otherwise answer a client's close frame by echoing its code) nor {@link FrameReader}:
 *
 * <ul>
 *   <li>text is checked as UTF-8 frame by frame, as each arrives, carrying a character split
 *       across two fragments over to the next one (8.1: close with 1007 as soon as the text
 *       cannot be UTF-8, not once the whole message is in);
 *   <li>a client's close code must be one a peer may send (7.4): the decoder already refuses 0-999,
 *       1004-1006 and 1015-2999; this refuses 5000 and above. Either closes with 1002.
 * </ul>
 *
 * A refusal is raised as a {@link CorruptedWebSocketFrameException}, which reaches the socket's
 * exception handler, as the decoder's own refusals do (see {@link FrameReader#refused}).
 */
final class FrameValidator extends Utf8FrameValidator {
    FrameValidator() {
        super(false); // FrameReader closes, with the code the client sees and $disconnect reports
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof CloseWebSocketFrame close && close.content().readableBytes() >= 2) {
            int code = close.content().getUnsignedShort(close.content().readerIndex());
            if (!CloseCode.validFromClient(code)) {
                close.release();
                throw new CorruptedWebSocketFrameException(
                        WebSocketCloseStatus.PROTOCOL_ERROR, "Invalid close code " + code);
            }
        }
        super.channelRead(ctx, msg);
    }
}
