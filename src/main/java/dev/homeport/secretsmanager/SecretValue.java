package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.ValueKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A plaintext secret value: SecretString (UTF-8) or SecretBinary. Lives only between the API layer and
 * {@link SecretValueCodec}; never stored, never logged ({@link #toString()} is redacted).
 */
public final class SecretValue {
    private final ValueKind kind;
    private final byte[] bytes;

    private SecretValue(ValueKind kind, byte[] bytes) {
        this.kind = Objects.requireNonNull(kind);
        this.bytes = bytes;
    }

    public static SecretValue ofString(String value) {
        return new SecretValue(ValueKind.STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    public static SecretValue ofBinary(byte[] value) {
        return new SecretValue(ValueKind.BINARY, value.clone());
    }

    /** Rebuilds a value opened from the store; takes ownership of {@code bytes}. */
    static SecretValue of(ValueKind kind, byte[] bytes) {
        return new SecretValue(kind, bytes);
    }

    public ValueKind kind() {
        return kind;
    }

    /** The SecretString. @throws IllegalStateException if this is a SecretBinary */
    public String asString() {
        if (kind != ValueKind.STRING) {
            throw new IllegalStateException("secret value is binary");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A copy of the raw bytes (UTF-8 for a string). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Size in bytes, for AWS's 65,536-byte limit. */
    public int size() {
        return bytes.length;
    }

    /** Same kind and bytes, compared in constant time (the other value may come from a caller probing). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && kind == other.kind && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SecretValue[" + kind + ", " + bytes.length + " bytes, redacted]";
    }
}
