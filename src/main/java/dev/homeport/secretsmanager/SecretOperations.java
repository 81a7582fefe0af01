package dev.homeport.secretsmanager;

import dev.homeport.common.Arn;
import dev.homeport.common.Ids;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.SecretsManagerShapes.CreateSecretRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.CreateSecretResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.DeleteSecretRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.DeleteSecretResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.DescribeSecretRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.DescribeSecretResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.ListSecretsRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.ListSecretsResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.RestoreSecretRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.RestoreSecretResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.UpdateSecretRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.UpdateSecretResponse;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The life of a secret: CreateSecret, DescribeSecret, UpdateSecret, ListSecrets, DeleteSecret, RestoreSecret. */
final class SecretOperations {
    private static final List<String> SORT_BY = List.of("created-date", "last-accessed-date", "last-changed-date", "name");

    private final SecretLookup lookup;
    private final SecretRepository repository;
    private final Versions versions;
    private final ReplicationOperations replication;

    SecretOperations(SecretLookup lookup, Versions versions, ReplicationOperations replication) {
        this.lookup = lookup;
        this.repository = lookup.repository();
        this.versions = versions;
        this.replication = replication;
    }

    void register(OperationRegistry registry, SecretAccess access) {
        registry.add("CreateSecret", CreateSecretRequest.class,
                access.createSecret(),
                this::createSecret);
        registry.add("DescribeSecret", DescribeSecretRequest.class,
                access.onSecret("DescribeSecret", DescribeSecretRequest::secretId),
                this::describeSecret);
        registry.add("UpdateSecret", UpdateSecretRequest.class,
                access.onSecret("UpdateSecret", UpdateSecretRequest::secretId, SecretAccess::updateKeys),
                this::updateSecret);
        registry.add("ListSecrets", ListSecretsRequest.class,
                AccessRule.any("secretsmanager:ListSecrets"),
                this::listSecrets);
        registry.add("DeleteSecret", DeleteSecretRequest.class,
                access.onSecret("DeleteSecret", DeleteSecretRequest::secretId, SecretAccess::deleteKeys),
                this::deleteSecret);
        registry.add("RestoreSecret", RestoreSecretRequest.class,
                access.onSecret("RestoreSecret", RestoreSecretRequest::secretId),
                this::restoreSecret);
    }

    CreateSecretResponse createSecret(RequestContext ctx, CreateSecretRequest in) {
        SecretInputs.checkName(in.name());
        SecretInputs.checkDescription(in.description(), in.kmsKeyId());
        SecretValue value = SecretInputs.value(in.secretString(), in.secretBinary());
        SecretInputs.checkToken(in.clientRequestToken(), value != null);
        var tags = SecretInputs.tags(in.tags());
        if (tags.size() > SecretInputs.MAX_TAGS) {
            throw SecretsManagerErrors.invalidParameter("Number of tags exceeds Secrets Manager limit of 50.");
        }
        if (in.addReplicaRegions() != null && !in.addReplicaRegions().isEmpty()) {
            ReplicationOperations.checkRegions(ctx.region(), in.addReplicaRegions());
        }
        var existing = repository.findByName(ctx.accountId(), ctx.region(), in.name());
        if (existing.isPresent()) {
            return retryOrConflict(existing.get(), in, value);
        }
        Instant now = ctx.receivedAt();
        String arn = "arn:aws:secretsmanager:" + ctx.region() + ":" + ctx.accountId() + ":secret:" + in.name() + "-"
                + Ids.alphanumeric(6);
        Secret secret = Secret.builder().arn(arn).name(in.name()).account(ctx.accountId()).region(ctx.region())
                .description(in.description()).kmsKeyId(in.kmsKeyId()).tags(tags).createdDate(now)
                .lastChangedDate(now).build();
        SecretVersion first = null;
        String versionId = null;
        if (value != null) {
            versionId = in.clientRequestToken();
            first = versions.codec().newVersion(arn, versionId, Set.of(Versions.CURRENT), now, value);
        }
        try {
            repository.create(secret, first);
        } catch (SecretAlreadyExistsException e) {
            // Another request created the same name between our check and our insert.
            return retryOrConflict(repository.findByName(ctx.accountId(), ctx.region(), in.name())
                    .orElseThrow(() -> SecretsManagerErrors.alreadyExists(in.name())), in, value);
        }
        List<SecretsManagerShapes.ReplicationStatusType> status = null;
        if (in.addReplicaRegions() != null && !in.addReplicaRegions().isEmpty()) {
            status = replication.replicate(ctx, secret, in.addReplicaRegions(),
                    Boolean.TRUE.equals(in.forceOverwriteReplicaSecret()));
        }
        return new CreateSecretResponse(arn, in.name(), versionId, status);
    }

    /**
     * CreateSecret is idempotent: the same name, token and value answer as the first call did. Any
     * other call for a taken name is refused.
     */
    private CreateSecretResponse retryOrConflict(Secret existing, CreateSecretRequest in, SecretValue value) {
        if (existing.isScheduledForDeletion()) {
            throw SecretsManagerErrors.scheduledForDeletionOnCreate();
        }
        if (value != null && in.clientRequestToken() != null) {
            var version = repository.findVersion(existing.arn(), in.clientRequestToken());
            if (version.isPresent() && versions.codec().matches(existing.arn(), version.get(), value)) {
                return new CreateSecretResponse(existing.arn(), existing.name(), version.get().versionId(),
                        SecretViews.replication(existing));
            }
        }
        throw SecretsManagerErrors.alreadyExists(in.name());
    }

    DescribeSecretResponse describeSecret(RequestContext ctx, DescribeSecretRequest in) {
        Secret secret = lookup.find(ctx, in.secretId());
        if (Replicas.isReplica(secret)) {
            // A replica shows the primary's versions, since that is where its values come from.
            Secret primary = replication.primaryOf(secret);
            secret = secret.toBuilder().versionStages(primary.versionStages()).build();
        }
        return SecretViews.describe(secret);
    }

    UpdateSecretResponse updateSecret(RequestContext ctx, UpdateSecretRequest in) {
        SecretInputs.checkDescription(in.description(), in.kmsKeyId());
        SecretValue value = SecretInputs.value(in.secretString(), in.secretBinary());
        SecretInputs.checkToken(in.clientRequestToken(), value != null);
        Secret secret = lookup.findWritable(ctx, in.secretId());
        Instant now = ctx.receivedAt();
        String versionId = null;
        if (value != null) {
            versionId = versions.put(secret.arn(), in.clientRequestToken(), value, null, now).versionId();
        }
        if (in.description() != null || in.kmsKeyId() != null) {
            repository.updateSecret(secret.arn(), s -> s.toBuilder()
                    .description(in.description() != null ? in.description() : s.description())
                    .kmsKeyId(in.kmsKeyId() != null ? in.kmsKeyId() : s.kmsKeyId())
                    .lastChangedDate(now).build());
        }
        return new UpdateSecretResponse(secret.arn(), secret.name(), versionId);
    }

    ListSecretsResponse listSecrets(RequestContext ctx, ListSecretsRequest in) {
        Validation v = Validation.of().range("maxResults", in.maxResults(), 1, 100)
                .oneOf("sortOrder", in.sortOrder(), List.of("asc", "desc"))
                .oneOf("sortBy", in.sortBy(), SORT_BY);
        checkFilters(v, in.filters());
        v.check();
        boolean includeDeleted = Boolean.TRUE.equals(in.includePlannedDeletion());
        Predicate<Secret> filter = SecretFilters.of(in.filters());
        List<Secret> matching = new ArrayList<>();
        for (Secret s : repository.listSecrets(ctx.accountId(), ctx.region())) {
            if ((includeDeleted || !s.isScheduledForDeletion()) && filter.test(s)) {
                matching.add(s);
            }
        }
        matching.sort(order(in.sortBy(), "desc".equals(in.sortOrder())));
        Page<Secret> page = Page.of(matching, in.maxResults() == null ? 100 : in.maxResults(), in.nextToken());
        List<SecretsManagerShapes.SecretListEntry> entries = new ArrayList<>();
        for (Secret s : page.items()) {
            entries.add(SecretViews.listEntry(s));
        }
        return new ListSecretsResponse(entries, page.nextToken());
    }

    static void checkFilters(Validation v, List<SecretsManagerShapes.Filter> filters) {
        if (filters == null) {
            return;
        }
        v.size("filters", filters, 0, 10);
        for (int i = 0; i < filters.size(); i++) {
            SecretsManagerShapes.Filter f = filters.get(i);
            String member = "filters." + (i + 1) + ".member";
            // A filter without a key, or a known key without values, is AWS's InvalidParameterException (not a
            // constraint violation); an unknown key is a ValidationException like any enum. (A null filter or
            // value never gets this far: the protocol refuses null list elements.)
            if (f.key() == null) {
                throw SecretsManagerErrors.invalidParameter("Invalid filter key");
            }
            v.oneOf(member + ".key", f.key(), SecretFilters.KEYS);
            if (SecretFilters.KEYS.contains(f.key()) && (f.values() == null || f.values().isEmpty())) {
                throw SecretsManagerErrors.invalidParameter("Invalid filter values for key: " + f.key());
            }
            v.size(member + ".values", f.values(), 1, 10);
            if (f.values() != null) {
                for (String value : f.values()) {
                    v.length(member + ".values", value, 0, 512)
                            .pattern(member + ".values", value,
                                    java.util.regex.Pattern.compile("^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$"));
                }
            }
        }
    }

    private static Comparator<Secret> order(String sortBy, boolean descending) {
        Comparator<Secret> c = switch (sortBy == null ? "created-date" : sortBy) {
            case "name" -> Comparator.comparing(Secret::name);
            case "last-changed-date" -> Comparator.comparing(Secret::lastChangedDate,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            case "last-accessed-date" -> Comparator.comparing(Secret::lastAccessedDate,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> Comparator.comparing(Secret::createdDate);
        };
        c = c.thenComparing(Secret::arn);
        return descending ? c.reversed() : c;
    }

    DeleteSecretResponse deleteSecret(RequestContext ctx, DeleteSecretRequest in) {
        boolean force = Boolean.TRUE.equals(in.forceDeleteWithoutRecovery());
        if (force && in.recoveryWindowInDays() != null) {
            throw SecretsManagerErrors.invalidParameter(
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = in.recoveryWindowInDays() == null ? 30 : in.recoveryWindowInDays();
        if (!force && (days < 7 || days > 30)) {
            throw SecretsManagerErrors.invalidParameter(
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        Instant now = ctx.receivedAt();
        Optional<Secret> found = lookup.findIfExists(ctx, in.secretId());
        if (found.isEmpty() && force) {
            // The API reference: with ForceDeleteWithoutRecovery "Secrets Manager does not validate whether the secret
            // exists", so deleting a missing secret this way succeeds. The answer names what a secret of that name
            // would be (an ARN with a fresh suffix when given a name).
            String id = in.secretId();
            Optional<Arn> given = Arn.parse(id);
            String arn = given.isPresent() ? id
                    : "arn:aws:secretsmanager:" + ctx.region() + ":" + ctx.accountId() + ":secret:" + id + "-"
                    + Ids.alphanumeric(6);
            String name = given.map(a -> a.resource().replaceFirst("^secret:", "").replaceFirst("-[A-Za-z0-9]{6}$", ""))
                    .orElse(id);
            return new DeleteSecretResponse(arn, name, now);
        }
        Secret secret = found.orElseThrow(SecretsManagerErrors::notFound);
        if (Replicas.isReplica(secret)) {
            throw SecretsManagerErrors.replicaIsReadOnly();
        }
        if (!secret.replicationStatus().isEmpty()) {
            throw SecretsManagerErrors.invalidRequest("You can't delete secret " + secret.name()
                    + " that still has replica regions. Remove the replica regions first.");
        }
        if (force) {
            repository.purge(secret.arn());
            return new DeleteSecretResponse(secret.arn(), secret.name(), now);
        }
        if (secret.isScheduledForDeletion()) {
            throw SecretsManagerErrors.markedForDeletion();
        }
        Instant purgeAt = now.plus(Duration.ofDays(days));
        repository.scheduleDeletion(secret.arn(), purgeAt);
        return new DeleteSecretResponse(secret.arn(), secret.name(), purgeAt);
    }

    RestoreSecretResponse restoreSecret(RequestContext ctx, RestoreSecretRequest in) {
        Secret secret = lookup.find(ctx, in.secretId());
        repository.cancelDeletion(secret.arn());
        return new RestoreSecretResponse(secret.arn(), secret.name());
    }
}
