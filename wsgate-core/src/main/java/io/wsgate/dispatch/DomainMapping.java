package io.wsgate.dispatch;

import java.util.Locale;
import java.util.Objects;

/**
 * A custom domain name's API mapping: clients of {@code domainName} (exact, or a wildcard such as
 * {@code *.example.com}) whose path is {@code /{apiMappingKey}} reach {@code apiId}'s stage {@code
 * stage}; an empty key maps the root.
 */
public record DomainMapping(String domainName, String apiMappingKey, String apiId, String stage) {
    public DomainMapping {
        domainName = Objects.requireNonNull(domainName, "domainName").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(apiMappingKey, "apiMappingKey");
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(stage, "stage");
    }

    /** Whether a request's host name (without port) is this domain. */
    public boolean serves(String host) {
        if (domainName.startsWith("*.")) {
            String suffix = domainName.substring(1);
            return host.endsWith(suffix)
                    && host.length() > suffix.length()
                    && host.indexOf('.') == host.length() - suffix.length();
        }
        return domainName.equals(host);
    }
}
