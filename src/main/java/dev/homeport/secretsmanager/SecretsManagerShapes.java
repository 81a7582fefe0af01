package dev.homeport.secretsmanager;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The request and response shapes of the Secrets Manager API, member for member as in the service
 * model (generated once from the shape list, then kept by hand). Wire names are PascalCase; a
 * missing member is {@code null}. Constraints are checked by the operations, not here.
 */
public final class SecretsManagerShapes {
    private SecretsManagerShapes() {
    }

    public record APIErrorType(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("ErrorCode") String errorCode,
            @JsonProperty("Message") String message) {
    }

    public record BatchGetSecretValueRequest(
            @JsonProperty("SecretIdList") List<String> secretIdList,
            @JsonProperty("Filters") List<Filter> filters,
            @JsonProperty("MaxResults") Integer maxResults,
            @JsonProperty("NextToken") String nextToken) {
    }

    public record BatchGetSecretValueResponse(
            @JsonProperty("SecretValues") List<SecretValueEntry> secretValues,
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("Errors") List<APIErrorType> errors) {
    }

    public record CancelRotateSecretRequest(
            @JsonProperty("SecretId") String secretId) {
    }

    public record CancelRotateSecretResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("VersionId") String versionId) {
    }

    public record CreateSecretRequest(
            @JsonProperty("Name") String name,
            @JsonProperty("ClientRequestToken") String clientRequestToken,
            @JsonProperty("Description") String description,
            @JsonProperty("KmsKeyId") String kmsKeyId,
            @JsonProperty("SecretBinary") byte[] secretBinary,
            @JsonProperty("SecretString") String secretString,
            @JsonProperty("Tags") List<Tag> tags,
            @JsonProperty("AddReplicaRegions") List<ReplicaRegionType> addReplicaRegions,
            @JsonProperty("ForceOverwriteReplicaSecret") Boolean forceOverwriteReplicaSecret,
            @JsonProperty("Type") String type) {
        /** Secret values stay out of logs and error messages, even by accident. */
        @Override
        public String toString() {
            return "CreateSecretRequest[<redacted>]";
        }
    }

    public record CreateSecretResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("VersionId") String versionId,
            @JsonProperty("ReplicationStatus") List<ReplicationStatusType> replicationStatus) {
    }

    public record DeleteResourcePolicyRequest(
            @JsonProperty("SecretId") String secretId) {
    }

    public record DeleteResourcePolicyResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name) {
    }

    public record DeleteSecretRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("RecoveryWindowInDays") Long recoveryWindowInDays,
            @JsonProperty("ForceDeleteWithoutRecovery") Boolean forceDeleteWithoutRecovery) {
    }

    public record DeleteSecretResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("DeletionDate") Instant deletionDate) {
    }

    public record DescribeSecretRequest(
            @JsonProperty("SecretId") String secretId) {
    }

    public record DescribeSecretResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("Type") String type,
            @JsonProperty("Description") String description,
            @JsonProperty("KmsKeyId") String kmsKeyId,
            @JsonProperty("RotationEnabled") Boolean rotationEnabled,
            @JsonProperty("RotationLambdaARN") String rotationLambdaARN,
            @JsonProperty("RotationRules") RotationRulesType rotationRules,
            @JsonProperty("ExternalSecretRotationMetadata") List<ExternalSecretRotationMetadataItem> externalSecretRotationMetadata,
            @JsonProperty("ExternalSecretRotationRoleArn") String externalSecretRotationRoleArn,
            @JsonProperty("LastRotatedDate") Instant lastRotatedDate,
            @JsonProperty("LastChangedDate") Instant lastChangedDate,
            @JsonProperty("LastAccessedDate") Instant lastAccessedDate,
            @JsonProperty("DeletedDate") Instant deletedDate,
            @JsonProperty("NextRotationDate") Instant nextRotationDate,
            @JsonProperty("Tags") List<Tag> tags,
            @JsonProperty("VersionIdsToStages") Map<String, List<String>> versionIdsToStages,
            @JsonProperty("OwningService") String owningService,
            @JsonProperty("CreatedDate") Instant createdDate,
            @JsonProperty("PrimaryRegion") String primaryRegion,
            @JsonProperty("ReplicationStatus") List<ReplicationStatusType> replicationStatus) {
    }

    public record ExternalSecretRotationMetadataItem(
            @JsonProperty("Key") String key,
            @JsonProperty("Value") String value) {
    }

    public record Filter(
            @JsonProperty("Key") String key,
            @JsonProperty("Values") List<String> values) {
    }

    public record GetRandomPasswordRequest(
            @JsonProperty("PasswordLength") Long passwordLength,
            @JsonProperty("ExcludeCharacters") String excludeCharacters,
            @JsonProperty("ExcludeNumbers") Boolean excludeNumbers,
            @JsonProperty("ExcludePunctuation") Boolean excludePunctuation,
            @JsonProperty("ExcludeUppercase") Boolean excludeUppercase,
            @JsonProperty("ExcludeLowercase") Boolean excludeLowercase,
            @JsonProperty("IncludeSpace") Boolean includeSpace,
            @JsonProperty("RequireEachIncludedType") Boolean requireEachIncludedType) {
    }

    public record GetRandomPasswordResponse(
            @JsonProperty("RandomPassword") String randomPassword) {
        /** Secret values stay out of logs and error messages, even by accident. */
        @Override
        public String toString() {
            return "GetRandomPasswordResponse[<redacted>]";
        }
    }

    public record GetResourcePolicyRequest(
            @JsonProperty("SecretId") String secretId) {
    }

    public record GetResourcePolicyResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("ResourcePolicy") String resourcePolicy) {
    }

    public record GetSecretValueRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("VersionId") String versionId,
            @JsonProperty("VersionStage") String versionStage) {
    }

    public record GetSecretValueResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("VersionId") String versionId,
            @JsonProperty("SecretBinary") byte[] secretBinary,
            @JsonProperty("SecretString") String secretString,
            @JsonProperty("VersionStages") List<String> versionStages,
            @JsonProperty("CreatedDate") Instant createdDate) {
        /** Secret values stay out of logs and error messages, even by accident. */
        @Override
        public String toString() {
            return "GetSecretValueResponse[<redacted>]";
        }
    }

    public record ListSecretVersionIdsRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("MaxResults") Integer maxResults,
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("IncludeDeprecated") Boolean includeDeprecated) {
    }

    public record ListSecretVersionIdsResponse(
            @JsonProperty("Versions") List<SecretVersionsListEntry> versions,
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name) {
    }

    public record ListSecretsRequest(
            @JsonProperty("IncludePlannedDeletion") Boolean includePlannedDeletion,
            @JsonProperty("MaxResults") Integer maxResults,
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("Filters") List<Filter> filters,
            @JsonProperty("SortOrder") String sortOrder,
            @JsonProperty("SortBy") String sortBy) {
    }

    public record ListSecretsResponse(
            @JsonProperty("SecretList") List<SecretListEntry> secretList,
            @JsonProperty("NextToken") String nextToken) {
    }

    public record PutResourcePolicyRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("ResourcePolicy") String resourcePolicy,
            @JsonProperty("BlockPublicPolicy") Boolean blockPublicPolicy) {
    }

    public record PutResourcePolicyResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name) {
    }

    public record PutSecretValueRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("ClientRequestToken") String clientRequestToken,
            @JsonProperty("SecretBinary") byte[] secretBinary,
            @JsonProperty("SecretString") String secretString,
            @JsonProperty("VersionStages") List<String> versionStages,
            @JsonProperty("RotationToken") String rotationToken) {
        /** Secret values stay out of logs and error messages, even by accident. */
        @Override
        public String toString() {
            return "PutSecretValueRequest[<redacted>]";
        }
    }

    public record PutSecretValueResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("VersionId") String versionId,
            @JsonProperty("VersionStages") List<String> versionStages) {
    }

    public record RemoveRegionsFromReplicationRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("RemoveReplicaRegions") List<String> removeReplicaRegions) {
    }

    public record RemoveRegionsFromReplicationResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("ReplicationStatus") List<ReplicationStatusType> replicationStatus) {
    }

    public record ReplicaRegionType(
            @JsonProperty("Region") String region,
            @JsonProperty("KmsKeyId") String kmsKeyId) {
    }

    public record ReplicateSecretToRegionsRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("AddReplicaRegions") List<ReplicaRegionType> addReplicaRegions,
            @JsonProperty("ForceOverwriteReplicaSecret") Boolean forceOverwriteReplicaSecret) {
    }

    public record ReplicateSecretToRegionsResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("ReplicationStatus") List<ReplicationStatusType> replicationStatus) {
    }

    public record ReplicationStatusType(
            @JsonProperty("Region") String region,
            @JsonProperty("KmsKeyId") String kmsKeyId,
            @JsonProperty("Status") String status,
            @JsonProperty("StatusMessage") String statusMessage,
            @JsonProperty("LastAccessedDate") Instant lastAccessedDate) {
    }

    public record RestoreSecretRequest(
            @JsonProperty("SecretId") String secretId) {
    }

    public record RestoreSecretResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name) {
    }

    public record RotateSecretRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("ClientRequestToken") String clientRequestToken,
            @JsonProperty("RotationLambdaARN") String rotationLambdaARN,
            @JsonProperty("RotationRules") RotationRulesType rotationRules,
            @JsonProperty("ExternalSecretRotationMetadata") List<ExternalSecretRotationMetadataItem> externalSecretRotationMetadata,
            @JsonProperty("ExternalSecretRotationRoleArn") String externalSecretRotationRoleArn,
            @JsonProperty("RotateImmediately") Boolean rotateImmediately) {
    }

    public record RotateSecretResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("VersionId") String versionId) {
    }

    public record RotationRulesType(
            @JsonProperty("AutomaticallyAfterDays") Long automaticallyAfterDays,
            @JsonProperty("Duration") String duration,
            @JsonProperty("ScheduleExpression") String scheduleExpression) {
    }

    public record SecretListEntry(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("Type") String type,
            @JsonProperty("Description") String description,
            @JsonProperty("KmsKeyId") String kmsKeyId,
            @JsonProperty("RotationEnabled") Boolean rotationEnabled,
            @JsonProperty("RotationLambdaARN") String rotationLambdaARN,
            @JsonProperty("RotationRules") RotationRulesType rotationRules,
            @JsonProperty("ExternalSecretRotationMetadata") List<ExternalSecretRotationMetadataItem> externalSecretRotationMetadata,
            @JsonProperty("ExternalSecretRotationRoleArn") String externalSecretRotationRoleArn,
            @JsonProperty("LastRotatedDate") Instant lastRotatedDate,
            @JsonProperty("LastChangedDate") Instant lastChangedDate,
            @JsonProperty("LastAccessedDate") Instant lastAccessedDate,
            @JsonProperty("DeletedDate") Instant deletedDate,
            @JsonProperty("NextRotationDate") Instant nextRotationDate,
            @JsonProperty("Tags") List<Tag> tags,
            @JsonProperty("SecretVersionsToStages") Map<String, List<String>> secretVersionsToStages,
            @JsonProperty("OwningService") String owningService,
            @JsonProperty("CreatedDate") Instant createdDate,
            @JsonProperty("PrimaryRegion") String primaryRegion) {
    }

    public record SecretValueEntry(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("VersionId") String versionId,
            @JsonProperty("SecretBinary") byte[] secretBinary,
            @JsonProperty("SecretString") String secretString,
            @JsonProperty("VersionStages") List<String> versionStages,
            @JsonProperty("CreatedDate") Instant createdDate) {
        /** Secret values stay out of logs and error messages, even by accident. */
        @Override
        public String toString() {
            return "SecretValueEntry[<redacted>]";
        }
    }

    public record SecretVersionsListEntry(
            @JsonProperty("VersionId") String versionId,
            @JsonProperty("VersionStages") List<String> versionStages,
            @JsonProperty("LastAccessedDate") Instant lastAccessedDate,
            @JsonProperty("CreatedDate") Instant createdDate,
            @JsonProperty("KmsKeyIds") List<String> kmsKeyIds) {
    }

    public record StopReplicationToReplicaRequest(
            @JsonProperty("SecretId") String secretId) {
    }

    public record StopReplicationToReplicaResponse(
            @JsonProperty("ARN") String arn) {
    }

    public record Tag(
            @JsonProperty("Key") String key,
            @JsonProperty("Value") String value) {
    }

    public record TagResourceRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("Tags") List<Tag> tags) {
    }

    public record UntagResourceRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("TagKeys") List<String> tagKeys) {
    }

    public record UpdateSecretRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("ClientRequestToken") String clientRequestToken,
            @JsonProperty("Description") String description,
            @JsonProperty("KmsKeyId") String kmsKeyId,
            @JsonProperty("SecretBinary") byte[] secretBinary,
            @JsonProperty("SecretString") String secretString,
            @JsonProperty("Type") String type) {
        /** Secret values stay out of logs and error messages, even by accident. */
        @Override
        public String toString() {
            return "UpdateSecretRequest[<redacted>]";
        }
    }

    public record UpdateSecretResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name,
            @JsonProperty("VersionId") String versionId) {
    }

    public record UpdateSecretVersionStageRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("VersionStage") String versionStage,
            @JsonProperty("RemoveFromVersionId") String removeFromVersionId,
            @JsonProperty("MoveToVersionId") String moveToVersionId) {
    }

    public record UpdateSecretVersionStageResponse(
            @JsonProperty("ARN") String arn,
            @JsonProperty("Name") String name) {
    }

    public record ValidateResourcePolicyRequest(
            @JsonProperty("SecretId") String secretId,
            @JsonProperty("ResourcePolicy") String resourcePolicy) {
    }

    public record ValidateResourcePolicyResponse(
            @JsonProperty("PolicyValidationPassed") Boolean policyValidationPassed,
            @JsonProperty("ValidationErrors") List<ValidationErrorsEntry> validationErrors) {
    }

    public record ValidationErrorsEntry(
            @JsonProperty("CheckName") String checkName,
            @JsonProperty("ErrorMessage") String errorMessage) {
    }
}
