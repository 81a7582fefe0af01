package dev.homeport.sts;

import java.time.Instant;

/**
 * Temporary credentials as STS hands them out, once: the key, its secret and the session token. Only the token's
 * digest is kept ({@link StsSessions}).
 */
public record TemporaryCredentials(String accessKeyId, String secretAccessKey, String sessionToken,
                                   Instant expiration) {
    @Override
    public String toString() {
        return "TemporaryCredentials[" + accessKeyId + ", until " + expiration + "]"; // no secrets
    }
}
