package dev.homeport.secretsmanager;

import dev.homeport.common.Arn;
import dev.homeport.protocol.ProtocolErrors;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.model.Secret;

import java.util.Optional;

/**
 * Finds the secret a request names, the way AWS resolves a SecretId: a name, a full ARN, or an ARN
 * without its random suffix, in the caller's account and region.
 *
 * <p>An ARN names an account and a region, and is where isolation is decided, before the secret is looked for
 * (so that the answer tells nothing about what another account holds): another region's ARN is a secret this
 * region does not have (ResourceNotFoundException, as AWS answers it); another account's ARN needs that
 * account's resource policy to grant the caller, and Homeport does not evaluate policies yet, so it is refused
 * with AccessDeniedException.
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

    /** {@link #find}, empty where there is no such secret in the caller's account and region. */
    Optional<Secret> findIfExists(RequestContext ctx, String secretId) {
        Validation.of().notNull("secretId", secretId).length("secretId", secretId, 1, 2048).check();
        checkScope(ctx, secretId);
        return repository.findBySecretId(ctx.accountId(), ctx.region(), secretId);
    }

    /** Refuses an ARN of another account (AccessDeniedException) or region (ResourceNotFoundException). */
    private static void checkScope(RequestContext ctx, String secretId) {
        Optional<Arn> arn = secretId.startsWith("arn:") ? Arn.parse(secretId) : Optional.empty();
        if (arn.isEmpty() || !arn.get().service().equals("secretsmanager")) {
            return; // not a secret's ARN: no secret has it as its id (ResourceNotFoundException)
        }
        // BatchGetSecretValue reads each secret with GetSecretValue's permission, as AWS documents.
        String operation = ctx.operation().equals("BatchGetSecretValue") ? "GetSecretValue" : ctx.operation();
        ProtocolErrors.requireCallerAccount(ctx, arn.get().account(), "secretsmanager:" + operation, secretId);
        if (!arn.get().region().equals(ctx.region())) {
            throw SecretsManagerErrors.notFound();
        }
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
