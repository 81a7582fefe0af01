package dev.homeport.secretsmanager;

import dev.homeport.crypto.Sealed;
import java.util.Objects;

/** A sealed value and the row it belongs to; used to page through values when re-sealing after rotation. */
public record StoredValue(String secretArn, String versionId, Sealed value) {
    public StoredValue {
        Objects.requireNonNull(secretArn);
        Objects.requireNonNull(versionId);
        Objects.requireNonNull(value);
    }

    /** {@code current} to be replaced by {@code replacement}, the same plaintext sealed under the primary key. */
    public record Reseal(StoredValue current, Sealed replacement) {
    }
}
