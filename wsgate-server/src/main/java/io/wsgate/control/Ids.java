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

    /**
     * The id of an API a stack makes ({@code tags} hold {@code aws:cloudformation:stack-name} and
     * {@code aws:cloudformation:logical-id}): the same for the same stack and resource every time,
     * so that its URL outlives a fresh data directory; else, or when {@code taken} holds it, random.
     */
    static String apiId(com.fasterxml.jackson.databind.JsonNode tags, java.util.function.Predicate<String> taken) {
        String stack = tags.path(TemplateProperties.STACK_TAG).asText("");
        String logicalId = tags.path(TemplateProperties.LOGICAL_ID_TAG).asText("");
        if (stack.isEmpty() || logicalId.isEmpty()) {
            return apiId();
        }
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((stack + "/" + logicalId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        var out = new char[10];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[(digest[i] & 0xff) % ALPHABET.length];
        }
        String id = new String(out);
        return taken.test(id) ? apiId() : id;
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
