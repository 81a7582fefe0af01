package dev.homeport.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Keyset helpers: generation, rotation, and the one text format Homeport reads and writes.
 *
 * <p>The format is Tink's cleartext JSON keyset ({@code TinkJsonProtoKeysetFormat}). It is what
 * {@code tinkey create-keyset --key-template AES256_GCM --out-format json} prints, so operators can make
 * one without Homeport. {@link #parse} also accepts the base64 of that JSON, because a multi-line JSON
 * document is awkward in an environment variable, a Kubernetes secret or a compose file.
 */
public final class Keysets {
    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Keysets() {}

    /** Makes sure Tink's AEAD key managers are registered (idempotent; class init does the work). */
    static void init() {}

    /** A new keyset with one AES-256-GCM key (Tink output prefix) as primary. */
    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate AES-256-GCM keyset", e);
        }
    }

    /**
     * {@code handle} plus a fresh AES-256-GCM key made primary. All old keys stay ENABLED, so values
     * they sealed still open; new values are sealed with the new key.
     */
    public static KeysetHandle withNewPrimary(KeysetHandle handle) {
        try {
            return KeysetHandle.newBuilder(handle)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add a key to the keyset", e);
        }
    }

    /** Parses a cleartext Tink JSON keyset, or the base64 (standard or URL-safe) of one. */
    public static KeysetHandle parse(String jsonOrBase64) {
        String text = jsonOrBase64.strip();
        if (!text.startsWith("{")) {
            try {
                byte[] decoded = text.contains("-") || text.contains("_")
                        ? Base64.getUrlDecoder().decode(text)
                        : Base64.getMimeDecoder().decode(text);
                text = new String(decoded, StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("master key is neither a Tink JSON keyset nor base64 of one");
            }
        }
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Deliberately no cause: parser messages may quote parts of the (secret) input.
            throw new IllegalArgumentException("master key is not a valid Tink JSON keyset");
        }
    }

    /** The cleartext Tink JSON form of {@code handle}. Contains key material: write it only 0600. */
    public static String toJson(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot serialize keyset", e);
        }
    }
}
