package io.wsgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.auth.Identity;
import io.wsgate.auth.Policy.Decision;
import org.junit.jupiter.api.Test;

/** {@code identities:}: the callers SigV4 signatures are checked against. */
class IdentitiesConfigTest {
    static final String API = """
            apis:
              - name: chat
                routeSelectionExpression: $request.body.action
                stages: [{stageName: dev}]
            """;

    @Test
    void anIdentityIsReadWithItsPolicy() {
        ConfigFile file = ConfigLoader.parse("ids.yaml", """
                identities:
                  - accessKeyId: AKIAWSGATEBACKEND01
                    secretAccessKey: backend-secret
                    arn: arn:aws:iam::123456789012:user/backend
                    policy:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Action: execute-api:ManageConnections
                          Resource: arn:aws:execute-api:us-east-1:123456789012:*
                  - accessKeyId: ASIAWSGATETEMP01
                    secretAccessKey: temp-secret
                    sessionToken: the-token
                    arn: arn:aws:sts::210987654321:assumed-role/client/session
                    principalId: AROAEXAMPLE:session
                    policy: {Statement: {Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}}
                """ + API);
        assertThat(file.problems()).isEmpty();
        assertThat(file.identities()).hasSize(2);
        Identity backend = file.identities().get(0);
        assertThat(backend.principalId()).as("the key id when none is given").isEqualTo("AKIAWSGATEBACKEND01");
        assertThat(backend.sessionToken()).isNull();
        assertThat(backend.accountId()).isEqualTo("123456789012");
        assertThat(backend.policy()
                        .decide(
                                "execute-api:ManageConnections",
                                "arn:aws:execute-api:us-east-1:123456789012:abc/dev/POST/@connections/x"))
                .isEqualTo(Decision.ALLOW);
        assertThat(backend.policy().decide("execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:abc"))
                .isEqualTo(Decision.NO_MATCH);
        Identity temp = file.identities().get(1);
        assertThat(temp.sessionToken()).isEqualTo("the-token");
        assertThat(temp.principalId()).isEqualTo("AROAEXAMPLE:session");
        assertThat(temp.accountId()).isEqualTo("210987654321");
    }

    @Test
    void everyBadIdentityIsLocated() {
        ConfigFile file = ConfigLoader.parse("bad-ids.yaml", """
                identities:
                  - accessKeyId: AKIA/BAD
                    secretAccessKey: s
                    arn: arn:aws:iam::123456789012:user/a
                    policy: {Statement: []}
                  - accessKeyId: AKIADUP
                    secretAccessKey: s
                    arn: arn:aws:iam::123456789012:user/b
                    policy: {Statement: []}
                  - accessKeyId: AKIADUP
                    secretAccessKey: s
                    arn: arn:aws:iam::123456789012:user/c
                    policy: {Statement: []}
                  - accessKeyId: AKIANOARN
                    secretAccessKey: s
                    arn: user/d
                    policy: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
                  - accessKeyId: AKIABADPOLICY
                    secretAccessKey: s
                    arn: arn:aws:iam::123456789012:user/f
                    policy: {Statement: [{Effect: Maybe, Action: "*", Resource: "*"}]}
                  - accessKeyId: AKIANOPOLICY
                    arn: arn:aws:iam::123456789012:user/e
                    secret: typo
                """ + API);
        assertThat(ConfigLoaderTest.located(file))
                .contains(
                        "bad-ids.yaml:2: identities[AKIA/BAD].accessKeyId: 'AKIA/BAD' (expected: letters and digits,"
                                + " as AWS access key ids are)",
                        "bad-ids.yaml:6: identities[AKIADUP].accessKeyId: 'AKIADUP' is another identity's too"
                                + " (expected: each its own)",
                        "bad-ids.yaml:16: identities[AKIANOARN].arn: 'user/d' is not an ARN with an account"
                                + " (arn:aws:iam::ACCOUNT:...)",
                        "bad-ids.yaml:21: identities[AKIABADPOLICY].policy: a Statement's Effect is 'Maybe' (expected:"
                                + " Allow or Deny)",
                        "bad-ids.yaml:22: identities[AKIANOPOLICY].secretAccessKey: missing (expected: the secret the"
                                + " key signs with)")
                .anyMatch(p -> p.contains("identities[AKIANOPOLICY].policy: missing"))
                .anyMatch(p -> p.contains("identities[AKIANOPOLICY].secret: unknown member"));
        assertThat(file.identities()).extracting(Identity::accessKeyId).containsExactly("AKIADUP");
    }
}
