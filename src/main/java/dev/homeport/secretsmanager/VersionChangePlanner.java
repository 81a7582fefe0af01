package dev.homeport.secretsmanager;

/**
 * Decides, from the current {@link VersionState}, what {@link SecretRepository#applyVersionChange} should
 * write. It runs inside the write transaction, so its decision cannot be invalidated by a concurrent
 * PutSecretValue (e.g. AWSPREVIOUS always lands on the version that really was AWSCURRENT).
 *
 * <p>A planner may throw (typically the service's AWS error, such as ResourceExistsException for a reused
 * ClientRequestToken with a different value): nothing is written and the exception propagates unchanged.
 * It must be quick and must not call the repository (the transaction is held open while it runs).
 */
@FunctionalInterface
public interface VersionChangePlanner {
    VersionChange plan(VersionState current);
}
