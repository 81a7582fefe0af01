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

    /** A random UUID, as AWS uses for version ids and request ids. */
    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** 32 lower-case hex digits, as in an ECS task id. */
    public static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
