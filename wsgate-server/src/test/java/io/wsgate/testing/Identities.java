package io.wsgate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.auth.Identity;
import io.wsgate.auth.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Identities for tests: IAM users of account {@value #ACCOUNT} with a policy of the statements given. */
public final class Identities {
    public static final String ACCOUNT = "000000000000";

    private Identities() {}

    /**
     * The user {@code name} with the access key {@code key}, the secret {@code {name}-secret}, the
     * key as its principal id, and a policy of {@code statements} (JSON objects, comma-separated).
     */
    public static Identity user(String key, String name, String statements) {
        try {
            return new Identity(
                    key,
                    name + "-secret",
                    null,
                    "arn:aws:iam::" + ACCOUNT + ":user/" + name,
                    key,
                    Policy.read(new ObjectMapper().readTree("{\"Statement\":[" + statements + "]}")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
