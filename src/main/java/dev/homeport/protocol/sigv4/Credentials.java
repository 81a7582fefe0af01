package dev.homeport.protocol.sigv4;

import dev.homeport.protocol.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * An access key, its secret and the identity it signs for; for temporary credentials (STS), also the session token
 * that must come with every request, as a SHA-256 digest, and when they expire.
 *
 * @param sessionTokenDigest SHA-256 of the session token; null for a long-term key
 * @param expiration         when temporary credentials stop working; null for a long-term key
 */
public record Credentials(String accessKeyId, String secretAccessKey, Principal principal, byte[] sessionTokenDigest,
                          Instant expiration) {
    /** A key of the credentials file: its account's root user. */
    public Credentials(String accessKeyId, String secretAccessKey, String accountId) {
        this(accessKeyId, secretAccessKey, Principal.root(accountId));
    }

    /** A long-term key. */
    public Credentials(String accessKeyId, String secretAccessKey, Principal principal) {
        this(accessKeyId, secretAccessKey, principal, null, null);
    }

    public String accountId() {
        return principal.accountId();
    }

    public boolean isTemporary() {
        return sessionTokenDigest != null;
    }

    /** Whether {@code token} is this session's token (compared in constant time). */
    public boolean tokenMatches(String token) {
        return sessionTokenDigest != null && MessageDigest.isEqual(sessionTokenDigest, digest(token));
    }

    /** The SHA-256 digest a session token is kept as: the token itself is never stored. */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        // Never print the secret key.
        return "Credentials[" + accessKeyId + ", " + principal.arn() + (isTemporary() ? ", temporary" : "") + "]";
    }
}
