package dev.homeport.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * {@link SecretBarrier} over a Tink AEAD keyset (AES-256-GCM when Homeport generates it).
 *
 * <p>Tink prefixes each ciphertext with the id of the key that made it and, on decrypt, tries the keys
 * matching that prefix; that is what keeps values readable across {@link #rotate()}. The AEAD primitive
 * is immutable and thread-safe; rotation swaps it through a volatile field, so concurrent seals and opens
 * see either the old or the new keyset, both of which can open everything sealed so far.
 */
public final class TinkSecretBarrier implements SecretBarrier {
    private record Current(Aead aead, long primaryKeyId) {}

    private final MasterKeyStore keyStore;
    private volatile Current current;

    /** A barrier over {@code keyStore}'s keyset, generating it on first use if file-backed. */
    public TinkSecretBarrier(MasterKeyStore keyStore) {
        this(keyStore, keyStore.load());
    }

    /** A barrier over {@code keyset}, loaded from {@code keyStore}, which saves its rotations. */
    public TinkSecretBarrier(MasterKeyStore keyStore, KeysetHandle keyset) {
        this.keyStore = Objects.requireNonNull(keyStore);
        this.current = load(keyset);
    }

    /** A barrier over a fixed keyset; {@link #rotate()} is refused. Handy in tests. */
    public TinkSecretBarrier(KeysetHandle keyset) {
        this.keyStore = null;
        this.current = load(keyset);
    }

    private static Current load(KeysetHandle handle) {
        Keysets.init();
        try {
            Aead aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
            // Self-test: a keyset that cannot seal and open is refused now, at start, not at the first
            // request. It also initializes the JDK's AES-GCM, which the first request would pay for.
            byte[] aad = "homeport self-test".getBytes(StandardCharsets.UTF_8);
            aead.decrypt(aead.encrypt(new byte[0], aad), aad);
            return new Current(aead, Integer.toUnsignedLong(handle.getPrimary().getId()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("master keyset is not a usable AEAD keyset", e);
        }
    }

    @Override
    public Sealed seal(byte[] plaintext, String aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            return Sealed.of(current.aead().encrypt(plaintext, aadBytes(aad)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    @Override
    public byte[] open(Sealed sealed, String aad) {
        Objects.requireNonNull(sealed, "sealed");
        try {
            return current.aead().decrypt(sealed.bytes(), aadBytes(aad));
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException(aad, e);
        }
    }

    @Override
    public boolean needsReseal(Sealed sealed) {
        return sealed.tinkKeyId() != current.primaryKeyId();
    }

    /**
     * Adds a new primary key (saved by the {@link MasterKeyStore}) and seals with it from now on. Values
     * sealed before stay readable; re-seal them with {@code Resealer} to retire old keys eventually.
     */
    public synchronized void rotate() {
        if (keyStore == null) {
            throw new IllegalStateException("this barrier has a fixed keyset");
        }
        current = load(keyStore.rotate());
    }

    /** The id of the key new values are sealed with (unsigned 32-bit). */
    public long primaryKeyId() {
        return current.primaryKeyId();
    }

    private static byte[] aadBytes(String aad) {
        return Objects.requireNonNull(aad, "aad").getBytes(StandardCharsets.UTF_8);
    }
}
