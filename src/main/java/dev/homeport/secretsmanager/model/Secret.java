package dev.homeport.secretsmanager.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A secret's metadata: everything DescribeSecret shows, and no value. Immutable; change it with
 * {@link #toBuilder()} or the {@code with...} methods and hand the result to {@code SecretRepository}.
 *
 * <p>Nullable fields (AWS omits them from responses when unset): {@code description}, {@code kmsKeyId}
 * (null means the default key {@code aws/secretsmanager}), {@code lastChangedDate},
 * {@code lastAccessedDate}, {@code deletedDate}, {@code resourcePolicy}, {@code primaryRegion},
 * {@code owningService}. Collections are never null and are immutable.
 *
 * @param arn              {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 chars>}
 * @param lastAccessedDate UTC day of the last GetSecretValue/BatchGetSecretValue; AWS keeps only the day
 * @param deletedDate      when the secret will be purged, set by DeleteSecret with a recovery window;
 *                         null when not scheduled for deletion
 * @param resourcePolicy   the resource policy JSON document as given to PutResourcePolicy
 * @param replicationStatus replica regions in the order they were added
 * @param tags             in insertion order, each key at most once
 * @param versionStages    versionId to its staging labels, for labelled versions only (what DescribeSecret
 *                         calls VersionIdsToStages). Derived from the versions: it is filled in when the
 *                         store reads a secret, and changed only by {@code applyVersionChange}.
 */
public record Secret(String arn, String name, String account, String region, String description,
                     String kmsKeyId, List<SecretTag> tags, Instant createdDate, Instant lastChangedDate,
                     LocalDate lastAccessedDate, Instant deletedDate, RotationSettings rotation,
                     String resourcePolicy, String primaryRegion, List<ReplicationStatus> replicationStatus,
                     String owningService, Map<String, Set<String>> versionStages) {

    public Secret {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        tags = List.copyOf(tags == null ? List.of() : tags);
        if (tags.stream().map(SecretTag::key).distinct().count() != tags.size()) {
            throw new IllegalArgumentException("duplicate tag key");
        }
        createdDate = Dates.millis(Objects.requireNonNull(createdDate, "createdDate"));
        lastChangedDate = Dates.millis(lastChangedDate);
        deletedDate = Dates.millis(deletedDate);
        rotation = Objects.requireNonNullElse(rotation, RotationSettings.NONE);
        replicationStatus = List.copyOf(replicationStatus == null ? List.of() : replicationStatus);
        versionStages = copyStages(versionStages);
    }

    /** True while the secret waits out its recovery window: AWS refuses most operations on it. */
    public boolean isScheduledForDeletion() {
        return deletedDate != null;
    }

    /** The id of the version carrying {@code stage}, if any. */
    public Optional<String> versionIdForStage(String stage) {
        for (Map.Entry<String, Set<String>> e : versionStages.entrySet()) {
            if (e.getValue().contains(stage)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * TagResource semantics: a key already present gets the new value in place, new keys are appended in
     * the given order.
     */
    public Secret withTagsMerged(Collection<SecretTag> added) {
        LinkedHashMap<String, String> merged = new LinkedHashMap<>();
        tags.forEach(t -> merged.put(t.key(), t.value()));
        added.forEach(t -> merged.put(t.key(), t.value()));
        List<SecretTag> result = new ArrayList<>();
        merged.forEach((k, v) -> result.add(new SecretTag(k, v)));
        return toBuilder().tags(result).build();
    }

    /** UntagResource semantics: unknown keys are ignored. */
    public Secret withoutTagKeys(Collection<String> keys) {
        Set<String> drop = new HashSet<>(keys);
        return toBuilder().tags(tags.stream().filter(t -> !drop.contains(t.key())).toList()).build();
    }

    public Secret withDeletedDate(Instant purgeAt) {
        return toBuilder().deletedDate(purgeAt).build();
    }

    public Secret withLastChangedDate(Instant when) {
        return toBuilder().lastChangedDate(when).build();
    }

    public Secret withResourcePolicy(String policyJson) {
        return toBuilder().resourcePolicy(policyJson).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static SortedMap<String, Set<String>> copyStages(Map<String, Set<String>> stages) {
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        if (stages != null) {
            stages.forEach((id, labels) -> {
                if (!labels.isEmpty()) {
                    copy.put(id, SecretVersion.sortedLabels(labels));
                }
            });
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Mutable builder; {@link #build()} validates through the record constructor. */
    public static final class Builder {
        private String arn, name, account, region, description, kmsKeyId, resourcePolicy, primaryRegion, owningService;
        private List<SecretTag> tags = List.of();
        private Instant createdDate, lastChangedDate, deletedDate;
        private LocalDate lastAccessedDate;
        private RotationSettings rotation = RotationSettings.NONE;
        private List<ReplicationStatus> replicationStatus = List.of();
        private Map<String, Set<String>> versionStages = Map.of();

        private Builder() {}

        private Builder(Secret s) {
            arn = s.arn; name = s.name; account = s.account; region = s.region; description = s.description;
            kmsKeyId = s.kmsKeyId; tags = s.tags; createdDate = s.createdDate; lastChangedDate = s.lastChangedDate;
            lastAccessedDate = s.lastAccessedDate; deletedDate = s.deletedDate; rotation = s.rotation;
            resourcePolicy = s.resourcePolicy; primaryRegion = s.primaryRegion;
            replicationStatus = s.replicationStatus; owningService = s.owningService; versionStages = s.versionStages;
        }

        public Builder arn(String v) { arn = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder account(String v) { account = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder description(String v) { description = v; return this; }
        public Builder kmsKeyId(String v) { kmsKeyId = v; return this; }
        public Builder tags(List<SecretTag> v) { tags = v; return this; }
        public Builder createdDate(Instant v) { createdDate = v; return this; }
        public Builder lastChangedDate(Instant v) { lastChangedDate = v; return this; }
        public Builder lastAccessedDate(LocalDate v) { lastAccessedDate = v; return this; }
        public Builder deletedDate(Instant v) { deletedDate = v; return this; }
        public Builder rotation(RotationSettings v) { rotation = v; return this; }
        public Builder resourcePolicy(String v) { resourcePolicy = v; return this; }
        public Builder primaryRegion(String v) { primaryRegion = v; return this; }
        public Builder replicationStatus(List<ReplicationStatus> v) { replicationStatus = v; return this; }
        public Builder owningService(String v) { owningService = v; return this; }
        public Builder versionStages(Map<String, Set<String>> v) { versionStages = v; return this; }

        public Secret build() {
            return new Secret(arn, name, account, region, description, kmsKeyId, tags, createdDate,
                    lastChangedDate, lastAccessedDate, deletedDate, rotation, resourcePolicy, primaryRegion,
                    replicationStatus, owningService, versionStages);
        }
    }
}
