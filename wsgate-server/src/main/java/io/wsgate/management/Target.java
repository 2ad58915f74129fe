package io.wsgate.management;

import io.wsgate.connection.Connection;
import io.wsgate.dispatch.Directory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What an {@code @connections} URL names: a connection id, the stage, and the API when the URL
 * says which ({@code /{apiId}/{stage}/@connections/{id}} or an {@code {apiId}.execute-api} host).
 */
record Target(Optional<String> apiId, String stage, String connectionId) {

    static Optional<Target> parse(String host, String path) {
        List<String> segments = Directory.segments(path);
        int at = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (decode(segments.get(i)).equals("@connections")) {
                at = i;
                break;
            }
        }
        if (at < 1 || at > 2 || segments.size() != at + 2) {
            return Optional.empty();
        }
        String id = decode(segments.get(at + 1));
        String stage = decode(segments.get(at - 1));
        Optional<String> apiId = at == 2 ? Optional.of(decode(segments.get(0))) : Directory.executeApiId(host);
        return Optional.of(new Target(apiId, stage, id));
    }

    /** Whether {@code connection} is one this URL may reach. */
    boolean covers(Connection connection) {
        return connection.stage().equals(stage)
                && apiId.map(id -> id.equals(connection.apiId())).orElse(true);
    }

    /** Percent-decoding of one path segment ('+' stays '+': paths are not forms). */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        var bytes = new java.io.ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%'
                    && i + 2 < segment.length()
                    && hex(segment.charAt(i + 1)) >= 0
                    && hex(segment.charAt(i + 2)) >= 0) {
                bytes.write(hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2)));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
