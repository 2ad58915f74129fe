package io.wsgate.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.wsgate.observe.Counter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What RFC 6455 (4.2.1, 4.4) requires of an opening handshake, checked before {@code $connect}
 * runs, so that the integration only ever sees a handshake the gateway will upgrade. The request
 * already carries {@code Upgrade: websocket} (one without it gets AWS's 426 before this check).
 *
 * <p>AWS's answers to these requests are not documented; these follow the RFC:
 *
 * <ul>
 *   <li>405 with {@code Allow: GET}: a method other than GET;
 *   <li>400: HTTP/1.0; a first {@code Connection} header without the {@code upgrade} token (Vert.x's
 *       handshake reads no other); no {@code Sec-WebSocket-Version}, as in the obsolete hixie-76
 *       handshake; a {@code Sec-WebSocket-Key} that is not the base64 of 16 bytes; a body
 *       ({@code Content-Length} other than 0, or {@code Transfer-Encoding}); a request target that
 *       {@link URI} cannot parse;
 *   <li>426 with {@code Sec-WebSocket-Version: 13}: another version, such as the drafts' 7 and 8.
 * </ul>
 *
 * The checks compare characters in place: no regular expression, nothing allocated for a good
 * handshake.
 */
enum HandshakeCheck {
    NOT_GET(405, Counter.CONNECT_BAD_METHOD, "Method Not Allowed"),
    NOT_HTTP_1_1(400, Counter.CONNECT_BAD_HANDSHAKE, "Bad Request"),
    NO_CONNECTION_UPGRADE(400, Counter.CONNECT_BAD_HANDSHAKE, "Bad Request"),
    NO_VERSION(400, Counter.CONNECT_BAD_HANDSHAKE, "Bad Request"),
    UNSUPPORTED_VERSION(426, Counter.CONNECT_UNSUPPORTED_VERSION, "Upgrade Required"),
    BAD_KEY(400, Counter.CONNECT_BAD_HANDSHAKE, "Bad Request"),
    WITH_BODY(400, Counter.CONNECT_BAD_HANDSHAKE, "Bad Request"),
    BAD_URI(400, Counter.CONNECT_BAD_HANDSHAKE, "Bad Request");

    /** A key is 16 random bytes in base64: 22 characters of the alphabet and "==". */
    private static final int KEY_LENGTH = 24;

    private final int status;
    private final Counter counter;
    private final String body;

    HandshakeCheck(int status, Counter counter, String message) {
        this.status = status;
        this.counter = counter;
        this.body = "{\"message\":\"" + message + "\"}";
    }

    /** Why {@code request} cannot be upgraded, or empty when it can. */
    static Optional<HandshakeCheck> refusal(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            return Optional.of(NOT_GET);
        }
        if (request.version() != HttpVersion.HTTP_1_1) {
            return Optional.of(NOT_HTTP_1_1);
        }
        // Only the first Connection header counts: Vert.x's handshake reads no other.
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        if (connection == null || !hasUpgradeToken(connection)) {
            return Optional.of(NO_CONNECTION_UPGRADE);
        }
        String version = request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (version == null) {
            return Optional.of(NO_VERSION);
        }
        if (!version.equals("13")) {
            return Optional.of(UNSUPPORTED_VERSION);
        }
        if (!isKey(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            return Optional.of(BAD_KEY);
        }
        if (hasBody(request)) {
            return Optional.of(WITH_BODY);
        }
        if (!parses(request.uri())) {
            return Optional.of(BAD_URI);
        }
        return Optional.empty();
    }

    int status() {
        return status;
    }

    Counter counter() {
        return counter;
    }

    /** The JSON body of the refusal. */
    String body() {
        return body;
    }

    /**
     * Whether the request announces a body. An upgrade has none to give; Vert.x would read one
     * (refusing it past 8 KB) only after {@code $connect}.
     */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.equals("0") || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /**
     * Whether {@code uri} is one {@link URI} accepts, as Vert.x's handshake needs it to (a path or
     * query with, say, {@code |} or {@code {}} passes the HTTP decoder, then fails there). A URI
     * of only the characters RFC 3986 allows, with well-formed escapes, is accepted without parsing.
     */
    static boolean parses(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            boolean plain = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
            if (!plain && !(c == '%' && i + 2 < uri.length() && hex(uri.charAt(i + 1)) && hex(uri.charAt(i + 2)))) {
                try {
                    new URI(uri);
                    return true;
                } catch (URISyntaxException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** Whether the comma-separated {@code value} lists the token {@code upgrade}, in any case. */
    static boolean hasUpgradeToken(String value) {
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            int from = start;
            int to = end;
            while (from < to && isSpace(value.charAt(from))) {
                from++;
            }
            while (to > from && isSpace(value.charAt(to - 1))) {
                to--;
            }
            if (to - from == 7 && value.regionMatches(true, from, "upgrade", 0, 7)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Whether {@code key} is the base64 of 16 bytes (RFC 6455, 4.1: "a randomly selected 16-byte value"). */
    static boolean isKey(String key) {
        if (key == null || key.length() != KEY_LENGTH || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            boolean base64 =
                    c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
            if (!base64) {
                return false;
            }
        }
        return true;
    }
}
