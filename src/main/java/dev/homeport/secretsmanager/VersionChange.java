package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An atomic change to a secret's versions, applied by {@link SecretRepository#applyVersionChange} in this
 * order:
 * <ol>
 *   <li>insert {@code newVersion} (if any); its {@link SecretVersion#stagingLabels()} are moved onto it,
 *       as if each were in {@code moveLabels};</li>
 *   <li>detach each label in {@code removeLabels} from whatever version holds it;</li>
 *   <li>attach each {@code moveLabels} label (stage to versionId) to that version, detaching it from its
 *       previous holder (a label sits on one version at most);</li>
 *   <li>store {@code updatedSecret} (if any) exactly like {@link SecretRepository#updateSecret}: e.g. a new
 *       {@code lastChangedDate}, or {@code lastRotatedDate} after a rotation;</li>
 *   <li>if a version was inserted, prune deprecated versions ({@link SecretRepository#pruneVersions}) as
 *       of its {@code createdDate}, as AWS does on PutSecretValue.</li>
 * </ol>
 * The AWS label rules (AWSCURRENT moves, AWSPREVIOUS follows the old current) are the service's business:
 * this is only the mechanism. Immutable; the fluent methods return copies.
 *
 * @param newVersion    a version to insert, or null
 * @param moveLabels    stage to the id of the version that should carry it (existing or {@code newVersion})
 * @param removeLabels  stages to detach; must not also appear in {@code moveLabels}
 * @param updatedSecret new metadata for the secret, or null to keep it
 */
public record VersionChange(SecretVersion newVersion, Map<String, String> moveLabels, Set<String> removeLabels,
                            Secret updatedSecret) {
    private static final VersionChange NONE = new VersionChange(null, Map.of(), Set.of(), null);

    public VersionChange {
        moveLabels = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(moveLabels, Map.of())));
        removeLabels = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNullElse(removeLabels, Set.of())));
        for (String stage : removeLabels) {
            if (moveLabels.containsKey(stage) || (newVersion != null && newVersion.hasLabel(stage))) {
                throw new IllegalArgumentException("label " + stage + " is both moved and removed");
            }
        }
    }

    /** Writes nothing (e.g. an idempotent retry of PutSecretValue with the same token and value). */
    public static VersionChange none() {
        return NONE;
    }

    /** Inserts {@code version}, moving its staging labels onto it. */
    public static VersionChange addVersion(SecretVersion version) {
        return new VersionChange(Objects.requireNonNull(version), Map.of(), Set.of(), null);
    }

    /** Only label changes: start with {@code none()} and chain {@link #moveLabel}/{@link #removeLabel}. */
    public VersionChange moveLabel(String stage, String versionId) {
        Map<String, String> moves = new LinkedHashMap<>(moveLabels);
        moves.put(Objects.requireNonNull(stage), Objects.requireNonNull(versionId));
        return new VersionChange(newVersion, moves, removeLabels, updatedSecret);
    }

    public VersionChange removeLabel(String stage) {
        Set<String> removes = new LinkedHashSet<>(removeLabels);
        removes.add(Objects.requireNonNull(stage));
        return new VersionChange(newVersion, moveLabels, removes, updatedSecret);
    }

    public VersionChange updateSecret(Secret secret) {
        return new VersionChange(newVersion, moveLabels, removeLabels, Objects.requireNonNull(secret));
    }

    public boolean isEmpty() {
        return newVersion == null && moveLabels.isEmpty() && removeLabels.isEmpty() && updatedSecret == null;
    }
}
