package io.wsgate.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An upgrade request as the transport received it, before {@code $connect} decides on it.
 *
 * @param connectionId assigned now, before {@code $connect} runs, as AWS does
 * @param connectedAt epoch milliseconds the request arrived
 * @param domainName the Host the client used
 * @param headers every header as received, names as the client wrote them, in order
 * @param rawPath the path as received, percent-encoding and all, such as {@code /dev}
 * @param rawQuery the query string without '?', or {@code null} when the URL had none
 * @param localPort the listener's port, for {@code X-Forwarded-Port}
 * @param secure whether the client came over TLS, for {@code X-Forwarded-Proto}
 */
public record ConnectRequest(
        String connectionId,
        long connectedAt,
        String domainName,
        String sourceIp,
        List<Map.Entry<String, String>> headers,
        String rawPath,
        String rawQuery,
        int localPort,
        boolean secure) {

    public ConnectRequest {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(rawPath, "rawPath");
        headers = List.copyOf(headers);
    }

    /** The last value of the header {@code name}, matched without regard to case, or {@code null}. */
    public String header(String name) {
        String value = null;
        for (var header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                value = header.getValue();
            }
        }
        return value;
    }
}
