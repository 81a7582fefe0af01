package dev.homeport.ecr;

import dev.homeport.protocol.AwsServiceException;

/**
 * Every error ECR's API answers, worded as the service words it. Operations throw these; nothing else formats an ECR
 * error. (The registry's errors are the OCI distribution specification's: see {@code registry.RegistryErrors}.)
 */
final class EcrErrors {
    private EcrErrors() {
    }

    private static AwsServiceException error(String type, String message) {
        return new AwsServiceException(type, 400, message);
    }

    static AwsServiceException repositoryNotFound(String name, String registryId) {
        return error("RepositoryNotFoundException", "The repository with name '" + name
                + "' does not exist in the registry with id '" + registryId + "'");
    }

    static AwsServiceException repositoryExists(String name, String registryId) {
        return error("RepositoryAlreadyExistsException", "The repository with name '" + name
                + "' already exists in the registry with id '" + registryId + "'");
    }

    static AwsServiceException policyNotFound(String name, String registryId) {
        return error("RepositoryPolicyNotFoundException", "Repository policy does not exist for the repository with "
                + "name '" + name + "' in the registry with id '" + registryId + "'");
    }

    static AwsServiceException lifecyclePolicyNotFound(String name, String registryId) {
        return error("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository with name '"
                + name + "' in the registry with id '" + registryId + "'");
    }

    static AwsServiceException previewNotFound(String name, String registryId) {
        return error("LifecyclePolicyPreviewNotFoundException", "Lifecycle policy preview does not exist for the "
                + "repository with name '" + name + "' in the registry with id '" + registryId + "'");
    }

    /** A lifecycle policy ECR can't apply, with what is wrong with it. */
    static AwsServiceException invalidLifecyclePolicy(String problem) {
        return invalidParameter("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle "
                + "policy validation failure: " + problem + "'");
    }

    static AwsServiceException scanNotFound(String digest, String tag, String name, String registryId) {
        return error("ScanNotFoundException", "Image scan does not exist for the image with '{imageDigest:'" + digest
                + "', imageTag:'" + tag + "'}' in the repository with name '" + name + "' in the registry with id '"
                + registryId + "'");
    }

    static AwsServiceException imageAlreadyExists(String digest, String tag, String name, String registryId) {
        return error("ImageAlreadyExistsException", "Image with digest '" + digest + "' and tag '" + tag
                + "' already exists in the repository with name '" + name + "' in registry with id '" + registryId
                + "'");
    }

    static AwsServiceException imageTagAlreadyExists(String message) {
        return error("ImageTagAlreadyExistsException", message);
    }

    static AwsServiceException layersNotFound(java.util.List<String> digests, String name, String registryId) {
        return error("LayersNotFoundException", "Layers with digests '" + digests + "' required for pushing image "
                + "into repository with name '" + name + "' in registry with id '" + registryId + "' do not exist");
    }

    static AwsServiceException digestDoesNotMatch() {
        return error("ImageDigestDoesNotMatchException", "The provided image digest does not match the digest of the "
                + "image manifest");
    }

    static AwsServiceException repositoryNotEmpty(String name, String registryId) {
        return error("RepositoryNotEmptyException", "The repository with name '" + name + "' in registry with id '"
                + registryId + "' cannot be deleted because it still contains images");
    }

    static AwsServiceException imageNotFound(String digest, String tag, String name, String registryId) {
        return error("ImageNotFoundException", "The image with imageId {imageDigest:'" + digest + "', imageTag:'"
                + tag + "'} does not exist within the repository with name '" + name
                + "' in the registry with id '" + registryId + "'");
    }

    /** A member that breaks its constraint: ECR words these itself rather than as a ValidationException. */
    static AwsServiceException invalidParameter(String member, String constraint) {
        return error("InvalidParameterException", "Invalid parameter at '" + member
                + "' failed to satisfy constraint: '" + constraint + "'");
    }

    static AwsServiceException invalidParameter(String message) {
        return error("InvalidParameterException", message);
    }

    static AwsServiceException invalidTag(String message) {
        return error("InvalidTagParameterException", message);
    }

    static AwsServiceException tooManyTags() {
        return error("TooManyTagsException", "A repository can have up to 50 tags");
    }

    static AwsServiceException limitExceeded(String message) {
        return error("LimitExceededException", message);
    }
}
