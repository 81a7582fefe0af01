package dev.homeport.ecs.runner;

import dev.homeport.protocol.sigv4.Credentials;

/**
 * Where ECS reads Secrets Manager secrets at task start: GetSecretValue, seen from the task's
 * execution role. Implemented by an adapter over the Secrets Manager service.
 *
 * <p>Thread-safe. Called from supervisor threads, never with a lock held.
 */
@FunctionalInterface
public interface SecretValueSource {
    /**
     * The {@code SecretString} of one version of a secret.
     *
     * @param caller       who reads: the task's execution role session, whatever account the ARN names
     * @param region       the secret's region (from the valueFrom ARN)
     * @param secretId     a full ARN, an ARN without the random suffix, or a name, as GetSecretValue accepts
     * @param versionStage a staging label, or null (AWSCURRENT when versionId is null too)
     * @param versionId    a version id, or null
     * @return the SecretString; {@code null} when the version holds only SecretBinary
     * @throws dev.homeport.protocol.AwsServiceException the error GetSecretValue would answer
     *         (ResourceNotFoundException, InvalidRequestException...), with its type and message
     */
    String secretString(Credentials caller, String region, String secretId, String versionStage, String versionId);
}
