package dev.homeport.secretsmanager;

import dev.homeport.crypto.Sealed;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import dev.homeport.secretsmanager.model.SecretTag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Storage of secrets and their versions. Values are {@link Sealed} before they get here (see
 * {@link SecretValueCodec}): no method takes or returns plaintext, so no implementation can leak it.
 *
 * <p>Contract, for every implementation ({@code SecretRepositoryContractTest} checks it):
 * <ul>
 *   <li><b>Thread-safe.</b> Every method may be called concurrently.</li>
 *   <li><b>Atomic writes.</b> Each write method changes all of its rows or none: readers never see a
 *       secret without its first version, a version without its labels, or a label on two versions.</li>
 *   <li><b>Read-your-writes.</b> Once a write returns, every read (on any thread) sees it.</li>
 *   <li><b>Reads never write.</b> Access dates are recorded only through {@link #recordAccess}.</li>
 *   <li><b>Missing</b> things are {@link Optional#empty()}, {@code false} or {@code 0}, never an exception;
 *       a write against a missing secret returns empty and writes nothing. The AWS error for it is the
 *       service's to throw.</li>
 *   <li><b>Scheduled deletion is just data.</b> Secrets with a {@code deletedDate} are found and listed
 *       like any other; hiding them (ListSecrets without IncludePlannedDeletion) and refusing operations
 *       on them ("...because it was marked for deletion.") is the service's job.</li>
 *   <li>Programming errors (an update that changes a secret's identity, a label moved to a version that
 *       does not exist) throw {@link IllegalArgumentException}; database failures throw
 *       {@code StoreException}.</li>
 * </ul>
 */
public interface SecretRepository {

    // ------------------------------------------------------------------ reads

    /** The secret with exactly this full ARN (including the 6-character suffix). */
    Optional<Secret> findByArn(String arn);

    /** The secret named {@code name} in that account and region. */
    Optional<Secret> findByName(String account, String region, String name);

    /**
     * Resolves a SecretId the way AWS does: a full ARN, a partial ARN (the full ARN without the
     * {@code -XXXXXX} suffix), or a name in the caller's account and region. A (partial) ARN in another
     * region finds nothing, as a regional endpoint would; one in another account is looked up there
     * (whether the caller may read it is a policy question for the service).
     */
    default Optional<Secret> findBySecretId(String account, String region, String secretId) {
        if (!secretId.startsWith("arn:")) {
            return findByName(account, region, secretId);
        }
        // Only the caller's account and region: an ARN never reaches another account's secret from here.
        Optional<Secret> exact = findByArn(secretId)
                .filter(s -> s.account().equals(account) && s.region().equals(region));
        if (exact.isPresent()) {
            return exact;
        }
        // arn:<partition>:secretsmanager:<region>:<account>:secret:<name>
        String[] parts = secretId.split(":", 7);
        if (parts.length < 7 || !parts[2].equals("secretsmanager") || !parts[5].equals("secret")
                || !parts[3].equals(region) || !parts[4].equals(account) || parts[6].isEmpty()) {
            return Optional.empty();
        }
        return findByName(account, region, parts[6]);
    }

    /**
     * Every secret in the account and region, including those scheduled for deletion, ordered by creation
     * date then ARN. ListSecrets filters, sorts and paginates this in memory: an emulator holds thousands
     * of secrets at most, and AWS's filter semantics (prefix match, {@code !} negation, {@code all}) are
     * simpler to get exactly right in Java than in two SQL dialects.
     */
    List<Secret> listSecrets(String account, String region);

    /** All versions of the secret, deprecated ones included, newest first; empty if there is no such secret. */
    List<SecretVersion> listVersions(String arn);

    /** The version with that id, with its current labels. */
    Optional<SecretVersion> findVersion(String arn, String versionId);

    /** The version carrying {@code stage} (e.g. AWSCURRENT). */
    default Optional<SecretVersion> findVersionByStage(String arn, String stage) {
        return findByArn(arn).flatMap(s -> s.versionIdForStage(stage)).flatMap(id -> findVersion(arn, id));
    }

    /** ARNs of secrets whose recovery window ended at or before {@code now}: the purge job's work list. */
    List<String> findDueForPurge(Instant now);

    /** ARNs of secrets with rotation enabled whose {@code nextRotationDate} is at or before {@code now}. */
    List<String> findDueForRotation(Instant now);

    // ------------------------------------------------------------------ writes

    /**
     * Stores a new secret and, if {@code firstVersion} is not null, its first version with that version's
     * staging labels, in one transaction (CreateSecret with a value). {@code secret.versionStages()} must
     * be empty: labels come from {@code firstVersion}.
     *
     * @throws SecretAlreadyExistsException if the name is taken in that account and region, even by a
     *     secret scheduled for deletion, or the ARN is taken
     */
    void create(Secret secret, SecretVersion firstVersion);

    /**
     * Read-modify-write of a secret's metadata in one transaction: {@code change} gets the current secret
     * and returns the new one, and no concurrent write can slip in between (so two TagResource calls never
     * lose each other's tags). Covers UpdateSecret's description and KMS key, tags, resource policy,
     * deletion, rotation settings and replication status.
     *
     * <p>{@code change} must keep the identity (ARN, name, account, region, createdDate) and
     * {@code versionStages} unchanged, or {@link IllegalArgumentException} is thrown. It may throw to abort;
     * nothing is written then. It runs inside the transaction: keep it quick, don't call the repository.
     *
     * @return the secret as stored, or empty if there is no secret with that ARN
     */
    Optional<Secret> updateSecret(String arn, UnaryOperator<Secret> change);

    /**
     * Applies a {@link VersionChange} planned from the current state, atomically: inserting a version,
     * moving and removing labels, updating metadata and pruning old versions all commit together or not at
     * all. This is the one primitive for PutSecretValue, UpdateSecret with a value,
     * UpdateSecretVersionStage, RotateSecret and CancelRotateSecret.
     *
     * <p>Example (PutSecretValue without VersionStages):
     * <pre>{@code
     * repo.applyVersionChange(arn, state -> {
     *     Optional<SecretVersion> same = state.version(token);
     *     if (same.isPresent()) {             // a retry with the same ClientRequestToken
     *         if (!codec.matches(arn, same.get(), value)) throw SecretsManagerErrors.resourceExists(...);
     *         return VersionChange.none();
     *     }
     *     VersionChange c = VersionChange.addVersion(codec.newVersion(arn, token, Set.of("AWSCURRENT"), now, value))
     *             .updateSecret(state.secret().withLastChangedDate(now));
     *     return state.secret().versionIdForStage("AWSCURRENT").map(old -> c.moveLabel("AWSPREVIOUS", old)).orElse(c);
     * });
     * }</pre>
     *
     * @return the secret after the change (with its new {@code versionStages}), or empty if there is no
     *     secret with that ARN (the planner is not called then)
     * @throws IllegalArgumentException if the new version's id exists already, or a label is moved to a
     *     version that does not exist
     */
    Optional<Secret> applyVersionChange(String arn, VersionChangePlanner planner);

    /**
     * Deletes deprecated versions the way AWS does: a version survives if it has a staging label, is among
     * the 100 most recent, or was created less than 24 hours before {@code now}.
     *
     * @return how many versions were deleted
     */
    int pruneVersions(String arn, Instant now);

    /**
     * Deletes the secret with all its versions, labels, tags and replicas for good (DeleteSecret with
     * ForceDeleteWithoutRecovery, or the end of the recovery window). The name becomes free.
     *
     * @return false if there was no such secret
     */
    boolean purge(String arn);

    /**
     * Records that a value was read on {@code day} (UTC): sets the secret's and, if {@code versionId} is not
     * null, the version's lastAccessedDate, never moving them backwards. Does not change lastChangedDate.
     *
     * <p>Call it after every successful GetSecretValue. The JDBC implementation writes synchronously;
     * {@link CachingSecretRepository} drops repeats for a day it has already recorded and writes the rest in
     * the background, so the read path stays free of writes.
     */
    void recordAccess(String arn, String versionId, LocalDate day);

    // ------------------------------------------------------------------ metadata conveniences

    /** TagResource: existing keys get the new value, new keys are appended. */
    default Optional<Secret> tagResource(String arn, Collection<SecretTag> tags) {
        return updateSecret(arn, s -> s.withTagsMerged(tags));
    }

    /** UntagResource: removes those keys; unknown keys are ignored. */
    default Optional<Secret> untagResource(String arn, Collection<String> tagKeys) {
        return updateSecret(arn, s -> s.withoutTagKeys(tagKeys));
    }

    /** PutResourcePolicy (the JSON document) or, with null, DeleteResourcePolicy. */
    default Optional<Secret> setResourcePolicy(String arn, String policyJson) {
        return updateSecret(arn, s -> s.withResourcePolicy(policyJson));
    }

    /** DeleteSecret with a recovery window: the secret will be purged at {@code purgeAt}. */
    default Optional<Secret> scheduleDeletion(String arn, Instant purgeAt) {
        return updateSecret(arn, s -> s.withDeletedDate(purgeAt));
    }

    /** RestoreSecret: clears the scheduled deletion. */
    default Optional<Secret> cancelDeletion(String arn) {
        return updateSecret(arn, s -> s.withDeletedDate(null));
    }

    // ------------------------------------------------------------------ re-sealing after key rotation

    /**
     * A page of stored values in (secretArn, versionId) order, starting after {@code after} (null for the
     * first page). Used by {@link Resealer}; not for request paths.
     */
    List<StoredValue> sealedValues(StoredValue after, int limit);

    /**
     * Replaces each value's sealed bytes if they still equal what the caller read (compare-and-set, so a
     * concurrent purge, prune or new write simply makes it a no-op); labels and dates are unchanged. One
     * transaction for the page: re-sealing 100,000 versions one transaction each would spend its time in commits.
     *
     * @return how many were replaced
     */
    int replaceSealedValues(List<StoredValue.Reseal> reseals);

    /** How many values are stored (every version of every secret), for a re-seal's progress. */
    long sealedValueCount();
}
