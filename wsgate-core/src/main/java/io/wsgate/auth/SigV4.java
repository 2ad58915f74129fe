package io.wsgate.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks requests signed with AWS Signature Version 4, in an {@code Authorization} header or as a
 * presigned URL, against the identities the gateway knows: the server side of what the AWS SDKs,
 * botocore and the AWS CLI do when they sign.
 *
 * <p>The SDKs' signers build a canonical request from the headers <em>they</em> choose to sign;
 * a verifier has to rebuild it from the headers the <em>client</em> chose, listed in its
 * {@code SignedHeaders}, from the path and query exactly as they came over the wire. That
 * rebuilding is the whole of this class, and it is small and JDK-only (HMAC-SHA256 and SHA-256 from
 * {@code javax.crypto}); it passes the public aws-sig-v4-test-suite kept in the tests, and
 * signatures made by the Java SDK, botocore and the AWS CLI.
 *
 * <p>What is checked, in order, each with its own {@link Reason}: that the request carries a
 * signature at all and that it parses; that its credential scope names the gateway's region, the
 * service and the day of its date; that the access key is known and the security token is the one
 * the identity has; that its date is within five minutes of now (a presigned URL: not yet past its
 * {@code X-Amz-Expires}); and that the signature is the one the identity's secret makes. The
 * signature is compared in constant time.
 */
public final class SigV4 {
    /** Why a request was refused. */
    public enum Reason {
        /** No {@code Authorization} header and no {@code X-Amz-Signature}. */
        MISSING,
        /** A signature that does not parse, or lacks a part it needs. */
        MALFORMED,
        /** The credential scope names another region, service or day. */
        SCOPE,
        /** No identity has the access key. */
        UNKNOWN_KEY,
        /** The security token is absent, present or different where the identity's is not. */
        BAD_TOKEN,
        /** Older than five minutes, or a presigned URL past its expiry. */
        EXPIRED,
        /** Dated more than five minutes ahead. */
        NOT_YET,
        /** The signature is not the one the identity's secret makes. */
        MISMATCH
    }

    /** What {@link #verify} decided. */
    public sealed interface Verdict {
        /** Signed by {@code identity}. */
        record Signed(Identity identity) implements Verdict {}

        /** Refused, with the message AWS answers for the same fault. */
        record Refused(Reason reason, String message) implements Verdict {}
    }

    /**
     * A request as it arrived.
     *
     * @param rawPath the path as sent, percent-encoding and all
     * @param rawQuery the query as sent, without the {@code ?}; empty for none
     * @param headers every header line in order, names in any case; a name may repeat
     */
    public record Request(
            String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers, byte[] body) {
        public Request {
            Objects.requireNonNull(method, "method");
            rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
            rawQuery = rawQuery == null ? "" : rawQuery;
            headers = List.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        /** A request with {@code headers} as an HTTP library iterates them (a Vert.x MultiMap, say). */
        public static Request of(
                String method,
                String rawPath,
                String rawQuery,
                Iterable<Map.Entry<String, String>> headers,
                byte[] body) {
            var lines = new ArrayList<Map.Entry<String, String>>();
            for (Map.Entry<String, String> header : headers) {
                lines.add(Map.entry(header.getKey(), header.getValue()));
            }
            return new Request(method, rawPath, rawQuery, lines, body);
        }

        /** The values of header {@code name}, in order. */
        List<String> header(String name) {
            var values = new ArrayList<String>();
            for (var h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    values.add(h.getValue());
                }
            }
            return values;
        }
    }

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final long MAX_EXPIRES = 604_800;
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final String service;
    private final Function<String, Identity> identities;
    private final Clock clock;

    /**
     * @param identities the identity holding an access key id, or {@code null}
     */
    public SigV4(String region, String service, Function<String, Identity> identities, Clock clock) {
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.identities = Objects.requireNonNull(identities, "identities");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who signed {@code request}, or why it is refused. */
    public Verdict verify(Request request) {
        Parsed p;
        try {
            p = parse(request);
        } catch (Refusal r) {
            return new Verdict.Refused(r.reason, r.getMessage());
        }
        if (p == null) {
            return new Verdict.Refused(Reason.MISSING, "Missing Authentication Token");
        }
        String[] scope = p.credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            return new Verdict.Refused(
                    Reason.MALFORMED,
                    "Credential should have 5 parts (key/date/region/service/aws4_request): '" + p.credential + "'.");
        }
        if (!scope[2].equals(region)) {
            return new Verdict.Refused(
                    Reason.SCOPE, "Credential should be scoped to a valid region, not '" + scope[2] + "'. ");
        }
        if (!scope[3].equals(service)) {
            return new Verdict.Refused(
                    Reason.SCOPE, "Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!scope[4].equals("aws4_request")) {
            return new Verdict.Refused(
                    Reason.SCOPE,
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'. ");
        }
        String day = AMZ_DATE.format(p.date).substring(0, 8);
        if (!scope[1].equals(day)) {
            return new Verdict.Refused(
                    Reason.SCOPE,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + scope[1] + "' != '" + day + "', from '" + AMZ_DATE.format(p.date) + "'.");
        }
        Identity identity = identities.apply(scope[0]);
        if (identity == null) {
            return new Verdict.Refused(Reason.UNKNOWN_KEY, "The security token included in the request is invalid.");
        }
        if (!Objects.equals(identity.sessionToken(), p.token)) {
            return new Verdict.Refused(Reason.BAD_TOKEN, "The security token included in the request is invalid.");
        }
        Instant now = clock.instant();
        if (p.expires >= 0) {
            if (now.isAfter(p.date.plusSeconds(p.expires))) {
                return new Verdict.Refused(
                        Reason.EXPIRED,
                        "Signature expired: the URL was signed at " + AMZ_DATE.format(p.date) + " for " + p.expires
                                + " seconds, and it is now " + AMZ_DATE.format(now) + ".");
            }
        } else if (p.date.isBefore(now.minus(SKEW))) {
            return new Verdict.Refused(
                    Reason.EXPIRED,
                    "Signature expired: " + AMZ_DATE.format(p.date) + " is now earlier than "
                            + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (p.date.isAfter(now.plus(SKEW))) {
            return new Verdict.Refused(
                    Reason.NOT_YET,
                    "Signature not yet current: " + AMZ_DATE.format(p.date) + " is still later than "
                            + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
        String canonical = canonicalRequest(request, p, p.payload);
        String toSign = stringToSign(p, canonical);
        byte[] key = signingKey(identity.secretAccessKey(), scope[1], scope[2], scope[3]);
        byte[] expected = hmac(key, toSign);
        if (matches(expected, p.signature)) {
            return new Verdict.Signed(identity);
        }
        if (p.presigned && !p.payloadGiven && !p.payload.equals(UNSIGNED_PAYLOAD)) {
            // A presigner may stand for the body it cannot know with UNSIGNED-PAYLOAD instead of
            // the empty body's hash; both are what the client could have signed.
            String unsigned = canonicalRequest(request, p, UNSIGNED_PAYLOAD);
            if (matches(hmac(key, stringToSign(p, unsigned)), p.signature)) {
                return new Verdict.Signed(identity);
            }
        }
        return new Verdict.Refused(
                Reason.MISMATCH,
                "The request signature we calculated does not match the signature you provided. Check your AWS"
                        + " Secret Access Key and signing method. Consult the service documentation for details.\n\n"
                        + "The Canonical String for this request should have been\n'" + canonical + "'\n\n"
                        + "The String-to-Sign should have been\n'" + toSign + "'\n");
    }

    /** The canonical request for {@code request} as its signature describes it; for tests and diagnostics. */
    public static String canonicalRequest(Request request) {
        Parsed p = parse(request);
        if (p == null) {
            throw new IllegalArgumentException("the request is not signed");
        }
        return canonicalRequest(request, p, p.payload);
    }

    /** The string to sign for {@code request}; for tests and diagnostics. */
    public static String stringToSign(Request request) {
        Parsed p = parse(request);
        if (p == null) {
            throw new IllegalArgumentException("the request is not signed");
        }
        return stringToSign(p, canonicalRequest(request, p, p.payload));
    }

    /** What the signature part of a request says. */
    private record Parsed(
            boolean presigned,
            String credential,
            List<String> signedHeaders,
            String signature,
            Instant date,
            String token,
            long expires,
            String payload,
            boolean payloadGiven) {}

    private static final class Refusal extends RuntimeException {
        final Reason reason;

        Refusal(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private static Parsed parse(Request request) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String[] pair : queryPairs(request.rawQuery())) {
            query.putIfAbsent(pair[0], pair[1]);
        }
        List<String> authorization = request.header("authorization");
        if (query.containsKey("X-Amz-Signature") || query.containsKey("X-Amz-Algorithm")) {
            return parsePresigned(request, query);
        }
        if (authorization.isEmpty()) {
            return null;
        }
        return parseHeader(request, authorization.get(0).trim());
    }

    private static Parsed parseHeader(Request request, String authorization) {
        var fields = new LinkedHashMap<String, String>();
        boolean sigV4 = authorization.startsWith(ALGORITHM + " ");
        if (sigV4) {
            for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.putIfAbsent(
                            part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
        }
        List<String> amzDate = request.header("x-amz-date");
        List<String> date = request.header("date");
        var problems = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!fields.containsKey(required)) {
                problems.append("Authorization header requires '")
                        .append(required)
                        .append("' parameter. ");
            }
        }
        if (amzDate.isEmpty() && date.isEmpty()) {
            problems.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!problems.isEmpty()) {
            throw new Refusal(Reason.MALFORMED, problems + "Authorization=" + authorization);
        }
        Instant when = amzDate.isEmpty() ? httpDate(date.get(0)) : amzDate(amzDate.get(0), "X-Amz-Date");
        List<String> tokens = request.header("x-amz-security-token");
        List<String> content = request.header("x-amz-content-sha256");
        String payload =
                content.isEmpty() ? sha256Hex(request.body()) : content.get(0).trim();
        if (!content.isEmpty()
                && !payload.equals(UNSIGNED_PAYLOAD)
                && !payload.equalsIgnoreCase(sha256Hex(request.body()))) {
            throw new Refusal(
                    Reason.MISMATCH, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return new Parsed(
                false,
                fields.get("Credential"),
                signedHeaders(fields.get("SignedHeaders")),
                fields.get("Signature"),
                when,
                tokens.isEmpty() ? null : tokens.get(0).trim(),
                -1,
                payload,
                !content.isEmpty());
    }

    private static Parsed parsePresigned(Request request, Map<String, String> query) {
        var missing = new StringBuilder();
        for (String required : List.of(
                "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature")) {
            if (!query.containsKey(required)) {
                missing.append(missing.isEmpty() ? "" : ", ").append(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new Refusal(Reason.MALFORMED, "A presigned URL needs the query parameters " + missing + ".");
        }
        if (!query.get("X-Amz-Algorithm").equals(ALGORITHM)) {
            throw new Refusal(
                    Reason.MALFORMED,
                    "X-Amz-Algorithm is '" + query.get("X-Amz-Algorithm") + "' (expected: " + ALGORITHM + ").");
        }
        long expires = 300;
        String given = query.get("X-Amz-Expires");
        if (given != null) {
            try {
                expires = Long.parseLong(given);
            } catch (NumberFormatException e) {
                expires = -1;
            }
            if (expires < 1 || expires > MAX_EXPIRES) {
                throw new Refusal(
                        Reason.MALFORMED,
                        "X-Amz-Expires is '" + given + "' (expected: seconds from 1 to " + MAX_EXPIRES + ").");
            }
        }
        String content = query.get("X-Amz-Content-Sha256");
        return new Parsed(
                true,
                query.get("X-Amz-Credential"),
                signedHeaders(query.get("X-Amz-SignedHeaders")),
                query.get("X-Amz-Signature"),
                amzDate(query.get("X-Amz-Date"), "X-Amz-Date"),
                query.get("X-Amz-Security-Token"),
                expires,
                content != null ? content : sha256Hex(request.body()),
                content != null);
    }

    private static List<String> signedHeaders(String list) {
        var names = new ArrayList<String>();
        for (String name : list.split(";")) {
            if (!name.isBlank()) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (!names.contains("host")) {
            throw new Refusal(Reason.MALFORMED, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return names;
    }

    private static Instant amzDate(String value, String name) {
        try {
            return Instant.from(AMZ_DATE.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new Refusal(Reason.MALFORMED, name + " is '" + value + "' (expected: yyyyMMdd'T'HHmmss'Z', in UTC).");
        }
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new Refusal(Reason.MALFORMED, "Date is '" + value + "' (expected: an RFC 1123 date).");
        }
    }

    private static String canonicalRequest(Request request, Parsed p, String payload) {
        var out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(canonicalPath(request.rawPath())).append('\n');
        out.append(canonicalQuery(request.rawQuery(), p.presigned)).append('\n');
        for (String name : p.signedHeaders) {
            out.append(name).append(':');
            boolean first = true;
            for (String value : request.header(name)) {
                out.append(first ? "" : ",").append(trimAll(value));
                first = false;
            }
            out.append('\n');
        }
        out.append('\n').append(String.join(";", p.signedHeaders)).append('\n');
        return out.append(payload).toString();
    }

    private static String stringToSign(Parsed p, String canonical) {
        String[] scope = p.credential.split("/", 2);
        return ALGORITHM + "\n" + AMZ_DATE.format(p.date) + "\n" + (scope.length == 2 ? scope[1] : "") + "\n"
                + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The path as signers canonicalize it for every service but S3: dot segments and empty segments
     * removed, then every byte outside the unreserved set percent-encoded, {@code %} included, so
     * that what the client encoded once is encoded twice.
     */
    static String canonicalPath(String rawPath) {
        var segments = new ArrayList<String>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(segment);
            }
        }
        var out = new StringBuilder("/");
        for (int i = 0; i < segments.size(); i++) {
            out.append(i == 0 ? "" : "/").append(encode(segments.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        if (!segments.isEmpty() && rawPath.endsWith("/")) {
            out.append('/');
        }
        return out.toString();
    }

    /** The query decoded and encoded again strictly, sorted by name and then value. */
    static String canonicalQuery(String rawQuery, boolean presigned) {
        var pairs = new ArrayList<String[]>();
        for (String[] pair : queryPairs(rawQuery)) {
            if (presigned && pair[0].equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {
                encode(pair[0].getBytes(StandardCharsets.UTF_8)), encode(pair[1].getBytes(StandardCharsets.UTF_8))
            });
        }
        pairs.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        var out = new StringBuilder();
        for (String[] pair : pairs) {
            out.append(out.isEmpty() ? "" : "&").append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** Name and value of each {@code &}-separated part, percent-decoded ({@code +} stays a plus). */
    private static List<String[]> queryPairs(String rawQuery) {
        var pairs = new ArrayList<String[]>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {decode(name), decode(value)});
        }
        return pairs;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        var bytes = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
            if (raw[i] == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String encode(byte[] bytes) {
        var out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A header value with its ends trimmed and each run of spaces made one. */
    private static String trimAll(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }

    private static boolean matches(byte[] expected, String givenHex) {
        byte[] given;
        try {
            given = HEX.parseHex(givenHex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    static byte[] signingKey(String secret, String day, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
