package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.apiEntry;
import static io.wsgate.control.Documents.child;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wsgate.model.shape.Shapes;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Custom domain names and their API mappings ({@code /v2/domainnames...}). A mapping takes effect at
 * once: clients of the domain reach the mapped stage through {@code /{apiMappingKey}}.
 */
final class DomainResources {
    private static final Pattern DOMAIN =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern MAPPING_KEY = Pattern.compile("[A-Za-z0-9$\\-_.+!*'()]{0,300}");

    private final ControlContext context;

    DomainResources(ControlContext context) {
        this.context = context;
    }

    List<Operation.Bound> operations() {
        String domains = "/v2/domainnames";
        String domain = domains + "/{domainName}";
        String mappings = domain + "/apimappings";
        String mapping = mappings + "/{apiMappingId}";
        return List.of(
                new Operation.Bound("POST", domains, this::create),
                new Operation.Bound(
                        "GET",
                        domains,
                        call -> Answer.ok(Documents.page(
                                Documents.values(context.store().state().path("domainNames")).stream()
                                        .map(d -> (JsonNode) d.path("domainName"))
                                        .toList(),
                                call))),
                new Operation.Bound("GET", domain, call -> Answer.ok(read(call).path("domainName"))),
                new Operation.Bound("PATCH", domain, this::update),
                new Operation.Bound("DELETE", domain, this::delete),
                new Operation.Bound("POST", mappings, this::map),
                new Operation.Bound(
                        "GET",
                        mappings,
                        call -> Answer.ok(
                                Documents.page(Documents.values(read(call).path("mappings")), call))),
                new Operation.Bound("GET", mapping, call -> Answer.ok(mapping(read(call), call))),
                new Operation.Bound("PATCH", mapping, this::remap),
                new Operation.Bound("DELETE", mapping, this::unmap));
    }

    private Answer create(Call call) {
        ObjectNode body = Shapes.DOMAIN_NAME.check(call.body(), List.of("domainName"));
        String name = body.path("domainName").asText().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(name).matches()) {
            throw ControlError.badRequest("Invalid domain name '" + name + "' (expected: a host name such as"
                    + " chat.example.com, or a wildcard such as *.example.com)");
        }
        return Answer.created(context.store().update(state -> {
            if (state.path("domainNames").has(name)) {
                throw ControlError.conflict("The domain name you provided already exists.");
            }
            ObjectNode domain = JSON.objectNode().put("domainName", name);
            domain.put("domainNameArn", "arn:aws:apigateway:" + context.region() + "::/domainnames/" + name);
            domain.put("apiMappingSelectionExpression", "$request.basepath");
            domain.set(
                    "domainNameConfigurations",
                    configurations(body.path("domainNameConfigurations"), JSON.arrayNode()));
            if (body.has("mutualTlsAuthentication")) {
                domain.set("mutualTlsAuthentication", body.get("mutualTlsAuthentication"));
            }
            domain.put("routingMode", body.path("routingMode").asText("API_MAPPING_ONLY"));
            domain.set("tags", body.has("tags") ? body.get("tags") : JSON.objectNode());
            ObjectNode entry = object(object(state, "domainNames"), name);
            entry.set("domainName", domain);
            entry.putObject("mappings");
            return domain.deepCopy();
        }));
    }

    private Answer update(Call call) {
        ObjectNode body = Shapes.DOMAIN_NAME.check(call.body());
        return Answer.ok(context.store().update(state -> {
            ObjectNode domain = (ObjectNode) entry(state, call).path("domainName");
            if (body.has("domainNameConfigurations")) {
                domain.set(
                        "domainNameConfigurations",
                        configurations(body.path("domainNameConfigurations"), domain.path("domainNameConfigurations")));
            }
            for (String member : List.of("mutualTlsAuthentication", "routingMode")) {
                if (body.has(member)) {
                    domain.set(member, body.get(member));
                }
            }
            return domain.deepCopy();
        }));
    }

    private Answer delete(Call call) {
        context.store().update(state -> {
            entry(state, call);
            ((ObjectNode) state.path("domainNames")).remove(name(call));
            return null;
        });
        return Answer.noContent();
    }

    private Answer map(Call call) {
        ObjectNode body = Shapes.API_MAPPING.check(call.body(), List.of("apiId", "stage"));
        return Answer.created(context.store().update(state -> {
            ObjectNode mappings = object(entry(state, call), "mappings");
            String id = Ids.resourceId();
            ObjectNode mapping = JSON.objectNode().put("apiMappingId", id);
            mapping.setAll(body);
            check(state, mappings, mapping);
            mappings.set(id, mapping);
            return mapping.deepCopy();
        }));
    }

    private Answer remap(Call call) {
        ObjectNode body = Shapes.API_MAPPING.check(call.body(), List.of("apiId"));
        return Answer.ok(context.store().update(state -> {
            ObjectNode domain = entry(state, call);
            ObjectNode mapping = mapping(domain, call);
            mapping.setAll(body);
            check(state, (ObjectNode) domain.path("mappings"), mapping);
            return mapping.deepCopy();
        }));
    }

    private Answer unmap(Call call) {
        context.store().update(state -> {
            ObjectNode domain = entry(state, call);
            mapping(domain, call);
            ((ObjectNode) domain.path("mappings")).remove(call.param("apiMappingId"));
            return null;
        });
        return Answer.noContent();
    }

    /** The mapped API and stage exist, and the key is well formed and free on this domain. */
    private void check(ObjectNode state, ObjectNode mappings, ObjectNode mapping) {
        ObjectNode api = apiEntry(state, context, mapping.path("apiId").asText());
        child(api.path("stages"), mapping.path("stage").asText(), "Stage");
        String key = mapping.path("apiMappingKey").asText("");
        // "." and ".." are paths' own segments: a client resolves them away, so no URL could reach them.
        if (!MAPPING_KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
            throw ControlError.badRequest(
                    "Invalid apiMappingKey '" + key + "' (expected: up to 300 letters, digits or" + " $-_.+!*'())");
        }
        for (ObjectNode other : Documents.values(mappings)) {
            if (other.path("apiMappingKey").asText("").equals(key)
                    && !other.path("apiMappingId")
                            .asText()
                            .equals(mapping.path("apiMappingId").asText())) {
                throw ControlError.conflict("ApiMapping with key '" + key + "' already exists for this domain name");
            }
        }
    }

    /**
     * Each configuration as answered: what was given, with AWS's defaults, and the DNS target the
     * configuration at that place had before (a new one for a new configuration).
     */
    private ArrayNode configurations(JsonNode given, JsonNode previous) {
        ArrayNode out = JSON.arrayNode();
        // The shape has checked that each item is an object.
        List<ObjectNode> items = given.isEmpty() ? List.of(JSON.objectNode()) : Documents.values(given);
        for (ObjectNode item : items) {
            ObjectNode configuration = item.deepCopy();
            configuration.put("endpointType", item.path("endpointType").asText("REGIONAL"));
            configuration.put("securityPolicy", item.path("securityPolicy").asText("TLS_1_2"));
            configuration.put("domainNameStatus", "AVAILABLE");
            String target =
                    previous.path(out.size()).path("apiGatewayDomainName").asText(null);
            configuration.put(
                    "apiGatewayDomainName",
                    target != null
                            ? target
                            : "d-" + Ids.apiId() + ".execute-api." + context.region() + ".amazonaws.com");
            configuration.put("hostedZoneId", "Z1UJRXOUMOOFQ8");
            out.add(configuration);
        }
        return out;
    }

    private ObjectNode read(Call call) {
        return entry(context.store().state(), call);
    }

    private static ObjectNode entry(ObjectNode state, Call call) {
        return child(state.path("domainNames"), name(call), "DomainName");
    }

    private static String name(Call call) {
        return call.param("domainName").toLowerCase(Locale.ROOT);
    }

    private static ObjectNode mapping(ObjectNode domain, Call call) {
        return child(domain.path("mappings"), call.param("apiMappingId"), "ApiMapping");
    }
}
