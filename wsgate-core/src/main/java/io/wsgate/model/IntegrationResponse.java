package io.wsgate.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a non-proxy integration (MOCK) sends back on a two-way route.
 *
 * @param integrationResponseKey {@code $default}, or a regular expression between slashes matched
 *     against the integration's status code, such as {@code /2\d\d/}
 * @param responseTemplates template key to template text; the {@code $default} template is used
 *     when the selection expression names no other
 */
public record IntegrationResponse(
        String integrationResponseId,
        String integrationResponseKey,
        Map<String, String> responseTemplates,
        Optional<String> templateSelectionExpression) {

    public static final String DEFAULT_KEY = "$default";

    public IntegrationResponse {
        Objects.requireNonNull(integrationResponseId, "integrationResponseId");
        Objects.requireNonNull(integrationResponseKey, "integrationResponseKey");
        Objects.requireNonNull(templateSelectionExpression, "templateSelectionExpression");
        responseTemplates = Collections.unmodifiableMap(new LinkedHashMap<>(responseTemplates)); // in the order written
        var problems = new Problems();
        problems.require(
                !integrationResponseId.isBlank(), "integrationResponseId", () -> "empty (expected: an identifier)");
        if (!DEFAULT_KEY.equals(integrationResponseKey)) {
            problems.require(
                    keyProblem(integrationResponseKey) == null,
                    "integrationResponseKey",
                    () -> keyProblem(integrationResponseKey));
        }
        problems.throwIfAny();
    }

    public static IntegrationResponse of(String key, String template) {
        return new IntegrationResponse(
                key.equals(DEFAULT_KEY) ? "default" : key, key, Map.of(DEFAULT_KEY, template), Optional.empty());
    }

    /** The pattern a status code must match, or empty for {@code $default}, which takes any. */
    public Optional<Pattern> pattern() {
        return DEFAULT_KEY.equals(integrationResponseKey)
                ? Optional.empty()
                : Optional.of(pattern(integrationResponseKey));
    }

    private static Pattern pattern(String key) {
        return Pattern.compile(key.substring(1, key.length() - 1));
    }

    private static String keyProblem(String key) {
        if (key.length() < 3 || !key.startsWith("/") || !key.endsWith("/")) {
            return "'" + key + "' (expected: $default or a pattern between slashes, such as /2\\d\\d/)";
        }
        try {
            pattern(key);
            return null;
        } catch (PatternSyntaxException e) {
            return "'" + key + "' is not a valid pattern: " + e.getDescription();
        }
    }
}
