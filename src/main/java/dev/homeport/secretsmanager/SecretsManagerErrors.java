package dev.homeport.secretsmanager;

import dev.homeport.protocol.AwsServiceException;

/**
 * Every error Secrets Manager answers, worded as AWS words it (recorded responses of the real
 * service). Operations throw these; nothing else formats a Secrets Manager error. No message ever
 * includes a secret value.
 */
public final class SecretsManagerErrors {
    private SecretsManagerErrors() {
    }

    private static AwsServiceException error(String type, String message) {
        return new AwsServiceException(type, 400, message);
    }

    public static AwsServiceException notFound() {
        return error("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    public static AwsServiceException versionNotFound(String versionId) {
        return error("ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
    }

    public static AwsServiceException stageNotFound(String stage) {
        return error("ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: " + stage);
    }

    public static AwsServiceException stageNotOnVersion() {
        return error("InvalidRequestException",
                "You provided a VersionStage that is not associated to the provided VersionId.");
    }

    public static AwsServiceException alreadyExists(String name) {
        return error("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
    }

    public static AwsServiceException versionExists() {
        return error("ResourceExistsException",
                "A resource with the ID you requested already exists.");
    }

    public static AwsServiceException markedForDeletion() {
        return error("InvalidRequestException",
                "You can't perform this operation on the secret because it was marked for deletion.");
    }

    public static AwsServiceException invalidParameter(String message) {
        return error("InvalidParameterException", message);
    }

    public static AwsServiceException invalidRequest(String message) {
        return error("InvalidRequestException", message);
    }

    public static AwsServiceException invalidNextToken() {
        return error("InvalidNextTokenException", "The NextToken value is invalid.");
    }

    public static AwsServiceException malformedPolicy(String message) {
        return error("MalformedPolicyDocumentException", message);
    }

    public static AwsServiceException limitExceeded(String message) {
        return error("LimitExceededException", message);
    }

    public static AwsServiceException decryptionFailure() {
        // The stored ciphertext did not open: wrong master key or tampered data. Never say more.
        return error("DecryptionFailure",
                "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    }

    public static AwsServiceException rotationNotAvailable() {
        return error("InvalidRequestException", "Homeport does not run rotation yet: RotateSecret would need to "
                + "invoke the rotation function, which this version cannot do. The rotation settings were not changed.");
    }

    public static AwsServiceException replicaIsReadOnly() {
        return error("InvalidRequestException",
                "Operation not permitted on a replica secret. Call must be made in primary secret's region.");
    }

    public static AwsServiceException scheduledForDeletionOnCreate() {
        return error("InvalidRequestException",
                "You can't create this secret because a secret with this name is already scheduled for deletion.");
    }

    public static AwsServiceException invalidName() {
        return new AwsServiceException("ValidationException", 400,
                "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
    }
}
