package io.wsgate.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationResponse;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Problems;
import io.wsgate.route.SelectionExpression;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A MOCK integration, as on AWS: the request template (chosen by {@code
 * templateSelectionExpression}, else {@code $default}) must render to JSON holding an integer
 * {@code statusCode}; that status picks the integration response ({@code /regex/} keys first, then
 * {@code $default}), whose template renders the body sent on a two-way route.
 */
public final class MockInvoker implements Invoker {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NO_STATUS =
            "Execution failed due to configuration error: statusCode should be an integer which defined in request"
                    + " template";

    private final Optional<SelectionExpression> requestSelection;
    private final Map<String, Template> requestTemplates;
    private final List<Response> responses;

    /** An integration response, its pattern compiled once ({@code $default}'s is empty). */
    private record Response(
            Optional<java.util.regex.Pattern> pattern,
            Optional<SelectionExpression> selection,
            Map<String, Template> templates) {}

    /**
     * @throws InvalidModelException naming each template or selection expression that does not parse
     */
    public MockInvoker(Integration integration) {
        var problems = new Problems();
        this.requestSelection =
                expression(integration.templateSelectionExpression(), "templateSelectionExpression", problems);
        this.requestTemplates = parseAll(integration.requestTemplates(), "requestTemplates", problems);
        var ordered = new java.util.ArrayList<Response>();
        for (IntegrationResponse r : integration.integrationResponses()) {
            String path = "integrationResponses[" + r.integrationResponseKey() + "]";
            var response = new Response(
                    r.pattern(),
                    expression(r.templateSelectionExpression(), path + ".templateSelectionExpression", problems),
                    parseAll(r.responseTemplates(), path + ".responseTemplates", problems));
            if (r.integrationResponseKey().equals(IntegrationResponse.DEFAULT_KEY)) {
                ordered.addLast(response);
            } else {
                ordered.addFirst(response);
            }
        }
        this.responses = List.copyOf(ordered);
        problems.throwIfAny();
    }

    /** Serves {@code MOCK} integrations. */
    public static InvokerFactory factory() {
        return (api, stage, integration) -> new MockInvoker(integration);
    }

    @Override
    public CompletableFuture<IntegrationResult> invoke(WebSocketEvent event) {
        return CompletableFuture.completedFuture(answer(event));
    }

    private IntegrationResult answer(WebSocketEvent event) {
        JsonNode body = Template.parseBody(event.body());
        Template request = select(requestTemplates, requestSelection, body);
        OptionalInt status = request == null ? OptionalInt.empty() : statusCode(request.render(event));
        if (status.isEmpty()) {
            return new IntegrationResult.Failed(IntegrationResult.Failure.MALFORMED, NO_STATUS);
        }
        for (Response response : responses) {
            if (response.pattern()
                    .map(p -> p.matcher(Integer.toString(status.getAsInt())).matches())
                    .orElse(true)) {
                Template template = select(response.templates(), response.selection(), body);
                return new IntegrationResult.Response(
                        status, Map.of(), Optional.ofNullable(template).map(t -> t.render(event)));
            }
        }
        return new IntegrationResult.Response(status, Map.of(), Optional.empty());
    }

    private static Template select(
            Map<String, Template> templates, Optional<SelectionExpression> selection, JsonNode body) {
        if (selection.isPresent()) {
            Template chosen = templates.get(selection.get().evaluate(body, v -> ""));
            if (chosen != null) {
                return chosen;
            }
        }
        Template fallback = templates.get("$default");
        return fallback != null ? fallback : templates.get("application/json");
    }

    private static OptionalInt statusCode(String rendered) {
        try {
            JsonNode status = JSON.readTree(rendered).get("statusCode");
            return status != null && status.isIntegralNumber() && status.canConvertToInt()
                    ? OptionalInt.of(status.intValue())
                    : OptionalInt.empty();
        } catch (IOException | NullPointerException e) {
            return OptionalInt.empty();
        }
    }

    private static Map<String, Template> parseAll(Map<String, String> templates, String path, Problems problems) {
        var parsed = new LinkedHashMap<String, Template>();
        templates.forEach((key, text) -> {
            try {
                parsed.put(key, Template.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(path + "." + key, e.getMessage());
            }
        });
        return parsed;
    }

    private static Optional<SelectionExpression> expression(Optional<String> text, String path, Problems problems) {
        try {
            return text.map(SelectionExpression::parse);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return Optional.empty();
        }
    }
}
