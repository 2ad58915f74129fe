package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The control plane's operations as one in-process service: the apigatewayv2 operations and the
 * v1 key resources, each found by its method and raw path and answered as the REST API answers
 * it. The HTTP listener is one caller; what reads apps from elsewhere (templates) can call it the
 * same way, so that every resource is checked and stored by the same code. Blocking: a change
 * waits for the state file to reach the disk.
 */
public final class ControlService {
    /** The resource each path parameter names, for NotFoundException's resourceType. */
    private static final Map<String, String> RESOURCE_TYPES = Map.ofEntries(
            Map.entry("apiId", "Api"),
            Map.entry("routeId", "Route"),
            Map.entry("routeResponseId", "RouteResponse"),
            Map.entry("requestParameterKey", "RequestParameter"),
            Map.entry("integrationId", "Integration"),
            Map.entry("integrationResponseId", "IntegrationResponse"),
            Map.entry("stageName", "Stage"),
            Map.entry("routeKey", "RouteSettings"),
            Map.entry("deploymentId", "Deployment"),
            Map.entry("authorizerId", "Authorizer"),
            Map.entry("domainName", "DomainName"),
            Map.entry("apiMappingId", "ApiMapping"),
            Map.entry("resource-arn", "Resource"),
            Map.entry("apiKey", "API Key"),
            Map.entry("usagePlanId", "Usage Plan"),
            Map.entry("keyId", "API Key"));

    /** An operation with its path parsed once. */
    private record Bound(String method, PathTemplate template, Operation operation) {}

    /** An operation (null when only another method's path fits) and what the path gives it. */
    private record Routed(Operation operation, PathTemplate.Match match) {}

    private final List<Bound> operations;
    private final String accountId;

    public ControlService(ControlContext context) {
        this.operations = Stream.of(
                        new ApiResources(context).operations(),
                        new RouteResources(context).operations(),
                        new IntegrationResources(context).operations(),
                        new StageResources(context).operations(),
                        new AuthorizerResources(context).operations(),
                        new DomainResources(context).operations(),
                        new KeyResources(context).operations())
                .flatMap(List::stream)
                .map(b -> new Bound(b.method(), PathTemplate.parse(b.path()), b.operation()))
                .toList();
        this.accountId = context.accountId();
    }

    /**
     * Answers {@code method rawPath} as the REST API would. A segment that no id can be ({@code .},
     * {@code ..}, empty, holding '/' once decoded, or not decodable) at a parameter's place is a
     * NotFoundException for that parameter's resource, whatever the method: it names nothing, so
     * nothing is read or changed. The body is read only once an operation is found.
     *
     * @throws ControlError for what the call got wrong, with the status and type AWS answers
     */
    public Answer call(String method, String rawPath, Map<String, List<String>> query, Supplier<JsonNode> body) {
        List<String> segments = PathTemplate.rawSegments(rawPath);
        Optional<Routed> routed = route(method, segments);
        if (routed.isEmpty() && segments.size() > 1 && segments.getLast().isEmpty()) {
            routed = route(method, segments.subList(0, segments.size() - 1)); // a trailing '/'
        }
        Optional<String> invalid = routed.flatMap(r -> r.match().invalid());
        if (invalid.isPresent()) {
            String name = invalid.get();
            throw notFound(name, routed.get().match().parameters().get(name));
        }
        if (routed.isEmpty() || routed.get().operation() == null) {
            throw ControlError.notFound("Operation", "No operation " + method + " " + rawPath);
        }
        try {
            return routed.get().operation().handle(new Call(routed.get().match().parameters(), query, body.get()));
        } catch (io.wsgate.model.shape.ShapeException e) {
            throw ControlError.badRequest(e.getMessage());
        }
    }

    /**
     * The operation a call is to, as its method and path template ({@code DELETE
     * /v2/apis/{apiId}/routes/{routeId}}), for metrics; {@code unknown} when none fits.
     */
    public String operationOf(String method, String rawPath) {
        List<String> segments = PathTemplate.rawSegments(rawPath);
        for (Bound bound : operations) {
            if (bound.method().equals(method)
                    && bound.template().match(segments).isPresent()) {
                return method + " " + bound.template().path();
            }
        }
        return "unknown";
    }

    /**
     * The operation of {@code method} whose template fits, or else any template that fits (for a
     * segment no id can be, answered for its resource whatever the method).
     */
    private Optional<Routed> route(String method, List<String> segments) {
        Routed other = null;
        for (Bound bound : operations) {
            Optional<PathTemplate.Match> match = bound.template().match(segments);
            if (match.isEmpty()) {
                continue;
            }
            if (bound.method().equals(method)) {
                return Optional.of(new Routed(bound.operation(), match.get()));
            }
            if (other == null) {
                other = new Routed(null, match.get());
            }
        }
        return Optional.ofNullable(other);
    }

    /** NotFoundException for the resource path parameter {@code name} names, worded as AWS words it. */
    private ControlError notFound(String name, String id) {
        String type = RESOURCE_TYPES.getOrDefault(name, "Resource");
        return type.equals("Api")
                ? ControlError.notFound(type, "Invalid API identifier specified " + accountId + ":" + id)
                : ControlError.notFound(type, "Invalid " + type + " identifier specified " + id);
    }
}
