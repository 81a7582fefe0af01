package dev.homeport.ecr;

import dev.homeport.common.PageTokens;
import dev.homeport.ecr.EcrShapes.BatchDeleteImageRequest;
import dev.homeport.ecr.EcrShapes.BatchDeleteImageResponse;
import dev.homeport.ecr.EcrShapes.BatchGetImageRequest;
import dev.homeport.ecr.EcrShapes.BatchGetImageResponse;
import dev.homeport.ecr.EcrShapes.DescribeImagesRequest;
import dev.homeport.ecr.EcrShapes.DescribeImagesResponse;
import dev.homeport.ecr.EcrShapes.ImageDetail;
import dev.homeport.ecr.EcrShapes.ImageFailure;
import dev.homeport.ecr.EcrShapes.ImageIdentifier;
import dev.homeport.ecr.EcrShapes.ListImagesRequest;
import dev.homeport.ecr.EcrShapes.ListImagesResponse;
import dev.homeport.ecr.registry.BlobStore;
import dev.homeport.ecr.registry.Manifests;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ProtocolErrors;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.sigv4.KeyDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** ListImages, DescribeImages, BatchGetImage, BatchDeleteImage and GetAuthorizationToken. */
final class ImageOperations {
    private final EcrStore store;
    private final BlobStore blobs;
    private final RepositoryOperations repositories;
    private final RegistryTokens tokens;
    private final KeyDirectory keys;
    private final Supplier<String> registryHost;
    private final Manifests manifests;

    ImageOperations(EcrStore store, BlobStore blobs, RepositoryOperations repositories, RegistryTokens tokens,
                    KeyDirectory keys, Supplier<String> registryHost, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.manifests = new Manifests(blobs, store, clock);
        this.repositories = repositories;
        this.tokens = tokens;
        this.keys = keys;
        this.registryHost = registryHost;
    }

    void register(OperationRegistry registry) {
        registry.add("ListImages", ListImagesRequest.class,
                EcrAccess.onRepository(store, "ListImages", ListImagesRequest::registryId, ListImagesRequest::repositoryName),
                this::listImages);
        registry.add("DescribeImages", DescribeImagesRequest.class,
                EcrAccess.onRepository(store, "DescribeImages", DescribeImagesRequest::registryId,
                        DescribeImagesRequest::repositoryName),
                this::describeImages);
        registry.add("BatchGetImage", BatchGetImageRequest.class,
                EcrAccess.onRepository(store, "BatchGetImage", BatchGetImageRequest::registryId,
                        BatchGetImageRequest::repositoryName),
                this::batchGetImage);
        registry.add("BatchDeleteImage", BatchDeleteImageRequest.class,
                EcrAccess.onRepository(store, "BatchDeleteImage", BatchDeleteImageRequest::registryId,
                        BatchDeleteImageRequest::repositoryName),
                this::batchDeleteImage);
        registry.add("BatchCheckLayerAvailability", EcrShapes.BatchCheckLayerAvailabilityRequest.class,
                EcrAccess.onRepository(store, "BatchCheckLayerAvailability",
                        EcrShapes.BatchCheckLayerAvailabilityRequest::registryId,
                        EcrShapes.BatchCheckLayerAvailabilityRequest::repositoryName),
                this::batchCheckLayerAvailability);
        registry.add("DescribeImageScanFindings", EcrShapes.DescribeImageScanFindingsRequest.class,
                EcrAccess.onRepository(store, "DescribeImageScanFindings",
                        EcrShapes.DescribeImageScanFindingsRequest::registryId,
                        EcrShapes.DescribeImageScanFindingsRequest::repositoryName),
                this::describeImageScanFindings);
        registry.add("PutImage", EcrShapes.PutImageRequest.class, EcrAccess.onRepository(store, "PutImage",
                EcrShapes.PutImageRequest::registryId, EcrShapes.PutImageRequest::repositoryName), this::putImage);
        registry.add("GetAuthorizationToken", EcrShapes.GetAuthorizationTokenRequest.class,
                AccessRule.any("ecr:GetAuthorizationToken"), this::getAuthorizationToken);
    }

    ListImagesResponse listImages(RequestContext ctx, ListImagesRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        String status = tagStatus(in.filter());
        List<ImageIdentifier> all = new ArrayList<>();
        for (EcrStore.Image i : store.images(r.id())) {
            if (i.tags().isEmpty()) {
                if (!status.equals("TAGGED")) {
                    all.add(new ImageIdentifier(i.digest(), null));
                }
            } else if (!status.equals("UNTAGGED")) {
                i.tags().forEach(t -> all.add(new ImageIdentifier(i.digest(), t)));
            }
        }
        Page<ImageIdentifier> page = page(all, in.nextToken(), in.maxResults());
        return new ListImagesResponse(page.items(), page.next());
    }

    DescribeImagesResponse describeImages(RequestContext ctx, DescribeImagesRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        if (in.imageIds() != null && (in.nextToken() != null || in.maxResults() != null)) {
            throw EcrErrors.invalidParameter("Invalid parameter: imageIds and nextToken or maxResults can not be "
                    + "provided together");
        }
        List<EcrStore.Image> images = store.images(r.id());
        List<ImageDetail> out = new ArrayList<>();
        if (in.imageIds() != null) {
            for (ImageIdentifier id : in.imageIds()) {
                EcrStore.Image found = find(r, images, id).orElseThrow(() -> EcrErrors.imageNotFound(
                        id.imageDigest(), id.imageTag(), r.name(), r.account()));
                if (out.stream().noneMatch(d -> d.imageDigest().equals(found.digest()))) {
                    out.add(detail(r, found));
                }
            }
            return new DescribeImagesResponse(out, null);
        }
        String status = tagStatus(in.filter());
        for (EcrStore.Image i : images) {
            if ((status.equals("TAGGED") && i.tags().isEmpty()) || (status.equals("UNTAGGED") && !i.tags().isEmpty())) {
                continue;
            }
            out.add(detail(r, i));
        }
        Page<ImageDetail> page = page(out, in.nextToken(), in.maxResults());
        return new DescribeImagesResponse(page.items(), page.next());
    }

    BatchGetImageResponse batchGetImage(RequestContext ctx, BatchGetImageRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        requireIds(in.imageIds());
        List<EcrStore.Image> images = store.images(r.id());
        List<EcrShapes.Image> found = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        for (ImageIdentifier id : in.imageIds()) {
            Optional<EcrStore.Image> image = resolve(r, images, id, failures);
            if (image.isEmpty()) {
                continue;
            }
            EcrStore.Image i = image.get();
            String manifest = manifest(i.digest());
            found.add(new EcrShapes.Image(r.account(), r.name(), new ImageIdentifier(i.digest(), id.imageTag()),
                    manifest, i.mediaType()));
        }
        return new BatchGetImageResponse(found, failures);
    }

    BatchDeleteImageResponse batchDeleteImage(RequestContext ctx, BatchDeleteImageRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        requireIds(in.imageIds());
        List<ImageIdentifier> deleted = new ArrayList<>();
        List<ImageFailure> failures = new ArrayList<>();
        for (ImageIdentifier id : in.imageIds()) {
            Optional<EcrStore.Image> image = resolve(r, store.images(r.id()), id, failures);
            if (image.isEmpty()) {
                continue;
            }
            EcrStore.Image i = image.get();
            if (id.imageDigest() == null && i.tags().size() > 1) {
                // a tag of an image with others: only the tag goes (ECR "untags" it)
                store.untag(r.id(), id.imageTag());
                deleted.add(new ImageIdentifier(i.digest(), id.imageTag()));
                continue;
            }
            store.deleteImage(r.id(), i.digest());
            if (i.tags().isEmpty()) {
                deleted.add(new ImageIdentifier(i.digest(), null));
            } else {
                i.tags().forEach(t -> deleted.add(new ImageIdentifier(i.digest(), t)));
            }
        }
        return new BatchDeleteImageResponse(deleted, failures);
    }

    /** A manifest through the API instead of the registry: stored, checked and tagged as a registry push is. */
    EcrShapes.PutImageResponse putImage(RequestContext ctx, EcrShapes.PutImageRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        if (in.imageManifest() == null || in.imageManifest().isEmpty()) {
            throw EcrErrors.invalidParameter("imageManifest", "must not be empty");
        }
        byte[] body = in.imageManifest().getBytes(StandardCharsets.UTF_8);
        String digest = BlobStore.digest(body);
        if (in.imageTag() != null && store.tagged(r.id(), in.imageTag()).filter(digest::equals).isPresent()) {
            throw EcrErrors.imageAlreadyExists(digest, in.imageTag(), r.name(), r.account());
        }
        Manifests.Stored stored;
        try {
            stored = manifests.put(r, in.imageTag(), in.imageDigest(), body, in.imageManifestMediaType());
        } catch (Manifests.Problem p) {
            throw switch (p.kind()) {
                case INVALID -> EcrErrors.invalidParameter("Invalid parameter at 'ImageManifest' failed to satisfy "
                        + "constraint: '" + p.getMessage() + "'");
                case DIGEST_MISMATCH -> EcrErrors.digestDoesNotMatch();
                case BLOBS_UNKNOWN -> EcrErrors.layersNotFound(p.missing(), r.name(), r.account());
                case TAG_INVALID -> EcrErrors.invalidParameter("imageTag", "must satisfy regular expression "
                        + "'[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}'");
                case TAG_IMMUTABLE -> EcrErrors.imageTagAlreadyExists(p.getMessage());
            };
        }
        return new EcrShapes.PutImageResponse(new EcrShapes.Image(r.account(), r.name(),
                new ImageIdentifier(stored.digest(), in.imageTag()), in.imageManifest(), stored.mediaType()));
    }

    EcrShapes.BatchCheckLayerAvailabilityResponse batchCheckLayerAvailability(
            RequestContext ctx, EcrShapes.BatchCheckLayerAvailabilityRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        if (in.layerDigests() == null || in.layerDigests().isEmpty() || in.layerDigests().size() > 100) {
            throw EcrErrors.invalidParameter("layerDigests", "must have between 1 and 100 items");
        }
        List<EcrShapes.Layer> layers = new ArrayList<>();
        List<EcrShapes.LayerFailure> failures = new ArrayList<>();
        for (String digest : in.layerDigests()) {
            if (digest == null || digest.isEmpty()) {
                failures.add(new EcrShapes.LayerFailure(digest, "MissingLayerDigest", "The layer digest is missing"));
            } else if (!BlobStore.DIGEST.matcher(digest).matches()) {
                failures.add(new EcrShapes.LayerFailure(digest, "InvalidLayerDigest", "Invalid layer digest"));
            } else {
                Optional<Long> size = store.layerSize(r.id(), digest).filter(s -> blobs.find(digest).isPresent());
                layers.add(new EcrShapes.Layer(digest, size.isPresent() ? "AVAILABLE" : "UNAVAILABLE",
                        size.orElse(null), null));
            }
        }
        return new EcrShapes.BatchCheckLayerAvailabilityResponse(layers, failures);
    }

    /**
     * Homeport scans nothing, so every image answers as an image of a repository without scanning answers on ECR:
     * ScanNotFoundException (and {@code aws ecr wait image-scan-complete} fails with it).
     */
    Void describeImageScanFindings(RequestContext ctx, EcrShapes.DescribeImageScanFindingsRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        ImageIdentifier id = in.imageId();
        if (id == null || (id.imageDigest() == null && id.imageTag() == null)) {
            throw EcrErrors.invalidParameter("imageId", "must specify an imageDigest or an imageTag");
        }
        EcrStore.Image image = find(r, store.images(r.id()), id).orElseThrow(() -> EcrErrors.imageNotFound(
                id.imageDigest(), id.imageTag(), r.name(), r.account()));
        throw EcrErrors.scanNotFound(image.digest(), id.imageTag(), r.name(), r.account());
    }

    EcrShapes.GetAuthorizationTokenResponse getAuthorizationToken(RequestContext ctx,
                                                                  EcrShapes.GetAuthorizationTokenRequest in) {
        if (in.registryIds() != null && (in.registryIds().isEmpty() || in.registryIds().size() > 10)) {
            throw EcrErrors.invalidParameter("registryIds", "must have between 1 and 10 items");
        }
        var credentials = keys.find(ctx.accessKeyId()).orElseThrow(ProtocolErrors::unrecognizedClient);
        RegistryTokens.Issued issued = tokens.issue(credentials, ctx.region());
        String token = Base64.getEncoder().encodeToString(("AWS:" + issued.password())
                .getBytes(StandardCharsets.UTF_8));
        // One entry per registry asked for (or the caller's): they are all this server's one registry.
        int n = in.registryIds() == null ? 1 : in.registryIds().size();
        List<EcrShapes.AuthorizationData> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            data.add(new EcrShapes.AuthorizationData(token, issued.expiresAt(), "http://" + registryHost.get()));
        }
        return new EcrShapes.GetAuthorizationTokenResponse(data);
    }

    // ---------------------------------------------------------------- helpers

    private EcrStore.Repository repository(RequestContext ctx, String registryId, String name) {
        RepositoryOperations.checkName(name);
        return repositories.require(EcrAccess.registry(ctx, registryId), ctx.region(), name);
    }

    private ImageDetail detail(EcrStore.Repository r, EcrStore.Image i) {
        return new ImageDetail(r.account(), r.name(), i.digest(), i.tags().isEmpty() ? null : i.tags(), i.sizeBytes(),
                Instant.ofEpochMilli(i.pushedAt()), i.mediaType(), i.artifactType(),
                i.lastPulledAt() == null ? null : Instant.ofEpochMilli(i.lastPulledAt()), i.subject(), "ACTIVE");
    }

    private Optional<EcrStore.Image> find(EcrStore.Repository r, List<EcrStore.Image> images, ImageIdentifier id) {
        if (id == null) {
            return Optional.empty();
        }
        String digest = id.imageDigest();
        if (digest == null && id.imageTag() != null) {
            digest = store.tagged(r.id(), id.imageTag()).orElse(null);
        }
        String want = digest;
        return images.stream().filter(i -> i.digest().equals(want))
                .filter(i -> id.imageTag() == null || i.tags().contains(id.imageTag()))
                .findFirst();
    }

    /** The image an identifier names; otherwise the failure BatchGetImage and BatchDeleteImage answer for it. */
    private Optional<EcrStore.Image> resolve(EcrStore.Repository r, List<EcrStore.Image> images, ImageIdentifier id,
                                             List<ImageFailure> failures) {
        Optional<ImageFailure> invalid = invalid(id);
        if (invalid.isPresent()) {
            failures.add(invalid.get());
            return Optional.empty();
        }
        Optional<EcrStore.Image> image = find(r, images, id);
        if (image.isEmpty()) {
            failures.add(new ImageFailure(id, "ImageNotFound", "Requested image not found"));
        }
        return image;
    }

    private static Optional<ImageFailure> invalid(ImageIdentifier id) {
        if (id == null || (id.imageDigest() == null && id.imageTag() == null)) {
            return Optional.of(new ImageFailure(id, "MissingDigestAndTag",
                    "Invalid request parameters: both tag and digest cannot be null"));
        }
        if (id.imageDigest() != null && !BlobStore.DIGEST.matcher(id.imageDigest()).matches()) {
            return Optional.of(new ImageFailure(id, "InvalidImageDigest", "Invalid request parameters: image digest "
                    + "should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'"));
        }
        return Optional.empty();
    }

    private static void requireIds(List<ImageIdentifier> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > 100) {
            throw EcrErrors.invalidParameter("imageIds", "must have between 1 and 100 items");
        }
    }

    private static String tagStatus(EcrShapes.TagStatusFilter filter) {
        String status = filter == null || filter.tagStatus() == null ? "ANY" : filter.tagStatus();
        if (!List.of("TAGGED", "UNTAGGED", "ANY").contains(status)) {
            throw EcrErrors.invalidParameter("filter.tagStatus", "must be one of [TAGGED, UNTAGGED, ANY]");
        }
        return status;
    }

    private String manifest(String digest) {
        try {
            return Files.readString(blobs.find(digest).orElseThrow(() -> new IllegalStateException(
                    "manifest " + digest + " is recorded but not stored")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Page<T>(List<T> items, String next) {
    }

    private static <T> Page<T> page(List<T> all, String nextToken, Integer maxResults) {
        if (maxResults != null && (maxResults < 1 || maxResults > 1000)) {
            throw EcrErrors.invalidParameter("maxResults", "must be between 1 and 1000");
        }
        int from = 0;
        if (nextToken != null) {
            from = PageTokens.decode(nextToken).map(s -> {
                try {
                    return Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }).filter(i -> i >= 0 && i <= all.size()).orElseThrow(() -> EcrErrors.invalidParameter(
                    "Invalid parameter at 'nextToken' failed to satisfy constraint: 'must be a valid token'"));
        }
        int limit = maxResults == null ? 100 : maxResults;
        int to = Math.min(all.size(), from + limit);
        return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? PageTokens.encode(String.valueOf(to)) : null);
    }
}
