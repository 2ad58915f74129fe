package io.wsgate.config;

import io.wsgate.auth.Identity;
import io.wsgate.auth.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads {@code identities:}, the callers wsgate checks SigV4 signatures against, each with the IAM
 * policy that says what it may do:
 *
 * <pre>{@code
 * identities:
 *   - accessKeyId: AKIAWSGATEBACKEND01
 *     secretAccessKey: backend-secret
 *     arn: arn:aws:iam::123456789012:user/backend
 *     policy:
 *       Version: "2012-10-17"
 *       Statement:
 *         - Effect: Allow
 *           Action: execute-api:ManageConnections
 *           Resource: arn:aws:execute-api:us-east-1:123456789012:*
 * }</pre>
 *
 * {@code sessionToken} makes the keys temporary ones: a request must then carry it. {@code
 * principalId} is what events report as {@code caller} and {@code user}; the access key id when
 * absent.
 */
final class IdentityReader {
    private IdentityReader() {}

    static List<Identity> read(Members top) {
        var identities = new ArrayList<Identity>();
        var keys = new HashSet<String>();
        for (Members m : top.objects("identities", "accessKeyId")) {
            String key = m.required("accessKeyId", "an access key id, such as AKIAWSGATEEXAMPLE01");
            String secret = m.required("secretAccessKey", "the secret the key signs with");
            String token = m.string("sessionToken").orElse(null);
            String arn = m.required("arn", "the principal's ARN, such as arn:aws:iam::123456789012:user/backend");
            String principalId = m.string("principalId").orElse(key);
            Policy policy = null;
            var document = m.node("policy");
            if (document.isEmpty()) {
                m.problem("policy", "missing (expected: an IAM policy document with a Statement)");
            } else {
                try {
                    policy = Policy.read(document.get());
                } catch (IllegalArgumentException e) {
                    m.problem("policy", e.getMessage());
                }
            }
            m.finish();
            if (key != null && !key.matches("[A-Za-z0-9]{1,128}")) {
                m.problem("accessKeyId", "'" + key + "' (expected: letters and digits, as AWS access key ids are)");
                continue;
            }
            if (key != null && !keys.add(key)) {
                m.problem("accessKeyId", "'" + key + "' is another identity's too (expected: each its own)");
                continue;
            }
            if (secret != null && secret.isEmpty()) {
                m.problem("secretAccessKey", "empty (expected: the secret the key signs with)");
                continue;
            }
            if (key == null || secret == null || arn == null || policy == null) {
                continue;
            }
            try {
                identities.add(new Identity(key, secret, token, arn, principalId, policy));
            } catch (IllegalArgumentException e) {
                m.problem("arn", e.getMessage());
            }
        }
        return identities;
    }
}
