package dev.homeport.ecr;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyPreviewResult;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Images through the API: lifecycle policies (rules in priority order, each image claimed by the first rule that
 * selects it, count and age rules, tag prefixes; the preview, and the background job's expiry), layer availability,
 * scan findings. Images are pushed with plain HTTP requests as a registry client sends them (an OCI manifest, its
 * config and one layer).
 */
class EcrImagesTest {
    static HomeportServer server;
    static EcrClient ecr;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        ecr = server.client(EcrClient.builder());
    }

    @AfterAll
    static void stop() {
        ecr.close();
        server.close();
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Pushes a small distinct image (monolithic blob uploads, then the manifest) under {@code tag}, or by its digest
     * when {@code tag} is null; returns its digest.
     */
    static String push(String repository, String tag, String content) throws Exception {
        String token = ecr.getAuthorizationToken().authorizationData().getFirst().authorizationToken();
        String auth = "Basic " + token;
        String base = "http://127.0.0.1:" + server.port() + "/v2/" + repository;
        byte[] layer = content.getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"comment\":\"" + content + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : new byte[][]{layer, config}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/?digest="
                    + sha256(blob))).header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + sha256(layer) + "\",\"size\":"
                + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        String reference = tag == null ? sha256(manifest) : tag;
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + reference))
                .header("Authorization", auth).header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return sha256(manifest);
    }

    @Test
    void rulesExpireWhatTheySelectInPriorityOrder() throws Exception {
        ecr.createRepository(b -> b.repositoryName("lc/app"));
        String prod1 = push("lc/app", "prod-1", "p1");
        Thread.sleep(5);
        String prod2 = push("lc/app", "prod-2", "p2");
        Thread.sleep(5);
        String prod3 = push("lc/app", "prod-3", "p3");
        Thread.sleep(5);
        String dev1 = push("lc/app", "dev-1", "d1");
        String untagged = push("lc/app", null, "u1");
        // Keep the 2 newest prod-* images; untagged ones expire after a day (none is that old); anything else: keep 5.
        String policy = """
                {"rules":[
                  {"rulePriority":1,"description":"two prod images","selection":{"tagStatus":"tagged",
                   "tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":2},"action":{"type":"expire"}},
                  {"rulePriority":2,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed",
                   "countUnit":"days","countNumber":1},"action":{"type":"expire"}},
                  {"rulePriority":3,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":5},
                   "action":{"type":"expire"}}]}""";
        ecr.putLifecyclePolicy(b -> b.repositoryName("lc/app").lifecyclePolicyText(policy));
        assertThat(ecr.getLifecyclePolicy(b -> b.repositoryName("lc/app")).lifecyclePolicyText()).isEqualTo(policy);

        assertThat(ecr.startLifecyclePolicyPreview(b -> b.repositoryName("lc/app")).statusAsString())
                .isEqualTo("IN_PROGRESS");
        var preview = ecr.getLifecyclePolicyPreview(b -> b.repositoryName("lc/app"));
        assertThat(preview.statusAsString()).isEqualTo("COMPLETE");
        assertThat(preview.previewResults()).extracting(LifecyclePolicyPreviewResult::imageDigest,
                LifecyclePolicyPreviewResult::appliedRulePriority).containsExactly(
                org.assertj.core.groups.Tuple.tuple(prod1, 1));
        assertThat(preview.summary().expiringImageTotalCount()).isEqualTo(1);

        assertThat(server.homeport().ecr().applyLifecyclePolicies()).isEqualTo(1);
        assertThat(ecr.listImages(b -> b.repositoryName("lc/app")).imageIds()).extracting(ImageIdentifier::imageDigest)
                .containsExactlyInAnyOrder(prod2, prod3, dev1, untagged);
        assertThat(ecr.getLifecyclePolicy(b -> b.repositoryName("lc/app")).lastEvaluatedAt()).isNotNull();

        ecr.deleteLifecyclePolicy(b -> b.repositoryName("lc/app"));
        var gone = catchThrowableOfType(AwsServiceException.class,
                () -> ecr.getLifecyclePolicy(b -> b.repositoryName("lc/app")));
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("LifecyclePolicyNotFoundException");
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Lifecycle policy does not exist for the "
                + "repository with name 'lc/app' in the registry with id '000000000000'");
    }

    @Test
    void aPolicyEcrCannotApplyIsRefused() {
        ecr.createRepository(b -> b.repositoryName("lc/bad"));
        String anyFirst = """
                {"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan",
                 "countNumber":1},"action":{"type":"expire"}},{"rulePriority":2,"selection":{"tagStatus":"untagged",
                 "countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}""";
        var e = catchThrowableOfType(AwsServiceException.class,
                () -> ecr.putLifecyclePolicy(b -> b.repositoryName("lc/bad").lifecyclePolicyText(anyFirst)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid parameter at 'LifecyclePolicyText' failed "
                + "to satisfy constraint: 'Lifecycle policy validation failure: ");
    }

    @Test
    void layersAreAvailableWhereTheyWerePushedAndNothingIsScanned() throws Exception {
        ecr.createRepository(b -> b.repositoryName("layers/app"));
        ecr.createRepository(b -> b.repositoryName("layers/other"));
        push("layers/app", "v1", "layer bytes");
        String layer = sha256("layer bytes".getBytes(StandardCharsets.UTF_8));
        var check = ecr.batchCheckLayerAvailability(b -> b.repositoryName("layers/app")
                .layerDigests(layer, "sha256:" + "0".repeat(64), "not-a-digest"));
        assertThat(check.layers()).extracting(l -> l.layerDigest() + " " + l.layerAvailabilityAsString() + " "
                + l.layerSize()).containsExactly(layer + " AVAILABLE 11", "sha256:" + "0".repeat(64) + " UNAVAILABLE null");
        assertThat(check.failures()).singleElement().satisfies(f -> assertThat(f.failureCodeAsString())
                .isEqualTo("InvalidLayerDigest"));
        // Another repository doesn't hold it, though the registry stores the bytes once.
        assertThat(ecr.batchCheckLayerAvailability(b -> b.repositoryName("layers/other").layerDigests(layer))
                .layers().getFirst().layerAvailabilityAsString()).isEqualTo("UNAVAILABLE");

        var noScan = catchThrowableOfType(AwsServiceException.class, () -> ecr.describeImageScanFindings(b -> b
                .repositoryName("layers/app").imageId(i -> i.imageTag("v1"))));
        assertThat(noScan.awsErrorDetails().errorCode()).isEqualTo("ScanNotFoundException");
        assertThat(noScan.awsErrorDetails().errorMessage()).startsWith("Image scan does not exist for the image with "
                + "'{imageDigest:'sha256:").endsWith("', imageTag:'v1'}' in the repository with name 'layers/app' in "
                + "the registry with id '000000000000'");
    }

    @Test
    void putImageTagsAManifestThroughTheApiAsAPushDoes() throws Exception {
        ecr.createRepository(b -> b.repositoryName("put/app"));
        String first = push("put/app", "v1", "first");
        String second = push("put/app", "other", "second");
        String manifest = ecr.batchGetImage(b -> b.repositoryName("put/app").imageIds(i -> i.imageTag("v1")))
                .images().getFirst().imageManifest();
        var put = ecr.putImage(b -> b.repositoryName("put/app").imageManifest(manifest).imageTag("v2"));
        assertThat(put.image().imageId().imageDigest()).isEqualTo(first);
        assertThat(put.image().imageManifestMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(ecr.describeImages(b -> b.repositoryName("put/app").imageIds(i -> i.imageDigest(first)))
                .imageDetails().getFirst().imageTags()).containsExactly("v1", "v2");

        var again = catchThrowableOfType(AwsServiceException.class,
                () -> ecr.putImage(b -> b.repositoryName("put/app").imageManifest(manifest).imageTag("v2")));
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("ImageAlreadyExistsException");
        String broken = manifest.replace(sha256("first".getBytes(StandardCharsets.UTF_8)), "sha256:" + "1".repeat(64));
        var missingLayer = catchThrowableOfType(AwsServiceException.class, () -> ecr.putImage(b -> b
                .repositoryName("put/app").imageTag("broken").imageManifest(broken)));
        assertThat(missingLayer.awsErrorDetails().errorCode()).isEqualTo("LayersNotFoundException");
        assertThat(missingLayer.awsErrorDetails().errorMessage()).contains("sha256:" + "1".repeat(64));
        var wrongDigest = catchThrowableOfType(AwsServiceException.class, () -> ecr.putImage(b -> b
                .repositoryName("put/app").imageManifest(manifest).imageDigest(second)));
        assertThat(wrongDigest.awsErrorDetails().errorCode()).isEqualTo("ImageDigestDoesNotMatchException");

        ecr.putImageTagMutability(b -> b.repositoryName("put/app")
                .imageTagMutability(software.amazon.awssdk.services.ecr.model.ImageTagMutability.IMMUTABLE));
        String secondManifest = ecr.batchGetImage(b -> b.repositoryName("put/app").imageIds(i -> i.imageTag("other")))
                .images().getFirst().imageManifest();
        var immutable = catchThrowableOfType(AwsServiceException.class,
                () -> ecr.putImage(b -> b.repositoryName("put/app").imageManifest(secondManifest).imageTag("v1")));
        assertThat(immutable.awsErrorDetails().errorCode()).isEqualTo("ImageTagAlreadyExistsException");
        assertThat(immutable.awsErrorDetails().errorMessage()).isEqualTo("The image tag 'v1' already exists in the "
                + "'put/app' repository and cannot be overwritten because the repository is immutable.");
    }
}
