package dev.homeport.secretsmanager;

import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.model.Secret;

/**
 * Finds the secret a request names, the way AWS resolves a SecretId: a name, a full ARN, or an ARN
 * without its random suffix, in the caller's account and region.
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
        Validation.of().notNull("secretId", secretId).length("secretId", secretId, 1, 2048).check();
        return repository.findBySecretId(ctx.accountId(), ctx.region(), secretId)
                .orElseThrow(SecretsManagerErrors::notFound);
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
