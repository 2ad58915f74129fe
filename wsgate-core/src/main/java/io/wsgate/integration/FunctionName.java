package io.wsgate.integration;

import io.wsgate.model.Integration;
import io.wsgate.model.InvalidModelException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda function an {@code AWS_PROXY} integration URI names. Accepts the forms the tools
 * write: the invocation ARN ({@code
 * arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations}), the
 * function ARN ({@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}) and a bare name
 * ({@code NAME[:QUALIFIER]}).
 */
public record FunctionName(String name, Optional<String> qualifier, Optional<String> region) {
    private static final Pattern INVOCATION =
            Pattern.compile("arn:aws[a-z-]*:apigateway:([^:]*):lambda:path/2015-03-31/functions/(.+)/invocations");
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:([^:]*):([^:]*):function:([^:/]+)(?::([^:/]+))?");
    private static final Pattern BARE = Pattern.compile("([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9_$-]{1,128}))?");

    public FunctionName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(region, "region");
    }

    /**
     * Parses an integration URI.
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static FunctionName parse(String uri) {
        Matcher invocation = INVOCATION.matcher(uri);
        if (invocation.matches()) {
            FunctionName inner = parse(invocation.group(2));
            return new FunctionName(
                    inner.name(), inner.qualifier(), inner.region().or(() -> nonEmpty(invocation.group(1))));
        }
        Matcher arn = FUNCTION_ARN.matcher(uri);
        if (arn.matches()) {
            return new FunctionName(arn.group(3), Optional.ofNullable(arn.group(4)), nonEmpty(arn.group(1)));
        }
        Matcher bare = BARE.matcher(uri);
        if (bare.matches()) {
            return new FunctionName(bare.group(1), Optional.ofNullable(bare.group(2)), Optional.empty());
        }
        throw new IllegalArgumentException("'" + uri + "' (expected: a Lambda function name, a function ARN"
                + " arn:aws:lambda:REGION:ACCOUNT:function:NAME, or an invocation ARN"
                + " arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations)");
    }

    /**
     * The function {@code integration}'s URI names, as a deployer needs it.
     *
     * @throws InvalidModelException naming integrationUri when the URI is no function's
     */
    public static FunctionName of(Integration integration) {
        try {
            return parse(integration.integrationUri().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("integrationUri", e.getMessage());
        }
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    @Override
    public String toString() {
        return qualifier.map(q -> name + ":" + q).orElse(name);
    }
}
