package dev.homeport.secretsmanager;

import dev.homeport.common.Arn;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.model.Secret;

import java.util.Optional;

/**
 * Finds the secret a request names, the way AWS resolves a SecretId: a name, a full ARN, or an ARN
 * without its random suffix.
 *
 * <p>A name is looked for in the caller's account and region. An ARN names its own account and region: another
 * region's ARN is a secret this region does not have (ResourceNotFoundException, as AWS answers it); another
 * account's ARN is looked for in that account, which is safe because the request reached the operation only after
 * the authorizer allowed it (that account's resource policy grants the caller, see {@link SecretAccess}).
 */
final class SecretLookup {
    private final SecretRepository repository;

    SecretLookup(SecretRepository repository) {
        this.repository = repository;
    }

    SecretRepository repository() {
        return repository;
    }

    /** The secret, whether or not it is scheduled for deletion. */
    Secret find(RequestContext ctx, String secretId) {
        return findIfExists(ctx, secretId).orElseThrow(SecretsManagerErrors::notFound);
    }

    /** {@link #find}, empty where there is no such secret in the account and region the SecretId names. */
    Optional<Secret> findIfExists(RequestContext ctx, String secretId) {
        Validation.of().notNull("secretId", secretId).length("secretId", secretId, 1, 2048).check();
        Optional<Arn> arn = Arn.parse(secretId);
        if (arn.isPresent() && arn.get().service().equals("secretsmanager") && !arn.get().region().equals(ctx.region())) {
            throw SecretsManagerErrors.notFound(); // a secret of another region, even for a forced delete
        }
        return findQuietly(ctx, secretId);
    }

    /** The secret a SecretId names, if any; never throws (the authorizer asks before the input is validated). */
    Optional<Secret> findQuietly(RequestContext ctx, String secretId) {
        if (secretId == null || secretId.isEmpty()) {
            return Optional.empty();
        }
        String account = ctx.accountId();
        if (secretId.startsWith("arn:")) {
            Optional<Arn> arn = Arn.parse(secretId);
            if (arn.isEmpty() || !arn.get().service().equals("secretsmanager")
                    || !arn.get().region().equals(ctx.region())) {
                return Optional.empty(); // not a secret of this region: no secret has it as its id
            }
            account = arn.get().account();
        }
        return repository.findBySecretId(account, ctx.region(), secretId);
    }

    /** The secret, refusing one scheduled for deletion as AWS does for every operation but a few. */
    Secret findActive(RequestContext ctx, String secretId) {
        Secret secret = find(ctx, secretId);
        if (secret.isScheduledForDeletion()) {
            throw SecretsManagerErrors.markedForDeletion();
        }
        return secret;
    }

    /**
     * A secret whose metadata and values may be changed here: not deleted, and not a replica, since
     * AWS allows writes only in the primary region and replicates from there.
     */
    Secret findWritable(RequestContext ctx, String secretId) {
        Secret secret = findActive(ctx, secretId);
        if (Replicas.isReplica(secret)) {
            throw SecretsManagerErrors.replicaIsReadOnly();
        }
        return secret;
    }
}
