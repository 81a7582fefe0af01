package dev.homeport.secretsmanager;

import dev.homeport.crypto.AuthenticationFailedException;
import dev.homeport.crypto.Sealed;
import dev.homeport.crypto.SecretBarrier;
import dev.homeport.secretsmanager.model.SecretVersion;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The one place secret values cross the barrier: seals plaintext into {@link SecretVersion}s for the
 * repository and opens them for GetSecretValue.
 *
 * <p>Why this is not a decorator over {@link SecretRepository}: the repository interface has no
 * plaintext in it at all, so "the store never sees plaintext" (DESIGN §1) holds by construction rather
 * than by every implementation remembering to seal. The service seals with this codec, then hands the
 * sealed version to the repository.
 *
 * <p>The AAD is {@code <secretArn>|<versionId>}: a sealed value copied to another secret, or to another
 * version of the same secret, fails to open instead of silently answering with the wrong value.
 * Thread-safe.
 */
public final class SecretValueCodec {
    private final SecretBarrier barrier;

    public SecretValueCodec(SecretBarrier barrier) {
        this.barrier = Objects.requireNonNull(barrier);
    }

    /** The associated data binding a value to its row. */
    public static String aad(String secretArn, String versionId) {
        return secretArn + "|" + versionId;
    }

    public Sealed seal(String secretArn, String versionId, SecretValue value) {
        byte[] plain = value.bytes();
        try {
            return barrier.seal(plain, aad(secretArn, versionId));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** A new version of {@code secretArn} holding {@code value} sealed, to pass to the repository. */
    public SecretVersion newVersion(String secretArn, String versionId, Set<String> stagingLabels, Instant createdDate,
                                    SecretValue value) {
        return SecretVersion.create(versionId, stagingLabels, createdDate, seal(secretArn, versionId, value), value.kind());
    }

    /**
     * Opens a version's value.
     *
     * @throws AuthenticationFailedException if it was tampered with or does not belong to this secret/version
     */
    public SecretValue open(String secretArn, SecretVersion version) {
        return SecretValue.of(version.kind(), barrier.open(version.value(), aad(secretArn, version.versionId())));
    }

    /**
     * Whether {@code version} holds exactly {@code candidate}: the idempotency check for a reused
     * ClientRequestToken (same value: no-op; different value: ResourceExistsException).
     */
    public boolean matches(String secretArn, SecretVersion version, SecretValue candidate) {
        return open(secretArn, version).equals(candidate);
    }

    /** Re-seals a stored value under the barrier's current primary key. */
    Sealed reseal(String secretArn, String versionId, Sealed sealed) {
        String aad = aad(secretArn, versionId);
        byte[] plain = barrier.open(sealed, aad);
        try {
            return barrier.seal(plain, aad);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    boolean needsReseal(Sealed sealed) {
        return barrier.needsReseal(sealed);
    }
}
