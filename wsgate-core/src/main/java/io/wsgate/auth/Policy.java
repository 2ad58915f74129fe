package io.wsgate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An IAM policy document as an authorizer returns it ({@code Version}, {@code Statement} of
 * {@code Effect}, {@code Action}, {@code Resource}), evaluated as IAM evaluates one for a single
 * action on a single resource: an explicit Deny wins, else an Allow is needed, else it is denied.
 * {@code Action} and {@code Resource} are a string or a list of strings; in both {@code *}
 * matches any run of characters ({@code /} included) and {@code ?} any one character; actions
 * are matched without regard to case, resources with it. A statement with {@code NotAction},
 * {@code NotResource} or {@code Condition}, which this does not evaluate, makes the document
 * malformed rather than being read more widely than written.
 */
public final class Policy {
    /** How a document decides a request. */
    public enum Decision {
        ALLOW,
        /** An explicit Deny matched. */
        DENY,
        /** No statement matched. */
        NO_MATCH
    }

    private record Statement(boolean allow, List<String> actions, List<String> resources) {}

    private final List<Statement> statements;

    private Policy(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /**
     * Reads {@code document}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Policy read(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException("policyDocument is not an object");
        }
        JsonNode statement = document.get("Statement");
        if (statement == null || !(statement.isArray() || statement.isObject())) {
            throw new IllegalArgumentException("policyDocument has no Statement");
        }
        var statements = new ArrayList<Statement>();
        for (JsonNode s : statement.isArray() ? statement : List.of(statement)) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("a Statement is not an object");
            }
            for (String unsupported : List.of("NotAction", "NotResource", "Condition", "NotPrincipal")) {
                if (s.has(unsupported)) {
                    throw new IllegalArgumentException("a Statement has " + unsupported + ", which is not evaluated");
                }
            }
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new IllegalArgumentException(
                        "a Statement's Effect is '" + effect + "' (expected: Allow or Deny)");
            }
            statements.add(new Statement(effect.equals("Allow"), strings(s, "Action"), strings(s, "Resource")));
        }
        return new Policy(statements);
    }

    /** What this document says about {@code action} (such as {@code execute-api:Invoke}) on {@code resource}. */
    public Decision decide(String action, String resource) {
        boolean allowed = false;
        for (Statement s : statements) {
            boolean matches = s.actions().stream()
                            .anyMatch(a -> glob(a.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)))
                    && s.resources().stream().anyMatch(r -> glob(r, resource));
            if (matches && !s.allow()) {
                return Decision.DENY;
            }
            allowed |= matches;
        }
        return allowed ? Decision.ALLOW : Decision.NO_MATCH;
    }

    private static List<String> strings(JsonNode statement, String member) {
        JsonNode value = statement.get(member);
        var out = new ArrayList<String>();
        if (value != null && value.isTextual()) {
            out.add(value.asText());
        } else if (value != null && value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("a Statement's " + member + " holds a non-string");
                }
                out.add(item.asText());
            }
        } else {
            throw new IllegalArgumentException("a Statement has no " + member + " (expected: a string or a list)");
        }
        return out;
    }

    /** Whether {@code pattern}, with {@code *} and {@code ?} as IAM reads them, matches all of {@code text}. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
