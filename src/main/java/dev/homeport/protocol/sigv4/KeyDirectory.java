package dev.homeport.protocol.sigv4;

import java.util.Optional;

/**
 * Where the verifier finds the secret of an access key id: the credentials file's root keys, IAM users' keys.
 * Implementations are thread-safe and answer from memory: this is asked on every request.
 */
@FunctionalInterface
public interface KeyDirectory {
    /** The active key with this id, or empty when there is none (or it is inactive). */
    Optional<Credentials> find(String accessKeyId);

    /** This directory first, then {@code other}. */
    default KeyDirectory then(KeyDirectory other) {
        return id -> find(id).or(() -> other.find(id));
    }
}
