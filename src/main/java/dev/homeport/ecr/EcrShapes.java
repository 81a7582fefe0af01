package dev.homeport.ecr;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * Amazon ECR request and response shapes, as records named after the service model ({@code ecr.service-2.json});
 * members are camelCase on the wire (a tag's {@code Key} and {@code Value} excepted), timestamps epoch seconds. Only
 * the operations Homeport implements are here; unknown request members are ignored.
 */
final class EcrShapes {
    private EcrShapes() {
    }

    record Tag(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {
    }

    record ImageScanningConfiguration(Boolean scanOnPush) {
    }

    record EncryptionConfiguration(String encryptionType, String kmsKey) {
    }

    record Repository(String repositoryArn, String registryId, String repositoryName, String repositoryUri,
                      Instant createdAt, String imageTagMutability,
                      ImageScanningConfiguration imageScanningConfiguration,
                      EncryptionConfiguration encryptionConfiguration) {
    }

    record ImageIdentifier(String imageDigest, String imageTag) {
    }

    record ImageFailure(ImageIdentifier imageId, String failureCode, String failureReason) {
    }

    // ---------------------------------------------------------------- repositories

    record CreateRepositoryRequest(String registryId, String repositoryName, List<Tag> tags, String imageTagMutability,
                                   ImageScanningConfiguration imageScanningConfiguration,
                                   EncryptionConfiguration encryptionConfiguration) {
    }

    record RepositoryResponse(Repository repository) {
    }

    record DescribeRepositoriesRequest(String registryId, List<String> repositoryNames, String nextToken,
                                       Integer maxResults) {
    }

    record DescribeRepositoriesResponse(List<Repository> repositories, String nextToken) {
    }

    record DeleteRepositoryRequest(String registryId, String repositoryName, Boolean force) {
    }

    record PutImageTagMutabilityRequest(String registryId, String repositoryName, String imageTagMutability) {
    }

    record PutImageTagMutabilityResponse(String registryId, String repositoryName, String imageTagMutability) {
    }

    record TagResourceRequest(String resourceArn, List<Tag> tags) {
    }

    record UntagResourceRequest(String resourceArn, List<String> tagKeys) {
    }

    record ListTagsForResourceRequest(String resourceArn) {
    }

    record ListTagsForResourceResponse(List<Tag> tags) {
    }

    record Empty() {
    }

    record SetRepositoryPolicyRequest(String registryId, String repositoryName, String policyText, Boolean force) {
    }

    record RepositoryPolicyRequest(String registryId, String repositoryName) {
    }

    record RepositoryPolicyResponse(String registryId, String repositoryName, String policyText) {
    }

    // ---------------------------------------------------------------- images

    record TagStatusFilter(String tagStatus) {
    }

    record ListImagesRequest(String registryId, String repositoryName, String nextToken, Integer maxResults,
                             TagStatusFilter filter) {
    }

    record ListImagesResponse(List<ImageIdentifier> imageIds, String nextToken) {
    }

    record DescribeImagesRequest(String registryId, String repositoryName, List<ImageIdentifier> imageIds,
                                 String nextToken, Integer maxResults, TagStatusFilter filter) {
    }

    record ImageDetail(String registryId, String repositoryName, String imageDigest, List<String> imageTags,
                       Long imageSizeInBytes, Instant imagePushedAt, String imageManifestMediaType,
                       String artifactMediaType, Instant lastRecordedPullTime, String subjectManifestDigest,
                       String imageStatus) {
    }

    record DescribeImagesResponse(List<ImageDetail> imageDetails, String nextToken) {
    }

    record BatchGetImageRequest(String registryId, String repositoryName, List<ImageIdentifier> imageIds,
                                List<String> acceptedMediaTypes) {
    }

    record Image(String registryId, String repositoryName, ImageIdentifier imageId, String imageManifest,
                 String imageManifestMediaType) {
    }

    record BatchGetImageResponse(List<Image> images, List<ImageFailure> failures) {
    }

    record BatchDeleteImageRequest(String registryId, String repositoryName, List<ImageIdentifier> imageIds) {
    }

    record BatchDeleteImageResponse(List<ImageIdentifier> imageIds, List<ImageFailure> failures) {
    }

    record GetAuthorizationTokenRequest(List<String> registryIds) {
    }

    record AuthorizationData(String authorizationToken, Instant expiresAt, String proxyEndpoint) {
    }

    record GetAuthorizationTokenResponse(List<AuthorizationData> authorizationData) {
    }

    // ---------------------------------------------------------------- lifecycle policies

    record LifecyclePolicyRequest(String registryId, String repositoryName, String lifecyclePolicyText) {
    }

    record LifecyclePolicyResponse(String registryId, String repositoryName, String lifecyclePolicyText,
                                   Instant lastEvaluatedAt) {
    }

    record StartPreviewResponse(String registryId, String repositoryName, String lifecyclePolicyText,
                                String status) {
    }

    record GetPreviewRequest(String registryId, String repositoryName, List<ImageIdentifier> imageIds,
                             String nextToken, Integer maxResults) {
    }

    record RuleAction(String type) {
    }

    record PreviewResult(List<String> imageTags, String imageDigest, Instant imagePushedAt, RuleAction action,
                         Integer appliedRulePriority) {
    }

    record PreviewSummary(Integer expiringImageTotalCount) {
    }

    record GetPreviewResponse(String registryId, String repositoryName, String lifecyclePolicyText, String status,
                              String nextToken, List<PreviewResult> previewResults, PreviewSummary summary) {
    }

    // ---------------------------------------------------------------- layers and scans

    record BatchCheckLayerAvailabilityRequest(String registryId, String repositoryName, List<String> layerDigests) {
    }

    record Layer(String layerDigest, String layerAvailability, Long layerSize, String mediaType) {
    }

    record LayerFailure(String layerDigest, String failureCode, String failureReason) {
    }

    record BatchCheckLayerAvailabilityResponse(List<Layer> layers, List<LayerFailure> failures) {
    }

    record DescribeImageScanFindingsRequest(String registryId, String repositoryName, ImageIdentifier imageId,
                                            String nextToken, Integer maxResults) {
    }

    record PutImageRequest(String registryId, String repositoryName, String imageManifest,
                           String imageManifestMediaType, String imageTag, String imageDigest) {
    }

    record PutImageResponse(Image image) {
    }
}
