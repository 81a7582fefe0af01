package dev.homeport.secretsmanager;

import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.secretsmanager.SecretsManagerShapes.CancelRotateSecretRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.CancelRotateSecretResponse;
import dev.homeport.secretsmanager.SecretsManagerShapes.RotateSecretRequest;
import dev.homeport.secretsmanager.SecretsManagerShapes.RotateSecretResponse;
import dev.homeport.secretsmanager.model.RotationSettings;
import dev.homeport.secretsmanager.model.Secret;

/**
 * RotateSecret and CancelRotateSecret. Rotation itself (running the four steps of a rotation
 * function) is not built yet, so RotateSecret checks its input as AWS does and then refuses
 * explicitly: answering success would tell a caller their credentials had rotated when nothing did.
 */
final class RotationOperations {
    private final SecretLookup lookup;
    private final SecretRepository repository;

    RotationOperations(SecretLookup lookup) {
        this.lookup = lookup;
        this.repository = lookup.repository();
    }

    void register(OperationRegistry registry, SecretAccess access) {
        registry.add("RotateSecret", RotateSecretRequest.class,
                access.onSecret("RotateSecret", RotateSecretRequest::secretId),
                this::rotateSecret);
        registry.add("CancelRotateSecret", CancelRotateSecretRequest.class,
                access.onSecret("CancelRotateSecret", CancelRotateSecretRequest::secretId),
                this::cancelRotateSecret);
    }

    RotateSecretResponse rotateSecret(RequestContext ctx, RotateSecretRequest in) {
        if (in.clientRequestToken() == null) {
            // AWS answers this one with InvalidParameterException, unlike the other writes.
            throw SecretsManagerErrors.invalidParameter(
                    "You must provide a ClientRequestToken value. We recommend a UUID-type value.");
        }
        Validation v = Validation.of().length("clientRequestToken", in.clientRequestToken(), 32, 64)
                .length("rotationLambdaARN", in.rotationLambdaARN(), 0, 2048);
        if (in.rotationRules() != null) {
            v.range("rotationRules.automaticallyAfterDays", in.rotationRules().automaticallyAfterDays(), 1, 1000)
                    .length("rotationRules.duration", in.rotationRules().duration(), 2, 3)
                    .length("rotationRules.scheduleExpression", in.rotationRules().scheduleExpression(), 1, 256);
        }
        v.check();
        lookup.findWritable(ctx, in.secretId());
        throw SecretsManagerErrors.rotationNotAvailable();
    }

    /**
     * Turns rotation off. As on AWS, an AWSPENDING label left by an interrupted rotation stays where
     * it is (the caller removes it with UpdateSecretVersionStage); its version id is reported.
     */
    CancelRotateSecretResponse cancelRotateSecret(RequestContext ctx, CancelRotateSecretRequest in) {
        Secret secret = lookup.findWritable(ctx, in.secretId());
        if (secret.rotation().lambdaArn() == null) {
            // What AWS answers for a secret whose rotation was never configured (its wording is RotateSecret's).
            throw SecretsManagerErrors.invalidRequest("You tried to enable rotation on a secret that doesn't already "
                    + "have a Lambda function ARN configured and you didn't include such an ARN as a parameter in "
                    + "this call.");
        }
        Secret updated = repository.updateSecret(secret.arn(), s -> {
            RotationSettings r = s.rotation();
            return s.toBuilder().rotation(new RotationSettings(false, r.lambdaArn(), r.rules(), r.lastRotatedDate(), null))
                    .lastChangedDate(ctx.receivedAt()).build();
        }).orElseThrow(SecretsManagerErrors::notFound);
        return new CancelRotateSecretResponse(updated.arn(), updated.name(),
                updated.versionIdForStage(Versions.PENDING).orElse(null));
    }
}
