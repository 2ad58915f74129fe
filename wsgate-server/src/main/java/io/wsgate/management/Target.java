package io.wsgate.management;

import io.wsgate.connection.Connection;
import io.wsgate.dispatch.Directory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What an {@code @connections} URL names: a connection id, the stage, and the API when the URL
 * says which ({@code /{apiId}/{stage}/@connections/{id}}, an {@code {apiId}.execute-api} host, or
 * a custom domain's {@code /{apiMappingKey}/@connections/{id}}).
 *
 * @param rawConnectionId the id as the path spells it ({@code abc%3D}), as IAM resources name it
 * @param defaultEndpoint whether the URL is an API's default endpoint rather than a custom domain
 */
record Target(
        Optional<String> apiId, String stage, String connectionId, String rawConnectionId, boolean defaultEndpoint) {

    /**
     * What {@code path} (raw, as received) names, or empty when it names no {@code @connections}
     * route: no id segment, more segments after it, or a segment before it that no stage, API id or
     * mapping key can be ({@code .}, {@code ..}, empty, or holding '/' once decoded). Nothing is
     * normalized: {@code /dev/x/../@connections/ID} is not {@code /dev/@connections/ID}. The id
     * itself may be anything, an empty one included; {@link #possibleId} says whether it could be one.
     */
    static Optional<Target> parse(Directory directory, String host, String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        List<String> raw = List.of(trimmed.split("/", -1));
        List<String> segments = raw.stream().map(Target::decode).toList();
        int at = segments.indexOf("@connections");
        int end = segments.size();
        if (end == at + 3 && segments.getLast().isEmpty()) {
            end--; // a trailing '/' after the id
        }
        if (at < 0 || end != at + 2) {
            return Optional.empty();
        }
        String id = segments.get(at + 1);
        String rawId = raw.get(at + 1);
        List<String> base = segments.subList(0, at);
        if (!base.stream().allMatch(Target::possibleName)) {
            return Optional.empty();
        }
        if (directory.customDomain(host)) {
            return directory
                    .mapping(host, String.join("/", base))
                    .map(m -> new Target(Optional.of(m.apiId()), m.stage(), id, rawId, false));
        }
        Optional<String> hostApi = Directory.executeApiId(host);
        if (base.size() == 1) {
            return Optional.of(new Target(hostApi, base.get(0), id, rawId, true));
        }
        if (base.size() == 2 && hostApi.isEmpty()) {
            return Optional.of(new Target(Optional.of(base.get(0)), base.get(1), id, rawId, true));
        }
        return Optional.empty();
    }

    /**
     * Whether the id is one a connection could have: never empty, {@code .}, {@code ..} or holding
     * '/'. Any other is looked up, and one that is not found is gone too.
     */
    boolean possibleId() {
        return possibleName(connectionId);
    }

    private static boolean possibleName(String segment) {
        return !(segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0);
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
