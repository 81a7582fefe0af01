package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * AWS's staging-label rules, applied through the repository's one atomic primitive. A label sits on
 * one version at most; when AWSCURRENT moves, AWSPREVIOUS follows the version that had it; a version
 * left with no label is deprecated and eventually pruned.
 */
final class Versions {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";

    private final SecretRepository repository;
    private final SecretValueCodec codec;

    Versions(SecretRepository repository, SecretValueCodec codec) {
        this.repository = repository;
        this.codec = codec;
    }

    SecretValueCodec codec() {
        return codec;
    }

    /**
     * Stores {@code value} as version {@code token} with {@code stages} (AWSCURRENT when null).
     * A retry with the same token and value changes nothing and answers the same version; the same
     * token with another value is refused, as versions are immutable on AWS.
     */
    SecretVersion put(String arn, String token, SecretValue value, List<String> stages, Instant now) {
        Set<String> labels = new LinkedHashSet<>(stages == null ? List.of(CURRENT) : stages);
        SecretVersion[] result = new SecretVersion[1];
        repository.applyVersionChange(arn, state -> {
            var same = state.version(token);
            if (same.isPresent()) {
                if (!codec.matches(arn, same.get(), value)) {
                    throw SecretsManagerErrors.versionExists();
                }
                result[0] = same.get();
                return VersionChange.none();
            }
            SecretVersion version = codec.newVersion(arn, token, labels, now, value);
            result[0] = version;
            VersionChange change = VersionChange.addVersion(version)
                    .updateSecret(state.secret().withLastChangedDate(now));
            if (labels.contains(CURRENT) && !labels.contains(PREVIOUS)) {
                change = previousFollowsCurrent(state.secret(), change, token);
            }
            return change;
        }).orElseThrow(SecretsManagerErrors::notFound);
        return result[0];
    }

    /** When AWSCURRENT leaves a version, that version becomes AWSPREVIOUS. */
    static VersionChange previousFollowsCurrent(Secret secret, VersionChange change, String newCurrent) {
        var oldCurrent = secret.versionIdForStage(CURRENT);
        if (oldCurrent.isPresent() && !oldCurrent.get().equals(newCurrent)) {
            return change.moveLabel(PREVIOUS, oldCurrent.get());
        }
        return change;
    }
}
