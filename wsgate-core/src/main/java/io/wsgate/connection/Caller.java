package io.wsgate.connection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who {@code $connect} found a client to be, kept with its connection and sent on every later
 * event of it: what its authorizer said, and the members of {@code requestContext.identity} that
 * IAM or an API key establish.
 *
 * @param authorizer {@code requestContext.authorizer}, or {@code null} when no authorizer ran
 * @param identity members of {@code requestContext.identity} beyond {@code sourceIp} and {@code
 *     userAgent} ({@code accessKey}, {@code accountId}, {@code caller}, {@code user}, {@code
 *     userArn}; {@code apiKey}, {@code apiKeyId}), in the order they are sent; empty for none
 */
public record Caller(Map<String, Object> authorizer, Map<String, String> identity) {
    /** A client nothing was established about. */
    public static final Caller ANONYMOUS = new Caller(null, Map.of());

    public Caller {
        // In the order they were made, which is the order events carry them in.
        authorizer = authorizer == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(authorizer));
        identity = Collections.unmodifiableMap(new LinkedHashMap<>(identity));
    }

    /** This caller, with {@code context} as its authorizer's. */
    public Caller authorized(Map<String, Object> context) {
        return new Caller(context, identity);
    }

    /** This caller, with {@code members} added to its identity. */
    public Caller identified(Map<String, String> members) {
        var all = new LinkedHashMap<>(identity);
        all.putAll(members);
        return new Caller(authorizer, all);
    }
}
