package dev.homeport.secretsmanager.model;

import dev.homeport.crypto.Sealed;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One version of a secret value, sealed. The plaintext never lives here: open {@link #value()} through
 * {@code SecretValueCodec}, which knows the AAD it was sealed with.
 *
 * @param versionId        the ClientRequestToken that created it (AWS: 32-64 characters, usually a UUID)
 * @param stagingLabels    labels on this version, sorted; empty means deprecated. When read from the
 *                         store this is the current truth. When passed as a new version to
 *                         {@code SecretRepository}, these labels are moved onto it.
 * @param createdDate      when the version was created
 * @param lastAccessedDate UTC day the value was last retrieved, or null; day granularity as in AWS
 * @param value            the sealed value
 * @param kind             whether it was given as SecretString or SecretBinary
 */
public record SecretVersion(String versionId, Set<String> stagingLabels, Instant createdDate,
                            LocalDate lastAccessedDate, Sealed value, ValueKind kind) {
    public SecretVersion {
        Objects.requireNonNull(versionId, "versionId");
        stagingLabels = sortedLabels(stagingLabels);
        createdDate = Dates.millis(Objects.requireNonNull(createdDate, "createdDate"));
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
    }

    /** A new version with no access recorded yet. */
    public static SecretVersion create(String versionId, Set<String> stagingLabels, Instant createdDate,
                                       Sealed value, ValueKind kind) {
        return new SecretVersion(versionId, stagingLabels, createdDate, null, value, kind);
    }

    public boolean hasLabel(String stage) {
        return stagingLabels.contains(stage);
    }

    /** A version without labels is deprecated: AWS may prune it (see {@code SecretRepository#pruneVersions}). */
    public boolean isDeprecated() {
        return stagingLabels.isEmpty();
    }

    public SecretVersion withStagingLabels(Collection<String> labels) {
        return new SecretVersion(versionId, Set.copyOf(labels), createdDate, lastAccessedDate, value, kind);
    }

    public SecretVersion withLastAccessedDate(LocalDate day) {
        return new SecretVersion(versionId, stagingLabels, createdDate, day, value, kind);
    }

    static SortedSet<String> sortedLabels(Collection<String> labels) {
        return labels == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(labels));
    }
}
