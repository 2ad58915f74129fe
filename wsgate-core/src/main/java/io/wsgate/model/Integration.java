package io.wsgate.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An integration: the backend a route's events go to.
 *
 * @param integrationUri the Lambda function (its ARN, its invocation ARN, or its name) for {@code
 *     AWS_PROXY}; an {@code http(s)} URL, which may hold {@code ${stageVariables.name}}, for {@code
 *     HTTP_PROXY}; empty for {@code MOCK}
 * @param integrationMethod the HTTP method for HTTP backends, {@code POST} by default
 * @param timeoutInMillis 50 to 29,000, 29,000 by default, as on AWS
 * @param requestTemplates for {@code MOCK}: template key to a template whose output holds {@code
 *     {"statusCode": N}}
 */
public record Integration(
        String integrationId,
        IntegrationType integrationType,
        Optional<String> integrationUri,
        String integrationMethod,
        int timeoutInMillis,
        Map<String, String> requestTemplates,
        Optional<String> templateSelectionExpression,
        PassthroughBehavior passthroughBehavior,
        List<IntegrationResponse> integrationResponses,
        Optional<String> description) {

    /** http(s), a host (or a stage variable naming one), then anything. */
    private static final java.util.regex.Pattern HTTP_URL = java.util.regex.Pattern.compile("https?://[^/?#\\s]+.*");

    public static final int MIN_TIMEOUT_MILLIS = 50;
    public static final int MAX_TIMEOUT_MILLIS = 29_000;

    public Integration {
        Objects.requireNonNull(integrationId, "integrationId");
        Objects.requireNonNull(integrationType, "integrationType");
        Objects.requireNonNull(integrationUri, "integrationUri");
        Objects.requireNonNull(integrationMethod, "integrationMethod");
        Objects.requireNonNull(templateSelectionExpression, "templateSelectionExpression");
        Objects.requireNonNull(passthroughBehavior, "passthroughBehavior");
        Objects.requireNonNull(description, "description");
        requestTemplates = Collections.unmodifiableMap(new LinkedHashMap<>(requestTemplates)); // in the order written
        integrationResponses = List.copyOf(integrationResponses);

        var problems = new Problems();
        problems.require(
                !integrationId.isBlank() && integrationId.indexOf('/') < 0,
                "integrationId",
                () -> "'" + integrationId + "' (expected: a non-empty identifier without '/')");
        problems.require(
                timeoutInMillis >= MIN_TIMEOUT_MILLIS && timeoutInMillis <= MAX_TIMEOUT_MILLIS,
                "timeoutInMillis",
                () -> timeoutInMillis + " (expected: " + MIN_TIMEOUT_MILLIS + ".." + MAX_TIMEOUT_MILLIS + ")");
        problems.require(
                integrationMethod.matches("[A-Z]+"),
                "integrationMethod",
                () -> "'" + integrationMethod + "' (expected: an HTTP method such as POST)");
        switch (integrationType) {
            case MOCK ->
                problems.require(
                        integrationUri.isEmpty(),
                        "integrationUri",
                        () -> "set (expected: none for a MOCK integration)");
            case HTTP, HTTP_PROXY ->
                problems.require(
                        integrationUri
                                .filter(u -> HTTP_URL.matcher(u).matches())
                                .isPresent(),
                        "integrationUri",
                        () -> integrationUri.map(u -> "'" + u + "'").orElse("missing")
                                + " (expected: an http:// or https:// URL with a host)");
            case AWS, AWS_PROXY ->
                problems.require(
                        integrationUri.filter(u -> !u.isBlank()).isPresent(),
                        "integrationUri",
                        () -> "missing (expected: a Lambda function ARN, invocation ARN or name)");
        }
        var keys = new java.util.HashSet<String>();
        for (var response : integrationResponses) {
            problems.require(
                    keys.add(response.integrationResponseKey()),
                    "integrationResponses[" + response.integrationResponseKey() + "]",
                    () -> "duplicate integrationResponseKey");
        }
        problems.throwIfAny();
    }

    public static Builder builder(String integrationId, IntegrationType type) {
        return new Builder(integrationId, type);
    }

    /** An {@code AWS_PROXY} integration calling the Lambda function (or in-process handler) {@code function}. */
    public static Integration function(String integrationId, String function) {
        return builder(integrationId, IntegrationType.AWS_PROXY).uri(function).build();
    }

    /** An {@code HTTP_PROXY} integration POSTing events to {@code url}. */
    public static Integration http(String integrationId, String url) {
        return builder(integrationId, IntegrationType.HTTP_PROXY).uri(url).build();
    }

    public Builder toBuilder() {
        var b = new Builder(integrationId, integrationType);
        b.uri = integrationUri.orElse(null);
        b.method = integrationMethod;
        b.timeoutInMillis = timeoutInMillis;
        b.requestTemplates.putAll(requestTemplates);
        b.templateSelectionExpression = templateSelectionExpression.orElse(null);
        b.passthroughBehavior = passthroughBehavior;
        b.integrationResponses.addAll(integrationResponses);
        b.description = description.orElse(null);
        return b;
    }

    /** Builds an {@link Integration}; every part but the id and the type is optional. */
    public static final class Builder {
        private final String integrationId;
        private final IntegrationType type;
        private String uri;
        private String method = "POST";
        private int timeoutInMillis = MAX_TIMEOUT_MILLIS;
        private final Map<String, String> requestTemplates = new LinkedHashMap<>();
        private String templateSelectionExpression;
        private PassthroughBehavior passthroughBehavior = PassthroughBehavior.WHEN_NO_MATCH;
        private final List<IntegrationResponse> integrationResponses = new ArrayList<>();
        private String description;

        private Builder(String integrationId, IntegrationType type) {
            this.integrationId = integrationId;
            this.type = type;
        }

        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder timeoutInMillis(int millis) {
            this.timeoutInMillis = millis;
            return this;
        }

        public Builder requestTemplate(String key, String template) {
            requestTemplates.put(key, template);
            return this;
        }

        public Builder templateSelectionExpression(String expression) {
            this.templateSelectionExpression = expression;
            return this;
        }

        public Builder passthroughBehavior(PassthroughBehavior behavior) {
            this.passthroughBehavior = behavior;
            return this;
        }

        public Builder integrationResponse(IntegrationResponse response) {
            integrationResponses.add(response);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Integration build() {
            return new Integration(
                    integrationId,
                    type,
                    Optional.ofNullable(uri),
                    method,
                    timeoutInMillis,
                    requestTemplates,
                    Optional.ofNullable(templateSelectionExpression),
                    passthroughBehavior,
                    integrationResponses,
                    Optional.ofNullable(description));
        }
    }
}
