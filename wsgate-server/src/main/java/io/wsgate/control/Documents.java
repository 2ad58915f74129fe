package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.shape.Shape;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The state tree and its shapes: {@code apis/{apiId}} holds {@code api}, {@code routes/{routeId}}
 * ({@code route} and {@code responses}), {@code integrations/{id}} ({@code integration} and
 * {@code responses}), {@code authorizers}, {@code deployments/{id}} ({@code deployment} and the
 * {@code snapshot} it serves) and {@code stages}; {@code domainNames/{name}} holds {@code
 * domainName} and {@code mappings}.
 */
final class Documents {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 500;

    private Documents() {}

    /** The member {@code name} of {@code parent}, created empty if missing. */
    static ObjectNode object(ObjectNode parent, String name) {
        JsonNode child = parent.get(name);
        if (child instanceof ObjectNode node) {
            return node;
        }
        return parent.putObject(name);
    }

    /** The entry of {@code apiId}, or NotFoundException as AWS words it. */
    static ObjectNode apiEntry(ObjectNode state, ControlContext context, String apiId) {
        JsonNode entry = state.path("apis").get(apiId);
        if (!(entry instanceof ObjectNode node)) {
            throw ControlError.notFound("Api", "Invalid API identifier specified " + context.accountId() + ":" + apiId);
        }
        return node;
    }

    /** The child {@code id} of {@code container}, or NotFoundException for {@code resourceType}. */
    static ObjectNode child(JsonNode container, String id, String resourceType) {
        JsonNode entry = container.path(id);
        if (!(entry instanceof ObjectNode node)) {
            throw ControlError.notFound(resourceType, "Invalid " + resourceType + " identifier specified " + id);
        }
        return node;
    }

    /**
     * An Update operation's changes: each of {@code members} the body carries replaces the stored
     * value, and an empty string removes an optional member, as the SDKs and Terraform send it to
     * clear one ({@code "target": ""} detaches a route). Members in {@code required} keep "" for
     * the caller's checks to refuse.
     */
    /** As below, for every member {@code shape} declares: a body checked against it changes what it holds. */
    static void update(ObjectNode stored, ObjectNode body, Shape shape, Set<String> required) {
        update(stored, body, List.copyOf(shape.names()), required);
    }

    static void update(ObjectNode stored, ObjectNode body, List<String> members, Set<String> required) {
        for (String member : members) {
            JsonNode value = body.get(member);
            if (value == null) {
                continue;
            }
            if (value.isTextual() && value.textValue().isEmpty() && !required.contains(member)) {
                stored.remove(member);
            } else {
                stored.set(member, value);
            }
        }
    }

    /**
     * A page of the API's resources in {@code container}: each entry itself, or its member {@code
     * member} where the entry wraps the resource with its children ({@code routes/{id}/route}).
     */
    static Answer list(ControlContext context, Call call, String container, String member) {
        ObjectNode entry = apiEntry(context.store().state(), context, call.param("apiId"));
        List<JsonNode> items = values(entry.path(container)).stream()
                .map(e -> member == null ? e : e.path(member))
                .toList();
        return Answer.ok(page(items, call));
    }

    /** Removes every API mapping, of every domain name, that {@code doomed} accepts. */
    static void removeMappings(ObjectNode state, java.util.function.Predicate<JsonNode> doomed) {
        state.path("domainNames").forEach(domain -> {
            var mappings = (ObjectNode) domain.path("mappings");
            values(mappings).stream()
                    .filter(doomed)
                    .map(m -> m.path("apiMappingId").asText())
                    .toList()
                    .forEach(mappings::remove);
        });
    }

    /** The time now in the ISO-8601 form the control plane answers with, to the second. */
    static String now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * A page of {@code items}: {@code {"items": [...], "nextToken": "..."}}, {@code nextToken} left
     * out on the last page.
     */
    static ObjectNode page(List<? extends JsonNode> items, Call call) {
        return page(items, call, "maxResults", "nextToken", "items", DEFAULT_PAGE);
    }

    /**
     * A page as the {@code apigateway} (v1) service pages: {@code limit} (25 unless given) and
     * {@code position} asked for, {@code {"item": [...], "position": "..."}} answered.
     */
    static ObjectNode pageV1(List<? extends JsonNode> items, Call call) {
        return page(items, call, "limit", "position", "item", 25);
    }

    private static ObjectNode page(
            List<? extends JsonNode> items, Call call, String sizeName, String tokenName, String itemsName, int size) {
        int pageSize = call.query(sizeName).map(t -> pageSize(sizeName, t)).orElse(size);
        int start = call.query(tokenName).map(t -> offset(tokenName, t)).orElse(0);
        ObjectNode out = JSON.objectNode();
        var array = out.putArray(itemsName);
        int end = Math.min(items.size(), start + pageSize);
        for (int i = start; i < end; i++) {
            array.add(items.get(i));
        }
        if (end < items.size()) {
            out.put(
                    tokenName,
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("offset:" + end).getBytes(StandardCharsets.US_ASCII)));
        }
        return out;
    }

    /** The values of {@code container} that are objects, in the order they were added. */
    static List<ObjectNode> values(JsonNode container) {
        var out = new ArrayList<ObjectNode>();
        container.forEach(value -> {
            if (value instanceof ObjectNode node) {
                out.add(node);
            }
        });
        return out;
    }

    private static int pageSize(String name, String text) {
        try {
            int size = Integer.parseInt(text);
            if (size >= 1) {
                return Math.min(size, MAX_PAGE);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ControlError.badRequest("Invalid " + name + " '" + text + "' (expected: a positive integer)");
    }

    private static int offset(String name, String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (decoded.startsWith("offset:")) {
                int offset = Integer.parseInt(decoded.substring("offset:".length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ControlError.badRequest("Invalid " + name + " '" + token + "'");
    }
}
