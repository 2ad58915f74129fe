package io.wsgate.auth;

import io.wsgate.observe.Counter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM authorization as API Gateway applies it to a SigV4-signed request: the signature must be
 * good ({@link SigV4}), and the signer's policy must allow the action on the resource. Every
 * refusal is a 403 with AWS's error type and message:
 *
 * <pre>
 *  no signature                       MissingAuthenticationTokenException  Missing Authentication Token
 *  a signature that does not parse    IncompleteSignatureException         what it lacks
 *  unknown key, wrong token           AccessDeniedException                The security token included in the request is invalid.
 *  scope, expired, not yet, mismatch  InvalidSignatureException            what is wrong, AWS's words
 *  a Deny, or no Allow                AccessDeniedException                User: ARN is not authorized to perform: ACTION on resource: ARN ...
 * </pre>
 */
public final class Iam {
    /** What {@link #check} decided. */
    public sealed interface Decision {
        /** Signed by {@code identity}, whose policy allows the action. */
        record Allowed(Identity identity) implements Decision {}

        /**
         * Refused with 403, {@code errorType} as {@code x-amzn-ErrorType} and {@code message} as
         * the body's; {@code counter} says what kind of refusal it was.
         */
        record Refused(String errorType, String message, Counter counter) implements Decision {}
    }

    private final String region;
    private final List<Identity> identities;
    private final Clock clock;
    private final SigV4 sigV4;

    /**
     * @param service the signing name requests are scoped to: {@code execute-api}, {@code
     *     apigateway} for the control plane, {@code lambda} for the Invoke API
     */
    public Iam(String region, String service, List<Identity> identities, Clock clock) {
        this.region = region;
        this.identities = List.copyOf(identities);
        this.clock = clock;
        var byKey = new LinkedHashMap<String, Identity>();
        identities.forEach(i -> byKey.put(i.accessKeyId(), i));
        this.sigV4 = new SigV4(region, service, Map.copyOf(byKey)::get, clock);
    }

    /** The same identities, checking requests signed for {@code service}. */
    public Iam forService(String service) {
        return new Iam(region, service, identities, clock);
    }

    /**
     * Whether any identity is configured. Without one, the listeners that take signed calls on AWS
     * ({@code @connections}, the control plane) do not check signatures and answer loopback only.
     */
    public boolean enforced() {
        return !identities.isEmpty();
    }

    /** The identity whose ARN is {@code arn}: what a function that names it as its role signs with. */
    public java.util.Optional<Identity> byArn(String arn) {
        return identities.stream().filter(i -> i.arn().equals(arn)).findFirst();
    }

    /** Whether {@code request} is signed by an identity allowed {@code action} on {@code resource}. */
    public Decision check(SigV4.Request request, String action, String resource) {
        return switch (authenticate(request)) {
            case Decision.Allowed signed -> authorize(signed.identity(), action, resource);
            case Decision.Refused refused -> refused;
        };
    }

    /**
     * Whether {@code request} is signed by a known identity, whatever its policy says: {@link
     * Decision.Allowed} names the signer, for one call to {@link #authorize} per resource.
     */
    public Decision authenticate(SigV4.Request request) {
        return switch (sigV4.verify(request)) {
            case SigV4.Verdict.Refused r ->
                new Decision.Refused(
                        errorType(r.reason()),
                        r.message(),
                        r.reason() == SigV4.Reason.MISSING ? Counter.AUTH_UNSIGNED : Counter.AUTH_BAD_SIGNATURE);
            case SigV4.Verdict.Signed s -> new Decision.Allowed(s.identity());
        };
    }

    /**
     * The identity whose access key is {@code accessKeyId}, when {@code secretAccessKey} is its
     * secret and {@code sessionToken} its token (null for long-term keys): how a person signs in
     * where a request cannot be signed, as the console's page. Secrets are compared in constant time.
     */
    public java.util.Optional<Identity> signIn(String accessKeyId, String secretAccessKey, String sessionToken) {
        for (Identity identity : identities) {
            if (identity.accessKeyId().equals(accessKeyId)
                    && same(identity.secretAccessKey(), secretAccessKey)
                    && (identity.sessionToken() == null || same(identity.sessionToken(), sessionToken))) {
                return java.util.Optional.of(identity);
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean same(String expected, String given) {
        return given != null
                && java.security.MessageDigest.isEqual(
                        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether {@code identity}'s policy allows {@code action} on {@code resource}, refused as IAM words it. */
    public static Decision authorize(Identity identity, String action, String resource) {
        String refusal =
                "User: " + identity.arn() + " is not authorized to perform: " + action + " on resource: " + resource;
        return switch (identity.policy().decide(action, resource)) {
            case ALLOW -> new Decision.Allowed(identity);
            case DENY ->
                new Decision.Refused("AccessDeniedException", refusal + " with an explicit deny", Counter.AUTH_DENIED);
            case NO_MATCH ->
                new Decision.Refused(
                        "AccessDeniedException",
                        refusal + " because no identity-based policy allows the " + action + " action",
                        Counter.AUTH_DENIED);
        };
    }

    private static String errorType(SigV4.Reason reason) {
        return switch (reason) {
            case MISSING -> "MissingAuthenticationTokenException";
            case MALFORMED -> "IncompleteSignatureException";
            case UNKNOWN_KEY, BAD_TOKEN -> "AccessDeniedException";
            case SCOPE, EXPIRED, NOT_YET, MISMATCH -> "InvalidSignatureException";
        };
    }

    /**
     * The members of {@code requestContext.identity} API Gateway sets for an IAM caller: {@code
     * accessKey}, {@code accountId}, {@code caller}, {@code user}, {@code userArn}.
     */
    public static Map<String, String> identityOf(Identity identity) {
        var members = new LinkedHashMap<String, String>();
        members.put("accessKey", identity.accessKeyId());
        members.put("accountId", identity.accountId());
        members.put("caller", identity.principalId());
        members.put("user", identity.principalId());
        members.put("userArn", identity.arn());
        return members;
    }
}
