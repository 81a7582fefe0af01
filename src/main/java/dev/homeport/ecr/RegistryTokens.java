package dev.homeport.ecr;

import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.protocol.sigv4.KeyDirectory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The registry passwords GetAuthorizationToken hands out ({@code docker login --username AWS}): good for 12 hours, as
 * ECR's, and acting as the principal that asked. A password names the caller's access key, the region and its
 * expiry, with a MAC under a key of this server's (kept sealed in its settings), so nothing is stored per token; it
 * stops working when it expires, when the key is deactivated or deleted, or when a temporary key's session ends.
 */
public final class RegistryTokens {
    /** ECR: "The authorization token is valid for 12 hours." */
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final HexFormat HEX = HexFormat.of();

    /** A password and when it expires. */
    public record Issued(String password, Instant expiresAt) {
    }

    /** Whom a valid password acts as, in which region. */
    public record Holder(Credentials credentials, String region) {
    }

    private final byte[] key;
    private final KeyDirectory keys;
    private final Clock clock;

    public RegistryTokens(byte[] key, KeyDirectory keys, Clock clock) {
        this.key = key.clone();
        this.keys = keys;
        this.clock = clock;
    }

    /** A password for the caller signing with {@code credentials} in {@code region}. */
    public Issued issue(Credentials credentials, String region) {
        Instant expires = clock.instant().plus(LIFETIME);
        if (credentials.isTemporary() && credentials.expiration().isBefore(expires)) {
            expires = credentials.expiration(); // a session's token can't outlive the session
        }
        String payload = credentials.accessKeyId() + "|" + region + "|" + expires.getEpochSecond();
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return new Issued(encoded + "." + mac(encoded), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** Who a password acts as; empty when it is not one of this server's, has expired, or its key is gone. */
    public Optional<Holder> verify(String password) {
        int dot = password == null ? -1 : password.indexOf('.');
        if (dot <= 0 || !MessageDigest.isEqual(mac(password.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                password.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(password.substring(0, dot)), StandardCharsets.UTF_8)
                    .split("\\|", -1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (parts.length != 3 || !clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])))) {
            return Optional.empty();
        }
        return keys.find(parts[0])
                .filter(c -> !c.isTemporary() || clock.instant().isBefore(c.expiration()))
                .map(c -> new Holder(c, parts[1]));
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
