package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link VersionChangePlanner} sees: the secret and its versions as of the start of the
 * transaction, locked against concurrent writers until the change is applied. Valid only during
 * {@link VersionChangePlanner#plan}; do not keep it.
 */
public interface VersionState {
    /** The secret, with {@link Secret#versionStages()} telling which version holds which label. */
    Secret secret();

    /** The version with that id, with its current labels, or empty. */
    Optional<SecretVersion> version(String versionId);

    /** The version carrying {@code stage}, or empty. */
    default Optional<SecretVersion> versionWithStage(String stage) {
        return secret().versionIdForStage(stage).flatMap(this::version);
    }

    /** All versions, newest first (reads every sealed value: prefer {@link #version}). */
    List<SecretVersion> versions();
}
