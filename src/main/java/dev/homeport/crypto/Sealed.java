package dev.homeport.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A sealed (encrypted and authenticated) secret value, exactly as it is stored.
 *
 * <p>The bytes are opaque to everything but the {@link SecretBarrier} that produced them. With
 * {@link TinkSecretBarrier} they are Tink's AEAD output: a 5-byte prefix (version byte {@code 0x01}
 * and the 4-byte id of the key that sealed it) followed by the AES-GCM nonce, ciphertext and tag.
 * The key-id prefix is what lets a rotated keyset open old values and lets
 * {@link SecretBarrier#needsReseal(Sealed)} spot them.
 *
 * <p>Immutable: the array is copied in and out, so a caller can never alter a stored value in place.
 * {@link #toString()} prints only the length and key id, never the bytes.
 */
public final class Sealed {
    private final byte[] bytes;

    private Sealed(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes} (for example a BLOB read from the store). */
    public static Sealed of(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("sealed value must not be empty");
        }
        return new Sealed(bytes.clone());
    }

    /** A copy of the sealed bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /**
     * The unsigned 32-bit Tink key id from the output prefix, or {@code -1L} when the bytes carry no
     * Tink prefix. A {@code long} so that every key id and "none" are distinguishable.
     */
    public long tinkKeyId() {
        if (bytes.length < 5 || bytes[0] != 0x01) {
            return -1L;
        }
        return ((bytes[1] & 0xFFL) << 24) | ((bytes[2] & 0xFFL) << 16) | ((bytes[3] & 0xFFL) << 8) | (bytes[4] & 0xFFL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sealed other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        long id = tinkKeyId();
        return "Sealed[" + bytes.length + " bytes" + (id >= 0 ? ", key " + HexFormat.of().toHexDigits((int) id) : "") + "]";
    }
}
