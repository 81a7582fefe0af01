package dev.homeport.secretsmanager;

import dev.homeport.crypto.AuthenticationFailedException;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ProtocolErrors;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.SecretsManagerShapes.BatchGetSecretValueRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.BatchGetSecretValueResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.GetSecretValueRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.GetSecretValueResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.ListSecretVersionIdsRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.ListSecretVersionIdsResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.PutSecretValueRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.PutSecretValueResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.UpdateSecretVersionStageRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.UpdateSecretVersionStageResponse;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import dev.homeport.secretsmanager.model.ValueKind;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Secret values and their versions: GetSecretValue, BatchGetSecretValue, PutSecretValue,
 * ListSecretVersionIds, UpdateSecretVersionStage.
 */
final class ValueOperations {
    private final SecretLookup lookup;
    private final SecretRepository repository;
    private final Versions versions;
    private final ReplicationOperations replication;
    private final SecretAccess access;

    ValueOperations(SecretLookup lookup, Versions versions, ReplicationOperations replication, SecretAccess access) {
        this.lookup = lookup;
        this.repository = lookup.repository();
        this.versions = versions;
        this.replication = replication;
        this.access = access;
    }

    void register(OperationRegistry registry, SecretAccess access) {
        registry.add("GetSecretValue", GetSecretValueRequest.class,
                access.getSecretValue(),
                this::getSecretValue);
        registry.add("BatchGetSecretValue", BatchGetSecretValueRequest.class,
                SecretAccess.batchGetSecretValue(),
                this::batchGetSecretValue);
        registry.add("PutSecretValue", PutSecretValueRequest.class,
                access.onSecret("PutSecretValue", PutSecretValueRequest::secretId),
                this::putSecretValue);
        registry.add("ListSecretVersionIds", ListSecretVersionIdsRequest.class,
                access.onSecret("ListSecretVersionIds", ListSecretVersionIdsRequest::secretId),
                this::listSecretVersionIds);
        registry.add("UpdateSecretVersionStage", UpdateSecretVersionStageRequest.class,
                access.onSecret("UpdateSecretVersionStage", UpdateSecretVersionStageRequest::secretId,
                        SecretAccess::versionStageKeys),
                this::updateSecretVersionStage);
    }

    /** A secret value as read: the secret it was asked through, the version, and the opened value. */
    record Read(Secret secret, SecretVersion version, SecretValue value) {
    }

    GetSecretValueResponse getSecretValue(RequestContext ctx, GetSecretValueRequest in) {
        Validation.of().length("versionId", in.versionId(), 32, 64).length("versionStage", in.versionStage(), 1, 256)
                .check();
        Read read = read(ctx, in.secretId(), in.versionId(), in.versionStage());
        boolean binary = read.value().kind() == ValueKind.BINARY;
        return new GetSecretValueResponse(read.secret().arn(), read.secret().name(), read.version().versionId(),
                binary ? read.value().bytes() : null, binary ? null : read.value().asString(),
                List.copyOf(read.version().stagingLabels()), read.version().createdDate());
    }

    /**
     * Reads a value the way GetSecretValue does; also the entry point for ECS secret injection.
     * With both a version id and a stage, the stage must be on that version; with neither, AWSCURRENT.
     */
    Read read(RequestContext ctx, String secretId, String versionId, String versionStage) {
        Secret secret = lookup.findActive(ctx, secretId);
        Secret source = Replicas.isReplica(secret) ? replication.primaryOf(secret) : secret;
        SecretVersion version;
        if (versionId != null) {
            version = repository.findVersion(source.arn(), versionId)
                    .orElseThrow(() -> SecretsManagerErrors.versionNotFound(versionId));
            if (versionStage != null && !version.hasLabel(versionStage)) {
                throw SecretsManagerErrors.stageNotOnVersion();
            }
        } else {
            String stage = versionStage == null ? Versions.CURRENT : versionStage;
            version = repository.findVersionByStage(source.arn(), stage)
                    .orElseThrow(() -> SecretsManagerErrors.stageNotFound(stage));
        }
        SecretValue value;
        try {
            value = versions.codec().open(source.arn(), version);
        } catch (AuthenticationFailedException e) {
            throw SecretsManagerErrors.decryptionFailure();
        }
        // Day-granular, and the caching repository drops repeats: a read never rewrites rows per call.
        repository.recordAccess(source.arn(), version.versionId(), LocalDate.ofInstant(ctx.receivedAt(), ZoneOffset.UTC));
        return new Read(secret, version, value);
    }

    BatchGetSecretValueResponse batchGetSecretValue(RequestContext ctx, BatchGetSecretValueRequest in) {
        boolean byId = in.secretIdList() != null;
        boolean byFilter = in.filters() != null;
        if (byId == byFilter) {
            throw SecretsManagerErrors.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
        }
        Validation v = Validation.of().range("maxResults", in.maxResults(), 1, 20);
        if (byId) {
            v.size("secretIdList", in.secretIdList(), 1, 20);
            if (in.maxResults() != null || in.nextToken() != null) {
                throw SecretsManagerErrors.invalidParameter(
                        "'MaxResults' and 'NextToken' can only be used with 'Filters'.");
            }
        }
        SecretOperations.checkFilters(v, in.filters());
        v.check();
        List<SecretsManagerShapes.SecretValueEntry> values = new ArrayList<>();
        List<SecretsManagerShapes.APIErrorType> errors = new ArrayList<>();
        String nextToken = null;
        List<String> ids;
        if (byId) {
            ids = in.secretIdList();
        } else {
            Page<String> page = filteredPage(ctx, in);
            ids = page.items();
            nextToken = page.nextToken();
        }
        for (String id : ids) {
            try {
                // AWS reads each secret with GetSecretValue's permission, and lists one the caller may not read
                // under Errors instead of failing the batch.
                ctx.authorizer().check(ctx, List.of(access.secret(ctx, "secretsmanager:GetSecretValue", id)))
                        .ifPresent(denial -> {
                            throw ProtocolErrors.accessDenied(denial);
                        });
                Read r = read(ctx, id, null, null);
                boolean binary = r.value().kind() == ValueKind.BINARY;
                values.add(new SecretsManagerShapes.SecretValueEntry(r.secret().arn(), r.secret().name(), r.version().versionId(),
                        binary ? r.value().bytes() : null, binary ? null : r.value().asString(),
                        List.copyOf(r.version().stagingLabels()), r.version().createdDate()));
            } catch (AwsServiceException e) {
                // One unreadable secret doesn't fail the batch: AWS lists it under Errors.
                errors.add(new SecretsManagerShapes.APIErrorType(id, e.errorType(), e.getMessage()));
            }
        }
        return new BatchGetSecretValueResponse(values, nextToken, errors);
    }

    /** The page of secrets a BatchGetSecretValue with Filters returns. */
    private Page<String> filteredPage(RequestContext ctx, BatchGetSecretValueRequest in) {
        var filter = SecretFilters.of(in.filters());
        List<String> arns = new ArrayList<>();
        for (Secret s : repository.listSecrets(ctx.accountId(), ctx.region())) {
            if (!s.isScheduledForDeletion() && filter.test(s)) {
                arns.add(s.arn());
            }
        }
        return Page.of(arns, in.maxResults() == null ? 20 : in.maxResults(), in.nextToken());
    }

    PutSecretValueResponse putSecretValue(RequestContext ctx, PutSecretValueRequest in) {
        SecretValue value = SecretInputs.value(in.secretString(), in.secretBinary());
        if (value == null) {
            throw SecretsManagerErrors.invalidRequest("You must provide either SecretString or SecretBinary.");
        }
        SecretInputs.checkToken(in.clientRequestToken(), true);
        SecretInputs.checkStages(in.versionStages());
        Secret secret = lookup.findWritable(ctx, in.secretId());
        SecretVersion version = versions.put(secret.arn(), in.clientRequestToken(), value, in.versionStages(),
                ctx.receivedAt());
        return new PutSecretValueResponse(secret.arn(), secret.name(), version.versionId(),
                List.copyOf(version.stagingLabels()));
    }

    ListSecretVersionIdsResponse listSecretVersionIds(RequestContext ctx, ListSecretVersionIdsRequest in) {
        Validation.of().range("maxResults", in.maxResults(), 1, 100).check();
        Secret secret = lookup.find(ctx, in.secretId());
        Secret source = Replicas.isReplica(secret) ? replication.primaryOf(secret) : secret;
        boolean includeDeprecated = Boolean.TRUE.equals(in.includeDeprecated());
        List<SecretVersion> all = new ArrayList<>(repository.listVersions(source.arn()));
        java.util.Collections.reverse(all); // AWS lists the oldest version first
        List<SecretsManagerShapes.SecretVersionsListEntry> entries = new ArrayList<>();
        for (SecretVersion sv : all) {
            if (!includeDeprecated && sv.isDeprecated()) {
                continue;
            }
            entries.add(new SecretsManagerShapes.SecretVersionsListEntry(sv.versionId(),
                    sv.isDeprecated() ? null : List.copyOf(sv.stagingLabels()), SecretViews.day(sv.lastAccessedDate()),
                    sv.createdDate(), List.of("DefaultEncryptionKey")));
        }
        Page<SecretsManagerShapes.SecretVersionsListEntry> page = Page.of(entries, in.maxResults() == null ? 100 : in.maxResults(),
                in.nextToken());
        return new ListSecretVersionIdsResponse(page.items(), page.nextToken(), secret.arn(), secret.name());
    }

    UpdateSecretVersionStageResponse updateSecretVersionStage(RequestContext ctx, UpdateSecretVersionStageRequest in) {
        Validation.of().notNull("versionStage", in.versionStage()).length("versionStage", in.versionStage(), 1, 256)
                .length("removeFromVersionId", in.removeFromVersionId(), 32, 64)
                .length("moveToVersionId", in.moveToVersionId(), 32, 64).check();
        Secret secret = lookup.findWritable(ctx, in.secretId());
        String stage = in.versionStage();
        repository.applyVersionChange(secret.arn(), state -> {
            Secret current = state.secret();
            var holder = current.versionIdForStage(stage);
            if (in.removeFromVersionId() != null) {
                if (state.version(in.removeFromVersionId()).isEmpty()) {
                    throw SecretsManagerErrors.versionNotFound(in.removeFromVersionId());
                }
                if (holder.isEmpty() || !holder.get().equals(in.removeFromVersionId())) {
                    throw SecretsManagerErrors.invalidParameter("The staging label " + stage
                            + " is not attached to the version " + in.removeFromVersionId() + ".");
                }
            }
            if (in.moveToVersionId() == null) {
                if (in.removeFromVersionId() == null) {
                    throw SecretsManagerErrors.invalidParameter(
                            "You must specify MoveToVersionId, RemoveFromVersionId, or both.");
                }
                if (stage.equals(Versions.CURRENT)) {
                    throw SecretsManagerErrors.invalidParameter("You can't remove the staging label AWSCURRENT "
                            + "from a version without moving it to another version.");
                }
                return VersionChange.none().removeLabel(stage).updateSecret(current.withLastChangedDate(ctx.receivedAt()));
            }
            if (state.version(in.moveToVersionId()).isEmpty()) {
                throw SecretsManagerErrors.versionNotFound(in.moveToVersionId());
            }
            if (holder.isPresent() && !holder.get().equals(in.moveToVersionId())
                    && !holder.get().equals(in.removeFromVersionId())) {
                throw SecretsManagerErrors.invalidParameter("The staging label " + stage
                        + " is currently attached to version " + holder.get()
                        + ". You must specify it as RemoveFromVersionId to move the label.");
            }
            VersionChange change = VersionChange.none().moveLabel(stage, in.moveToVersionId())
                    .updateSecret(current.withLastChangedDate(ctx.receivedAt()));
            if (stage.equals(Versions.CURRENT)) {
                change = Versions.previousFollowsCurrent(current, change, in.moveToVersionId());
            }
            return change;
        });
        return new UpdateSecretVersionStageResponse(secret.arn(), secret.name());
    }
}
