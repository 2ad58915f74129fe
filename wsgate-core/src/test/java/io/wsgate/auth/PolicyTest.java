package io.wsgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.auth.Policy.Decision;
import org.junit.jupiter.api.Test;

class PolicyTest {
    static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/$connect";
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Decision decide(String statements) {
        return Policy.read(json("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}"))
                .decide("execute-api:Invoke", ARN);
    }

    static String statement(String effect, String action, String resource) {
        return "{\"Effect\":\"" + effect + "\",\"Action\":" + action + ",\"Resource\":" + resource + "}";
    }

    @Test
    void anAllowOnTheExactArnAllows() {
        assertThat(decide("[" + statement("Allow", "\"execute-api:Invoke\"", "\"" + ARN + "\"") + "]"))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void aSingleStatementObjectAndListsOfActionsAndResourcesAreRead() {
        assertThat(decide(statement("Allow", "[\"s3:GetObject\",\"execute-api:Invoke\"]", "[\"x\",\"" + ARN + "\"]")))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void wildcardsMatchAsIamMatchesThem() {
        assertThat(decide("[" + statement("Allow", "\"execute-api:*\"", "\"arn:aws:execute-api:*\"") + "]"))
                .isEqualTo(Decision.ALLOW);
        assertThat(decide("[" + statement("Allow", "\"*\"", "\"*\"") + "]")).isEqualTo(Decision.ALLOW);
        assertThat(decide("["
                        + statement(
                                "Allow",
                                "\"EXECUTE-API:invoke\"",
                                "\"arn:aws:execute-api:us-east-1:123456789012:abcdef1234/pro?/*\"")
                        + "]"))
                .as("actions without regard to case, ? one character")
                .isEqualTo(Decision.ALLOW);
        // A resource written for REST APIs (stage/verb/path) does not match a WebSocket methodArn.
        assertThat(decide("["
                        + statement(
                                "Allow",
                                "\"execute-api:Invoke\"",
                                "\"arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/*/*\"")
                        + "]"))
                .isEqualTo(Decision.NO_MATCH);
        assertThat(decide("[" + statement("Allow", "\"execute-api:Invoke\"", "\"" + ARN.replace("prod", "PROD") + "\"")
                        + "]"))
                .as("resources with regard to case")
                .isEqualTo(Decision.NO_MATCH);
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() {
        assertThat(decide("[" + statement("Allow", "\"*\"", "\"*\"") + ","
                        + statement("Deny", "\"execute-api:Invoke\"", "\"" + ARN + "\"") + "]"))
                .isEqualTo(Decision.DENY);
    }

    @Test
    void statementsForOtherActionsOrResourcesDoNotAllow() {
        assertThat(decide("[" + statement("Allow", "\"execute-api:ManageConnections\"", "\"*\"") + "]"))
                .isEqualTo(Decision.NO_MATCH);
        assertThat(decide("[]")).isEqualTo(Decision.NO_MATCH);
    }

    @Test
    void documentsThatCannotBeReadAreRefusedWithWhy() {
        assertThatThrownBy(() -> Policy.read(json("\"Allow\""))).hasMessageContaining("not an object");
        assertThatThrownBy(() -> Policy.read(json("{}"))).hasMessageContaining("no Statement");
        assertThatThrownBy(() -> decide("[" + statement("Permit", "\"*\"", "\"*\"") + "]"))
                .hasMessageContaining("Effect is 'Permit'");
        assertThatThrownBy(() -> decide("[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]"))
                .hasMessageContaining("no Action");
        assertThatThrownBy(() -> decide("[" + statement("Allow", "[1]", "\"*\"") + "]"))
                .hasMessageContaining("non-string");
        assertThatThrownBy(() -> decide("[{\"Effect\":\"Allow\",\"NotAction\":\"x\",\"Resource\":\"*\"}]"))
                .hasMessageContaining("NotAction");
    }

    @Test
    void globBacktracksOverRunsOfStars() {
        assertThat(Policy.glob("a*b*c", "aXbYbZc")).isTrue();
        assertThat(Policy.glob("a*b*c", "aXbYbZ")).isFalse();
        assertThat(Policy.glob("**", "")).isTrue();
        assertThat(Policy.glob("?", "")).isFalse();
        assertThat(Policy.glob("*/$connect", "abc/prod/$connect")).isTrue();
    }
}
