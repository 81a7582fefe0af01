package dev.homeport.secretsmanager;

import dev.homeport.protocol.Access;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.RequestContext;
import dev.homeport.secretsmanager.SecretsManagerShapes.Tag;
import dev.homeport.secretsmanager.model.Secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The permissions of Secrets Manager's operations, as the <i>Service Authorization Reference</i> lists them: every
 * operation on a secret needs {@code secretsmanager:<Operation>} on the secret's ARN, with the secret's resource
 * policy, its tags ({@code aws:ResourceTag/*}, {@code secretsmanager:ResourceTag/*}) and
 * {@code secretsmanager:SecretId}; ListSecrets, GetRandomPassword and BatchGetSecretValue itself need their action
 * on {@code *} (BatchGetSecretValue with filters also ListSecrets).
 *
 * <p>A secret that does not exist (yet) is named {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>},
 * without the six random characters AWS adds on creation: the ARN a policy can name it by before it exists.
 */
final class SecretAccess {
    private final SecretLookup lookup;

    SecretAccess(SecretLookup lookup) {
        this.lookup = lookup;
    }

    /** An operation on the secret its input names: {@code secretsmanager:<operation>} on it. */
    <I> AccessRule<I> onSecret(String operation, Function<I, String> secretId) {
        return onSecret(operation, secretId, input -> Map.of());
    }

    /**
     * An operation on the secret its input names, with the service's condition keys the input sets ({@code keys}
     * leaves out those it does not set: a policy's {@code ...IfExists} then passes, and a plain condition fails).
     */
    <I> AccessRule<I> onSecret(String operation, Function<I, String> secretId,
                               Function<I, Map<String, List<String>>> keys) {
        String action = "secretsmanager:" + operation;
        return (ctx, input) -> List.of(secret(ctx, action, secretId.apply(input), keys.apply(input)));
    }

    /** DeleteSecret's keys: {@code secretsmanager:ForceDeleteWithoutRecovery} and {@code RecoveryWindowInDays}. */
    static Map<String, List<String>> deleteKeys(SecretsManagerShapes.DeleteSecretRequest in) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        put(keys, "secretsmanager:ForceDeleteWithoutRecovery", in.forceDeleteWithoutRecovery());
        put(keys, "secretsmanager:RecoveryWindowInDays", in.recoveryWindowInDays());
        return keys;
    }

    /** UpdateSecret's keys: {@code secretsmanager:Description} and {@code secretsmanager:KmsKeyId}. */
    static Map<String, List<String>> updateKeys(SecretsManagerShapes.UpdateSecretRequest in) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        put(keys, "secretsmanager:Description", in.description());
        put(keys, "secretsmanager:KmsKeyId", in.kmsKeyId());
        return keys;
    }

    /** UpdateSecretVersionStage's key: {@code secretsmanager:VersionStage}, the label it moves. */
    static Map<String, List<String>> versionStageKeys(SecretsManagerShapes.UpdateSecretVersionStageRequest in) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        put(keys, "secretsmanager:VersionStage", in.versionStage());
        return keys;
    }

    /** ReplicateSecretToRegions' (and CreateSecret's) keys: the regions added, and whether a replica is overwritten. */
    static Map<String, List<String>> replicaKeys(List<SecretsManagerShapes.ReplicaRegionType> regions,
                                                 Boolean forceOverwrite) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        if (regions != null && !regions.isEmpty()) {
            keys.put("secretsmanager:AddReplicaRegions", regions.stream()
                    .map(r -> r == null || r.region() == null ? "" : r.region()).toList());
        }
        put(keys, "secretsmanager:ForceOverwriteReplicaSecret", forceOverwrite);
        return keys;
    }

    private static void put(Map<String, List<String>> keys, String key, Object value) {
        if (value != null) {
            keys.put(key, List.of(String.valueOf(value)));
        }
    }

    /** GetSecretValue, with the version condition keys AWS documents for it. */
    AccessRule<SecretsManagerShapes.GetSecretValueRequest> getSecretValue() {
        return (ctx, in) -> {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            if (in.versionStage() != null) {
                keys.put("secretsmanager:VersionStage", List.of(in.versionStage()));
            }
            if (in.versionId() != null) {
                keys.put("secretsmanager:VersionId", List.of(in.versionId()));
            }
            return List.of(secret(ctx, "secretsmanager:GetSecretValue", in.secretId(), keys));
        };
    }

    /**
     * BatchGetSecretValue itself, on {@code *}; "if you use filters, you must also have secretsmanager:ListSecrets"
     * (its API reference): a filter finds secrets by name, description and tags, as ListSecrets does. Each secret it
     * returns is then read with GetSecretValue's permission, by the operation.
     */
    static AccessRule<SecretsManagerShapes.BatchGetSecretValueRequest> batchGetSecretValue() {
        List<Access> byId = List.of(Access.toAny("secretsmanager:BatchGetSecretValue"));
        List<Access> byFilter = List.of(byId.getFirst(), Access.toAny("secretsmanager:ListSecrets"));
        return (ctx, in) -> in.filters() == null ? byId : byFilter;
    }

    /**
     * CreateSecret: the new secret's ARN, its name, description, KMS key, replica regions, and the tags it is created
     * with. As its API reference says, "if you include tags in the secret, you also need secretsmanager:TagResource",
     * and "to add replica Regions, you must also have secretsmanager:ReplicateSecretToRegions".
     */
    AccessRule<SecretsManagerShapes.CreateSecretRequest> createSecret() {
        return (ctx, in) -> {
            Map<String, List<String>> keys = Access.requestTags(in.tags(), Tag::key, Tag::value);
            if (in.name() != null) {
                keys.put("secretsmanager:Name", List.of(in.name()));
            }
            put(keys, "secretsmanager:Description", in.description());
            put(keys, "secretsmanager:KmsKeyId", in.kmsKeyId());
            keys.putAll(replicaKeys(in.addReplicaRegions(), in.forceOverwriteReplicaSecret()));
            Access create = secret(ctx, "secretsmanager:CreateSecret", in.name(), keys);
            List<Access> out = new java.util.ArrayList<>(Access.creating(create, "secretsmanager:TagResource"));
            if (in.addReplicaRegions() != null && !in.addReplicaRegions().isEmpty()) {
                out.add(create.as("secretsmanager:ReplicateSecretToRegions"));
            }
            return out;
        };
    }

    AccessRule<SecretsManagerShapes.TagResourceRequest> tagResource() {
        return (ctx, in) -> List.of(secret(ctx, "secretsmanager:TagResource", in.secretId(),
                Access.requestTags(in.tags(), Tag::key, Tag::value)));
    }

    AccessRule<SecretsManagerShapes.UntagResourceRequest> untagResource() {
        return (ctx, in) -> List.of(secret(ctx, "secretsmanager:UntagResource", in.secretId(),
                in.tagKeys() == null ? Map.of() : Map.of("aws:TagKeys", List.copyOf(in.tagKeys()))));
    }

    AccessRule<SecretsManagerShapes.PutResourcePolicyRequest> putResourcePolicy() {
        return (ctx, in) -> List.of(secret(ctx, "secretsmanager:PutResourcePolicy", in.secretId(),
                Map.of("secretsmanager:BlockPublicPolicy",
                        List.of(String.valueOf(!Boolean.FALSE.equals(in.blockPublicPolicy()))))));
    }

    /** ValidateResourcePolicy: on the secret when one is named, else on {@code *}. */
    AccessRule<SecretsManagerShapes.ValidateResourcePolicyRequest> validateResourcePolicy() {
        String action = "secretsmanager:ValidateResourcePolicy";
        return (ctx, in) -> List.of(in.secretId() == null ? Access.toAny(action)
                : secret(ctx, action, in.secretId(), Map.of()));
    }

    /** {@code action} on the secret a SecretId names, with its policy, tags and condition keys. */
    Access secret(RequestContext ctx, String action, String secretId) {
        return secret(ctx, action, secretId, Map.of());
    }

    private Access secret(RequestContext ctx, String action, String secretId, Map<String, List<String>> keys) {
        Optional<Secret> found = lookup.findQuietly(ctx, secretId);
        String arn = found.map(Secret::arn).orElseGet(() -> unresolvedArn(ctx, secretId));
        Map<String, String> tags = new LinkedHashMap<>();
        found.ifPresent(s -> s.tags().forEach(t -> tags.put(t.key(), t.value())));
        Map<String, List<String>> conditionKeys = new LinkedHashMap<>(keys);
        conditionKeys.put("secretsmanager:SecretId", List.of(arn));
        tags.forEach((k, v) -> conditionKeys.put("secretsmanager:ResourceTag/" + k, List.of(v)));
        return new Access(action, arn, found.map(Secret::resourcePolicy).orElse(null), tags, conditionKeys, false);
    }

    /** The ARN a SecretId stands for when no secret has it: itself when it is an ARN, else built from the name. */
    private static String unresolvedArn(RequestContext ctx, String secretId) {
        if (secretId != null && secretId.startsWith("arn:")) {
            return secretId;
        }
        return "arn:aws:secretsmanager:" + ctx.region() + ":" + ctx.accountId() + ":secret:"
                + (secretId == null ? "" : secretId);
    }


}
