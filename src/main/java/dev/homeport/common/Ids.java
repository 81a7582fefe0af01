package dev.homeport.common;

import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers in the shapes AWS uses. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    /** Letters and digits, as in the six-character suffix of a secret ARN. */
    public static String alphanumeric(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length()));
        }
        return new String(out);
    }

    /**
     * An IAM or STS identifier: {@code prefix} (AIDA user, AGPA group, AROA role, ANPA policy, AKIA access key, ASIA
     * temporary key) and {@code length} upper-case letters and digits 2–7, as AWS's are.
     */
    public static String iamId(String prefix, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A secret access key: 40 characters of letters and digits (AWS's are base64; '+' and '/' are left out). */
    public static String secretAccessKey() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes).replace('+', 'A').replace('/', 'B');
    }

    /** A random UUID, as AWS uses for version ids and request ids. */
    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /**
     * A UUID-shaped request id. Request ids need to be unique, not unpredictable, so this avoids
     * SecureRandom, whose shared lock shows up at tens of thousands of requests per second.
     */
    public static String requestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    /** 32 lower-case hex digits, as in an ECS task id. */
    public static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
