package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One control-plane request, free of the HTTP library: path parameters (decoded), query
 * parameters, and the JSON body (a missing node when there is none).
 */
record Call(Map<String, String> path, Map<String, List<String>> query, JsonNode body) {
    String param(String name) {
        String value = path.get(name);
        if (value == null) {
            throw new IllegalStateException("no path parameter " + name);
        }
        return value;
    }

    Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }
}
