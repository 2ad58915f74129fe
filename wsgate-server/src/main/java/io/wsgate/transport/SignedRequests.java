package io.wsgate.transport;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.wsgate.auth.SigV4;
import java.util.ArrayList;
import java.util.Map;

/** A Vert.x request as {@link SigV4} verifies it: the method, the raw path and query, every header line, the body. */
public final class SignedRequests {
    private SignedRequests() {}

    /** {@code request} with {@code body} (empty for none). */
    public static SigV4.Request of(HttpServerRequest request, byte[] body) {
        return of(request, request.headers(), body);
    }

    /** {@code request} with {@code headers} in place of its own (as they were before a handler rewrote one). */
    public static SigV4.Request of(HttpServerRequest request, MultiMap headers, byte[] body) {
        var lines = new ArrayList<Map.Entry<String, String>>(headers.size());
        for (Map.Entry<String, String> header : headers) {
            lines.add(Map.entry(header.getKey(), header.getValue()));
        }
        return new SigV4.Request(request.method().name(), request.path(), request.query(), lines, body);
    }
}
