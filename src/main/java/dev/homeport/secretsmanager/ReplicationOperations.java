package dev.homeport.secretsmanager;

import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.SecretsManagerShapes.RemoveRegionsFromReplicationRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.RemoveRegionsFromReplicationResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.ReplicaRegionType;
import dev.homeport.secretsmanager.SecretsManagerShapes.ReplicateSecretToRegionsRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.ReplicateSecretToRegionsResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.StopReplicationToReplicaRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.StopReplicationToReplicaResponse;
import dev.homeport.secretsmanager.model.ReplicationStatus;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Multi-region replication. See {@link Replicas} for how a replica is kept; here are the three
 * operations that create, remove and promote replicas.
 */
final class ReplicationOperations {
    private static final Pattern REGION = Pattern.compile("^([a-z]+-)+\\d+$");
    private static final String DEFAULT_KEY = "alias/aws/secretsmanager";

    private final SecretRepository repository;
    private final SecretLookup lookup;
    private final Versions versions;

    ReplicationOperations(SecretLookup lookup, Versions versions) {
        this.lookup = lookup;
        this.repository = lookup.repository();
        this.versions = versions;
    }

    void register(OperationRegistry registry, SecretAccess access) {
        registry.add("ReplicateSecretToRegions", ReplicateSecretToRegionsRequest.class,
                access.onSecret("ReplicateSecretToRegions", ReplicateSecretToRegionsRequest::secretId,
                        in -> SecretAccess.replicaKeys(in.addReplicaRegions(), in.forceOverwriteReplicaSecret())),
                this::replicateSecretToRegions);
        registry.add("RemoveRegionsFromReplication", RemoveRegionsFromReplicationRequest.class,
                access.onSecret("RemoveRegionsFromReplication", RemoveRegionsFromReplicationRequest::secretId),
                this::removeRegionsFromReplication);
        registry.add("StopReplicationToReplica", StopReplicationToReplicaRequest.class,
                access.onSecret("StopReplicationToReplica", StopReplicationToReplicaRequest::secretId),
                this::stopReplicationToReplica);
    }

    /** The primary a replica reads from. */
    Secret primaryOf(Secret replica) {
        return repository.findByArn(Replicas.arnInRegion(replica.arn(), replica.primaryRegion()))
                .orElseThrow(SecretsManagerErrors::notFound);
    }

    ReplicateSecretToRegionsResponse replicateSecretToRegions(RequestContext ctx, ReplicateSecretToRegionsRequest in) {
        Validation.of().notNull("addReplicaRegions", in.addReplicaRegions())
                .size("addReplicaRegions", in.addReplicaRegions(), 1, 10).check();
        Secret secret = lookup.findWritable(ctx, in.secretId());
        List<SecretsManagerShapes.ReplicationStatusType> status = replicate(ctx, secret, in.addReplicaRegions(),
                Boolean.TRUE.equals(in.forceOverwriteReplicaSecret()));
        return new ReplicateSecretToRegionsResponse(secret.arn(), status);
    }

    /**
     * Creates a replica in each region. A region where the name is taken by another secret fails
     * with AWS's status message unless the caller forces the overwrite.
     */
    List<SecretsManagerShapes.ReplicationStatusType> replicate(RequestContext ctx, Secret primary, List<ReplicaRegionType> regions,
                                                  boolean force) {
        checkRegions(primary.region(), regions);
        List<ReplicationStatus> added = new ArrayList<>();
        for (ReplicaRegionType r : regions) {
            String kmsKeyId = r.kmsKeyId() == null ? DEFAULT_KEY : r.kmsKeyId();
            var taken = repository.findByName(primary.account(), r.region(), primary.name());
            if (taken.isPresent() && !taken.get().arn().equals(Replicas.arnInRegion(primary.arn(), r.region()))) {
                if (!force) {
                    added.add(new ReplicationStatus(r.region(), kmsKeyId, "Failed", "Replication failed: Secret name "
                            + primary.name() + " already exists in region " + r.region() + ".", null));
                    continue;
                }
                repository.purge(taken.get().arn());
            } else if (taken.isPresent()) {
                added.add(new ReplicationStatus(r.region(), kmsKeyId, "InSync", "Replication succeeded", null));
                continue;
            }
            Secret replica = Secret.builder().arn(Replicas.arnInRegion(primary.arn(), r.region()))
                    .name(primary.name()).account(primary.account()).region(r.region())
                    .description(primary.description()).kmsKeyId(kmsKeyId).tags(primary.tags())
                    .createdDate(ctx.receivedAt()).lastChangedDate(ctx.receivedAt())
                    .primaryRegion(primary.region()).build();
            repository.create(replica, null);
            added.add(new ReplicationStatus(r.region(), kmsKeyId, "InSync", "Replication succeeded", null));
        }
        Secret updated = repository.updateSecret(primary.arn(), s -> {
            List<ReplicationStatus> merged = new ArrayList<>();
            for (ReplicationStatus old : s.replicationStatus()) {
                if (added.stream().noneMatch(a -> a.region().equals(old.region()))) {
                    merged.add(old);
                }
            }
            merged.addAll(added);
            return s.toBuilder().primaryRegion(s.region()).replicationStatus(merged)
                    .lastChangedDate(ctx.receivedAt()).build();
        }).orElseThrow(SecretsManagerErrors::notFound);
        return SecretViews.replication(updated);
    }

    /**
     * Checks replica regions before anything is written: CreateSecret calls this ahead of creating the
     * secret, so an invalid region can't leave a secret behind that the caller was told failed.
     */
    static void checkRegions(String primaryRegion, List<ReplicaRegionType> regions) {
        Set<String> seen = new HashSet<>();
        for (ReplicaRegionType r : regions) {
            if (r.region() == null || !REGION.matcher(r.region()).matches()) {
                throw SecretsManagerErrors.invalidParameter("Invalid replica region.");
            }
            if (r.region().equals(primaryRegion)) {
                throw SecretsManagerErrors.invalidParameter("Invalid replica region: the primary region "
                        + primaryRegion + " can't be a replica region.");
            }
            if (!seen.add(r.region())) {
                throw SecretsManagerErrors.invalidParameter("Duplicate replica region: " + r.region() + ".");
            }
        }
    }

    RemoveRegionsFromReplicationResponse removeRegionsFromReplication(RequestContext ctx, RemoveRegionsFromReplicationRequest in) {
        Validation.of().notNull("removeReplicaRegions", in.removeReplicaRegions())
                .size("removeReplicaRegions", in.removeReplicaRegions(), 1, 10).check();
        Secret secret = lookup.findWritable(ctx, in.secretId());
        Set<String> remove = new HashSet<>(in.removeReplicaRegions());
        for (String region : remove) {
            if (secret.replicationStatus().stream().noneMatch(r -> r.region().equals(region))) {
                throw SecretsManagerErrors.invalidParameter("The secret is not replicated to region " + region + ".");
            }
            repository.purge(Replicas.arnInRegion(secret.arn(), region));
        }
        Secret updated = repository.updateSecret(secret.arn(), s -> {
            List<ReplicationStatus> kept = s.replicationStatus().stream()
                    .filter(r -> !remove.contains(r.region())).toList();
            return s.toBuilder().replicationStatus(kept).primaryRegion(kept.isEmpty() ? null : s.region())
                    .lastChangedDate(ctx.receivedAt()).build();
        }).orElseThrow(SecretsManagerErrors::notFound);
        List<SecretsManagerShapes.ReplicationStatusType> status = SecretViews.replication(updated);
        return new RemoveRegionsFromReplicationResponse(secret.arn(), status == null ? Collections.emptyList() : status);
    }

    /**
     * Promotes a replica to a standalone secret: its values are copied from the primary, sealed
     * again under the replica's own ARN, oldest version first so labels end where they were.
     */
    StopReplicationToReplicaResponse stopReplicationToReplica(RequestContext ctx, StopReplicationToReplicaRequest in) {
        Secret replica = lookup.findActive(ctx, in.secretId());
        if (!Replicas.isReplica(replica)) {
            throw SecretsManagerErrors.invalidRequest("The secret " + replica.name() + " is not a replica secret.");
        }
        Secret primary = primaryOf(replica);
        List<SecretVersion> all = new ArrayList<>(repository.listVersions(primary.arn()));
        Collections.reverse(all);
        for (SecretVersion v : all) {
            if (v.isDeprecated()) {
                continue;
            }
            SecretValue value = versions.codec().open(primary.arn(), v);
            SecretVersion copy = versions.codec().newVersion(replica.arn(), v.versionId(), v.stagingLabels(),
                    v.createdDate(), value);
            repository.applyVersionChange(replica.arn(), state -> VersionChange.addVersion(copy));
        }
        repository.updateSecret(replica.arn(), s -> s.toBuilder().primaryRegion(null)
                .lastChangedDate(ctx.receivedAt()).build());
        repository.updateSecret(primary.arn(), s -> {
            List<ReplicationStatus> kept = s.replicationStatus().stream()
                    .filter(r -> !r.region().equals(replica.region())).toList();
            return s.toBuilder().replicationStatus(kept).primaryRegion(kept.isEmpty() ? null : s.region()).build();
        });
        return new StopReplicationToReplicaResponse(replica.arn());
    }
}
