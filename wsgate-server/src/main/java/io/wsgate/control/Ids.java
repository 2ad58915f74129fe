package io.wsgate.control;

import java.security.SecureRandom;

/** Identifiers shaped like AWS's: lower-case letters and digits, 10 for APIs, fewer for the rest. */
final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    static String apiId() {
        return random(10);
    }

    /** For routes, integrations and their responses, authorizers, deployments and mappings. */
    static String resourceId() {
        return random(7);
    }

    private static String random(int length) {
        var out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
