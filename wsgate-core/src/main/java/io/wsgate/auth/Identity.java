package io.wsgate.auth;

import java.util.Objects;

/**
 * A caller wsgate knows by its access key: the secret it signs with, the ARN it acts as, and the
 * IAM policy that says what it may do. The gateway's stand-in for an IAM user or role.
 *
 * @param sessionToken {@code null} for long-term keys; else the token a signed request must carry
 *     as {@code X-Amz-Security-Token}, as temporary credentials do
 * @param arn such as {@code arn:aws:iam::123456789012:user/alice}; its fifth field is the account
 * @param principalId what API Gateway reports as {@code caller} and {@code user}
 */
public record Identity(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String arn,
        String principalId,
        Policy policy) {

    public Identity {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(policy, "policy");
        if (accountOf(arn) == null) {
            throw new IllegalArgumentException(
                    "'" + arn + "' is not an ARN with an account (arn:aws:iam::ACCOUNT:...)");
        }
    }

    /** The account of the ARN: its fifth colon-separated field. */
    public String accountId() {
        return accountOf(arn);
    }

    private static String accountOf(String arn) {
        String[] fields = arn.split(":", 6);
        return fields.length == 6 && fields[0].equals("arn") && fields[4].matches("[0-9]{12}") ? fields[4] : null;
    }
}
