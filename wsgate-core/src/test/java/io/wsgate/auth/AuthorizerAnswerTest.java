package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthorizerAnswerTest {
    static final String ARN = PolicyTest.ARN;
    static final String ALLOW = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"execute-api:Invoke\","
            + "\"Effect\":\"Allow\",\"Resource\":\"" + ARN + "\"}]}";
    static final String DENY = ALLOW.replace("Allow", "Deny");

    static AuthorizerAnswer read(String json) {
        return AuthorizerAnswer.read(json.getBytes(StandardCharsets.UTF_8), ARN);
    }

    @Test
    void anAllowingAnswerKeepsItsPrincipalAndContextWithTheirTypes() {
        var answer = read("{\"principalId\":\"user-42\",\"policyDocument\":" + ALLOW
                + ",\"context\":{\"tenant\":\"acme\",\"level\":3,\"admin\":false},\"usageIdentifierKey\":\"k1\"}");
        assertThat(answer).isInstanceOf(AuthorizerAnswer.Allowed.class);
        var allowed = (AuthorizerAnswer.Allowed) answer;
        assertThat(allowed.principalId()).isEqualTo("user-42");
        assertThat(allowed.usageIdentifierKey()).contains("k1");
        assertThat(allowed.requestContext(7))
                .containsExactly(
                        java.util.Map.entry("principalId", "user-42"),
                        java.util.Map.entry("integrationLatency", 7L),
                        java.util.Map.entry("tenant", "acme"),
                        java.util.Map.entry("level", 3),
                        java.util.Map.entry("admin", false));
    }

    @Test
    void aDenyOrNoAllowIs403() {
        assertThat(read("{\"principalId\":\"u\",\"policyDocument\":" + DENY + "}"))
                .isEqualTo(new AuthorizerAnswer.Refused(
                        403, "the authorizer's policy denies execute-api:Invoke on " + ARN));
        assertThat(read("{\"principalId\":\"u\",\"policyDocument\":" + ALLOW.replace("$connect", "$default") + "}"))
                .extracting(a -> ((AuthorizerAnswer.Refused) a).status())
                .isEqualTo(403);
    }

    @Test
    void noPrincipalIs403() {
        assertThat(read("{\"policyDocument\":" + ALLOW + "}"))
                .isEqualTo(new AuthorizerAnswer.Refused(403, "the authorizer's answer has no principalId"));
    }

    @Test
    void whatCannotBeReadIs500() {
        for (String odd : new String[] {
            "",
            "not json",
            "null",
            "[1]",
            "\"Allow\"",
            "{\"principalId\":\"u\"}",
            "{\"principalId\":\"u\",\"policyDocument\":{\"Statement\":[{\"Effect\":\"Maybe\"}]}}",
            "{\"principalId\":\"u\",\"policyDocument\":" + ALLOW + ",\"context\":{\"nested\":{\"a\":1}}}",
            "{\"principalId\":\"u\",\"policyDocument\":" + ALLOW + ",\"context\":{\"list\":[1]}}",
            "{\"principalId\":\"u\",\"policyDocument\":" + ALLOW + ",\"context\":\"text\"}"
        }) {
            assertThat(read(odd)).as(odd).isInstanceOf(AuthorizerAnswer.Refused.class);
            assertThat(((AuthorizerAnswer.Refused) read(odd)).status()).as(odd).isEqualTo(500);
        }
    }
}
