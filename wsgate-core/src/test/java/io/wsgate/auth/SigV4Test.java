package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.auth.SigV4.Reason;
import io.wsgate.auth.SigV4.Request;
import io.wsgate.auth.SigV4.Verdict;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verification against the public aws-sig-v4-test-suite (Apache 2.0, kept beside this test with its
 * licence and notice): each signed request verifies, and the canonical request and string to sign
 * rebuilt from it are the suite's own.
 */
class SigV4Test {
    static final String KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String TOKEN =
            "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPf"
                    + "IeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFv"
                    + "lRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIl"
                    + "TJabIQwj2ICCR/oLxBA==";
    static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    static final Policy ANY = Policy.read(PolicyTest.json(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));

    static Identity identity(String token) {
        return new Identity(KEY, SECRET, token, "arn:aws:iam::123456789012:user/example", KEY, ANY);
    }

    static SigV4 verifier(String token, Instant now) {
        Identity who = identity(token);
        return new SigV4("us-east-1", "service", k -> k.equals(KEY) ? who : null, Clock.fixed(now, ZoneOffset.UTC));
    }

    record Vector(String name, Path dir) {
        String read(String ext) throws IOException {
            return Files.readString(dir.resolve(name + "." + ext), StandardCharsets.UTF_8);
        }

        /**
         * Two of the suite's vectors disagree with themselves: their string to sign is not made from
         * their canonical request, and their signed request leaves out a header the canonical one
         * signs. No verifier can agree with both halves; these are left out while that holds.
         */
        boolean selfContradictory() throws IOException {
            String[] sts = read("sts").split("\n");
            return !sts[sts.length - 1].equals(SigV4.sha256Hex(read("creq").getBytes(StandardCharsets.UTF_8)));
        }

        boolean sts() {
            return dir.toString().contains("post-sts-token");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Vector> vectors() throws IOException, URISyntaxException {
        Path root =
                Path.of(SigV4Test.class.getResource("/aws-sig-v4-test-suite").toURI());
        var found = new ArrayList<Vector>();
        try (var walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".sreq")).sorted().forEach(p -> {
                String file = p.getFileName().toString();
                found.add(new Vector(file.substring(0, file.length() - ".sreq".length()), p.getParent()));
            });
        }
        var consistent = new ArrayList<Vector>();
        var contradictory = new ArrayList<String>();
        for (Vector v : found) {
            if (v.selfContradictory()) {
                contradictory.add(v.name());
            } else {
                consistent.add(v);
            }
        }
        assertThat(contradictory)
                .as("the vectors known to contradict themselves, and no others")
                .containsExactlyInAnyOrder("post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters");
        assertThat(consistent).as("the suite's signed requests").hasSize(29);
        return consistent.stream();
    }

    /**
     * Reads a suite request: request line, header lines (a line starting with white space continues
     * the header before it as another of its values), a blank line, the body.
     */
    static Request parse(String text) {
        String[] headAndBody = text.split("\n\n", 2);
        String[] lines = headAndBody[0].split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/"));
        int q = target.indexOf('?');
        var headers = new ArrayList<Map.Entry<String, String>>();
        String last = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (Character.isWhitespace(line.charAt(0))) {
                headers.add(Map.entry(last, line));
                continue;
            }
            int colon = line.indexOf(':');
            last = line.substring(0, colon);
            headers.add(Map.entry(last, line.substring(colon + 1)));
        }
        byte[] body = headAndBody.length == 2 ? headAndBody[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new Request(
                method, q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1), headers, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void eachSignedRequestOfTheSuiteVerifiesAndIsCanonicalizedAsTheSuiteSays(Vector v) throws IOException {
        Request request = parse(v.read("sreq"));
        assertThat(SigV4.canonicalRequest(request)).isEqualTo(v.read("creq"));
        assertThat(SigV4.stringToSign(request)).isEqualTo(v.read("sts"));
        Verdict verdict = verifier(v.sts() ? TOKEN : null, SIGNED_AT).verify(request);
        assertThat(verdict).isInstanceOf(Verdict.Signed.class);
        assertThat(((Verdict.Signed) verdict).identity().accessKeyId()).isEqualTo(KEY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aRequestChangedAfterSigningIsRefusedWithTheCanonicalStringItShouldHaveHad(Vector v) throws IOException {
        Request signed = parse(v.read("sreq"));
        var headers = new ArrayList<>(signed.headers());
        headers.replaceAll(
                h -> h.getKey().equalsIgnoreCase("host") ? Map.entry(h.getKey(), "example.amazonaws.co") : h);
        Request changed = new Request(signed.method(), signed.rawPath(), signed.rawQuery(), headers, signed.body());
        Verdict verdict = verifier(v.sts() ? TOKEN : null, SIGNED_AT).verify(changed);
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        var refused = (Verdict.Refused) verdict;
        assertThat(refused.reason()).isEqualTo(Reason.MISMATCH);
        assertThat(refused.message())
                .startsWith("The request signature we calculated does not match the signature you provided.")
                .contains("host:example.amazonaws.co\n");
    }

    static Request vanilla() throws IOException, URISyntaxException {
        Path dir = Path.of(SigV4Test.class
                .getResource("/aws-sig-v4-test-suite/get-vanilla")
                .toURI());
        return parse(Files.readString(dir.resolve("get-vanilla.sreq")));
    }

    static Verdict.Refused refused(SigV4 verifier, Request request) {
        Verdict verdict = verifier.verify(request);
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return (Verdict.Refused) verdict;
    }

    @Test
    void aSignatureOlderOrNewerThanFiveMinutesIsRefusedAsAwsWordsIt() throws Exception {
        assertThat(verifier(null, SIGNED_AT.plusSeconds(299)).verify(vanilla())).isInstanceOf(Verdict.Signed.class);
        assertThat(verifier(null, SIGNED_AT.minusSeconds(299)).verify(vanilla()))
                .isInstanceOf(Verdict.Signed.class);
        var late = refused(verifier(null, SIGNED_AT.plusSeconds(301)), vanilla());
        assertThat(late.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(late.message())
                .isEqualTo("Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z"
                        + " (20150830T124101Z - 5 min.)");
        var early = refused(verifier(null, SIGNED_AT.minusSeconds(301)), vanilla());
        assertThat(early.reason()).isEqualTo(Reason.NOT_YET);
        assertThat(early.message())
                .isEqualTo("Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z"
                        + " (20150830T123059Z + 5 min.)");
    }

    @Test
    void anotherRegionServiceOrUnknownKeyIsRefusedBeforeTheSignatureIsComputed() throws Exception {
        Identity who = identity(null);
        var otherRegion = new SigV4("eu-west-1", "service", k -> who, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        assertThat(refused(otherRegion, vanilla()))
                .isEqualTo(new Verdict.Refused(
                        Reason.SCOPE, "Credential should be scoped to a valid region, not 'us-east-1'. "));
        var otherService = new SigV4("us-east-1", "execute-api", k -> who, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        assertThat(refused(otherService, vanilla()))
                .isEqualTo(new Verdict.Refused(
                        Reason.SCOPE, "Credential should be scoped to correct service: 'execute-api'. "));
        var nobody = new SigV4("us-east-1", "service", k -> null, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        assertThat(refused(nobody, vanilla()))
                .isEqualTo(new Verdict.Refused(
                        Reason.UNKNOWN_KEY, "The security token included in the request is invalid."));
    }

    @Test
    void theWrongSecretIsAMismatchAndATokenMustBeTheIdentitysOwn() throws Exception {
        Identity wrongSecret = new Identity(KEY, SECRET + "x", null, "arn:aws:iam::123456789012:user/e", KEY, ANY);
        var verifier = new SigV4("us-east-1", "service", k -> wrongSecret, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        assertThat(refused(verifier, vanilla()).reason()).isEqualTo(Reason.MISMATCH);
        assertThat(refused(verifier(TOKEN, SIGNED_AT), vanilla()).reason())
                .as("an identity with temporary credentials, a request without its token")
                .isEqualTo(Reason.BAD_TOKEN);
        Request withToken = withHeader(vanilla(), "X-Amz-Security-Token", "other");
        assertThat(refused(verifier(null, SIGNED_AT), withToken).reason())
                .as("a token where the identity has none")
                .isEqualTo(Reason.BAD_TOKEN);
    }

    static Request withHeader(Request r, String name, String value) {
        var headers = new ArrayList<>(r.headers());
        headers.add(Map.entry(name, value));
        return new Request(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }

    @Test
    void noSignatureAtAllAndABrokenOneAreToldApart() throws Exception {
        Request bare = new Request("GET", "/", "", List.of(Map.entry("Host", "example.amazonaws.com")), null);
        assertThat(refused(verifier(null, SIGNED_AT), bare))
                .isEqualTo(new Verdict.Refused(Reason.MISSING, "Missing Authentication Token"));
        Request bearer = withHeader(bare, "Authorization", "Bearer abc");
        var broken = refused(verifier(null, SIGNED_AT), bearer);
        assertThat(broken.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(broken.message())
                .isEqualTo("Authorization header requires 'Credential' parameter. Authorization header requires"
                        + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
                        + " Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                        + " Authorization=Bearer abc");
        Request notHex = new Request(
                "GET",
                "/",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice"
                        + "%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
                        + "&X-Amz-Signature=zz",
                bare.headers(),
                null);
        assertThat(refused(verifier(null, SIGNED_AT), notHex).reason()).isEqualTo(Reason.MISMATCH);
        Request forever = new Request(
                "GET", "/", notHex.rawQuery().replace("Expires=60", "Expires=604801"), bare.headers(), null);
        assertThat(refused(verifier(null, SIGNED_AT), forever).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void aBodyWhoseHashIsNotTheDeclaredOneIsRefused() throws Exception {
        Request declared = withHeader(vanilla(), "x-amz-content-sha256", SigV4.sha256Hex(new byte[] {1}));
        var refused = refused(verifier(null, SIGNED_AT), declared);
        assertThat(refused.reason()).isEqualTo(Reason.MISMATCH);
        assertThat(refused.message())
                .isEqualTo("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void pathsAreNormalizedAndEncodedTwiceAsForEveryServiceButS3() {
        assertThat(SigV4.canonicalPath("/@connections/abc%3D")).isEqualTo("/%40connections/abc%253D");
        assertThat(SigV4.canonicalPath("/a/./b/../c//")).isEqualTo("/a/c/");
        assertThat(SigV4.canonicalPath("/../..")).isEqualTo("/");
        assertThat(SigV4.canonicalQuery("b=2&a=%7e+&a=1&X-Amz-Signature=s", true))
                .isEqualTo("a=1&a=~%2B&b=2");
    }
}
