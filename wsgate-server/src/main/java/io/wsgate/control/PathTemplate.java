package io.wsgate.control;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An operation's path as the service model writes it ({@code /v2/apis/{apiId}/routes/{routeId}}),
 * matched against the raw segments of a request's path, one by one. Nothing is normalized first:
 * {@code /v2/apis/ID/routes/%2e%2e} has five segments and fits the route's template, never the
 * API's, so an id can only ever name the resource at its own place.
 *
 * <p>A parameter is decoded from its one raw segment. {@code {resource-arn}}, the last segment of
 * the Tags paths, takes every segment left: an ARN holds '/' once decoded, and some clients send
 * it unencoded.
 */
record PathTemplate(String path, List<String> segments) {
    private static final String GREEDY = "resource-arn";

    /** What a request's path gives a template's parameters, and the first one no id can be. */
    record Match(Map<String, String> parameters, Optional<String> invalid) {}

    static PathTemplate parse(String path) {
        return new PathTemplate(path, rawSegments(path));
    }

    /** The segments of a raw path, empty ones kept ({@code /a//b/} is a, "", b, ""). */
    static List<String> rawSegments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return List.of(trimmed.split("/", -1));
    }

    /** The parameters {@code raw} gives this template, or empty when it does not fit. */
    Optional<Match> match(List<String> raw) {
        boolean greedy = !segments.isEmpty() && parameter(segments.getLast()).equals(GREEDY);
        if (greedy ? raw.size() < segments.size() : raw.size() != segments.size()) {
            return Optional.empty();
        }
        var parameters = new LinkedHashMap<String, String>();
        String invalid = null;
        for (int i = 0; i < segments.size(); i++) {
            String template = segments.get(i);
            String name = parameter(template);
            if (name.isEmpty()) {
                if (!template.equals(raw.get(i))) {
                    return Optional.empty();
                }
                continue;
            }
            boolean rest = name.equals(GREEDY);
            String given = rest ? String.join("/", raw.subList(i, raw.size())) : raw.get(i);
            Optional<String> value = decode(given);
            parameters.put(name, value.orElse(given));
            if (invalid == null && (value.isEmpty() || !possibleId(value.get(), rest))) {
                invalid = name;
            }
        }
        return Optional.of(new Match(parameters, Optional.ofNullable(invalid)));
    }

    /** The names of the parameters, in order. */
    List<String> parameters() {
        var out = new ArrayList<String>();
        segments.stream().map(PathTemplate::parameter).filter(n -> !n.isEmpty()).forEach(out::add);
        return out;
    }

    /**
     * Whether a decoded segment could be an id: never "", "." or "..", which name no resource but
     * would name a parent once a path is normalized, nor a value holding '/' (an ARN aside).
     */
    static boolean possibleId(String value, boolean arn) {
        return !(value.isEmpty() || value.equals(".") || value.equals("..") || (!arn && value.indexOf('/') >= 0));
    }

    /** Percent-decoding of a path segment, '+' kept as '+' (paths are not forms); empty if malformed. */
    static Optional<String> decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return Optional.of(raw);
        }
        try {
            return Optional.of(QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String parameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}") ? segment.substring(1, segment.length() - 1) : "";
    }
}
