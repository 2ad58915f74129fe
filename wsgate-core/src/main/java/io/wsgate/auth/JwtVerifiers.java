package io.wsgate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.wsgate.model.Authorizer.JwtConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;

/**
 * Verifies JWTs as API Gateway's HTTP API JWT authorizers do, with Nimbus JOSE+JWT: the issuer's
 * keys come from the {@code jwks_uri} of its OpenID discovery document ({@code
 * {issuer}/.well-known/openid-configuration}), fetched over HTTPS when first needed, cached, and
 * fetched again when a token names a key id ({@code kid}) the cache does not hold (at most once
 * per {@code refreshInterval}, so that made-up key ids cannot flood the issuer). RS256, ES256 and
 * EdDSA (Ed25519) signatures; {@code exp} required, {@code exp} and {@code nbf} checked with a
 * minute's skew; {@code iss} must be the issuer, and {@code aud} (or {@code client_id}) one of the
 * audience. One verifier per issuer, shared by every authorizer naming it. Blocking (a fetch may
 * take a round trip): call it off the event loop.
 */
public final class JwtVerifiers {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    private static final int SKEW_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@link #verify} found. */
    public sealed interface Result {
        /** A good token: its claims as HTTP APIs pass them on (each a string), and its scopes. */
        record Valid(Map<String, String> claims, List<String> scopes) implements Result {}

        /** A token refused; {@code why} is for the log. */
        record Invalid(String why) implements Result {}
    }

    private final ResourceRetriever retriever;
    private final Duration refreshInterval;
    private final Map<String, Issuer> byIssuer = new ConcurrentHashMap<>();

    /**
     * An issuer's keys and checks. EdDSA tokens are verified apart: Nimbus's processor selects
     * keys as JDK keys, which an Ed25519 JWK (an OKP) cannot be exported to; its {@code
     * Ed25519Verifier} verifies them from the JWK itself.
     */
    private record Issuer(
            JWKSource<SecurityContext> keys,
            DefaultJWTProcessor<SecurityContext> processor,
            DefaultJWTClaimsVerifier<SecurityContext> claims) {

        JWTClaimsSet process(String token)
                throws java.text.ParseException, BadJOSEException, com.nimbusds.jose.JOSEException {
            var jwt = com.nimbusds.jwt.SignedJWT.parse(token);
            if (!JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm())) {
                return processor.process(jwt, null);
            }
            var selector = new com.nimbusds.jose.jwk.JWKSelector(
                    com.nimbusds.jose.jwk.JWKMatcher.forJWSHeader(jwt.getHeader()));
            for (com.nimbusds.jose.jwk.JWK key : keys.get(selector, null)) {
                if (key instanceof com.nimbusds.jose.jwk.OctetKeyPair okp
                        && com.nimbusds.jose.jwk.Curve.Ed25519.equals(okp.getCurve())
                        && jwt.verify(new com.nimbusds.jose.crypto.Ed25519Verifier(okp.toPublicJWK()))) {
                    JWTClaimsSet set = jwt.getJWTClaimsSet();
                    claims.verify(set, null);
                    return set;
                }
            }
            throw new BadJOSEException("Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
        }
    }

    /**
     * @param ssl what HTTPS fetches trust (the JVM's roots unless given); null for the default
     * @param refreshInterval the least time between two fetches of an issuer's keys for unknown key ids
     */
    public JwtVerifiers(SSLSocketFactory ssl, Duration refreshInterval) {
        this.retriever = new DefaultResourceRetriever(5_000, 5_000, 512 * 1024, true, ssl);
        this.refreshInterval = refreshInterval;
    }

    /** The JVM's trust; keys fetched again for an unknown key id at most every 30 s. */
    public JwtVerifiers() {
        this(null, Duration.ofSeconds(30));
    }

    /** Whether {@code token} is good for {@code config}. */
    public Result verify(JwtConfiguration config, String token) {
        Issuer processor;
        try {
            processor = issuer(config.issuer());
        } catch (IOException | RuntimeException e) {
            return new Result.Invalid("cannot read the keys of issuer " + config.issuer() + ": " + e.getMessage());
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token);
        } catch (java.text.ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
            return new Result.Invalid(e.getMessage());
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            return new Result.Invalid("iss '" + claims.getIssuer() + "' is not " + config.issuer());
        }
        List<String> audiences = new ArrayList<>(claims.getAudience() == null ? List.of() : claims.getAudience());
        Object clientId = claims.getClaim("client_id");
        if (clientId != null) {
            audiences.add(clientId.toString());
        }
        if (audiences.stream().noneMatch(config.audience()::contains)) {
            return new Result.Invalid("aud " + audiences + " names none of " + config.audience());
        }
        return new Result.Valid(strings(claims), scopes(claims));
    }

    private Issuer issuer(String issuer) throws IOException {
        Issuer known = byIssuer.get(issuer);
        if (known != null) {
            return known;
        }
        String discovery = issuer.replaceFirst("/$", "") + "/.well-known/openid-configuration";
        JsonNode document = JSON.readTree(
                retriever.retrieveResource(URI.create(discovery).toURL()).getContent());
        String jwksUri = document.path("jwks_uri").asText("");
        if (jwksUri.isEmpty()) {
            throw new IOException(discovery + " names no jwks_uri");
        }
        URL jwks = URI.create(jwksUri).toURL();
        var builder = JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
                .cache(true)
                .refreshAheadCache(false)
                .retrying(false);
        JWKSource<SecurityContext> keys = (refreshInterval.isZero()
                        ? builder.rateLimited(false)
                        : builder.rateLimited(refreshInterval.toMillis()))
                .build();
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(null, Set.of("exp"));
        verifier.setMaxClockSkew(SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(verifier);
        byIssuer.putIfAbsent(issuer, new Issuer(keys, processor, verifier));
        return byIssuer.get(issuer);
    }

    /** Each claim as a string, as HTTP APIs pass them: a list as {@code [a b]}, an object as JSON. */
    static Map<String, String> strings(JWTClaimsSet claims) {
        var out = new LinkedHashMap<String, String>();
        claims.getClaims().forEach((name, value) -> out.put(name, string(value)));
        return out;
    }

    private static String string(Object value) {
        if (value instanceof java.util.Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        if (value instanceof List<?> list) {
            return "["
                    + String.join(" ", list.stream().map(JwtVerifiers::string).toList()) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            try {
                return JSON.writeValueAsString(map);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return map.toString();
            }
        }
        return String.valueOf(value);
    }

    /** {@code scope} (space-separated) or {@code scp} (a list or a string). */
    static List<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (scope == null) {
            scope = claims.getClaim("scp");
        }
        if (scope instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return scope == null ? List.of() : List.of(scope.toString().trim().split("\\s+"));
    }
}
