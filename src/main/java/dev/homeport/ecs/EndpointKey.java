package dev.homeport.ecs;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The key that makes the ids of a task's endpoints (metadata, credentials) unguessable: as the ECS agent's, an id
 * can't be derived from what DescribeTasks shows, so only the task it was given to (and whoever it tells) can use
 * it. The same across restarts, so re-adopted tasks keep the URIs they were started with.
 */
final class EndpointKey {
    private final byte[] key;

    EndpointKey(byte[] key) {
        this.key = key.clone();
    }

    /** 128 bits of HMAC-SHA256 over {@code text}, in hex. */
    String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(full, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code given} is the MAC of {@code text}, compared in constant time. */
    boolean matches(String given, String text) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                mac(text).getBytes(StandardCharsets.US_ASCII));
    }
}
