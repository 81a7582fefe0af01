package dev.homeport.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.testing.TestRegistry;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry protocol as a client speaks it, request by request, where the CLIs hide the detail: an upload resumed
 * across requests (its status asked, a chunk at the wrong offset refused with the Range to go on from), blobs and
 * manifests under a digest that is not theirs (refused, nothing stored), ECR's manifest
 * conversion by {@code Accept}, and another account's repository named by the account in the path, reachable only as
 * far as its policy grants.
 */
class EcrRegistryHttpTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static TwoAccounts accounts;
    static EcrClient owner;
    static EcrClient foreign;

    @BeforeAll
    static void start() {
        accounts = TwoAccounts.start();
        owner = accounts.server().client(EcrClient.builder());
        foreign = accounts.server().client(EcrClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        owner.close();
        foreign.close();
        accounts.close();
    }

    static String auth(EcrClient client) {
        return "Basic " + client.getAuthorizationToken().authorizationData().getFirst().authorizationToken();
    }

    static HttpResponse<String> send(String auth, String method, String path, String contentType, byte[] body,
                                     String... headers) throws Exception {
        String target = path.startsWith("http") ? path : "http://127.0.0.1:" + accounts.server().port() + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String errorCode(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("errors").path(0).path("code").asText();
    }

    static String pushDockerImage(String auth, String repository, String tag) throws Exception {
        return TestRegistry.pushDockerImage(accounts.server().port(), auth, repository, tag);
    }

    @Test
    void anUploadIsResumedFromWhereTheRegistrySaysItStands() throws Exception {
        owner.createRepository(b -> b.repositoryName("resumed"));
        String auth = auth(owner);
        byte[] blob = new byte[300_000];
        new Random(7).nextBytes(blob);
        byte[] first = java.util.Arrays.copyOfRange(blob, 0, 100_000);
        byte[] rest = java.util.Arrays.copyOfRange(blob, 100_000, blob.length);

        HttpResponse<String> started = send(auth, "POST", "/v2/resumed/blobs/uploads/", null, null);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/v2/000000000000/resumed/blobs/uploads/");
        assertThat(started.headers().firstValue("Docker-Upload-UUID")).isPresent();

        HttpResponse<String> chunk = send(auth, "PATCH", location, "application/octet-stream", first,
                "Content-Range", "0-99999");
        assertThat(chunk.statusCode()).as(chunk.body()).isEqualTo(202);
        assertThat(chunk.headers().firstValue("Range")).hasValue("0-99999");
        location = chunk.headers().firstValue("Location").orElseThrow();

        // The client lost track (a dropped connection): it asks where the upload stands.
        HttpResponse<String> status = send(auth, "GET", location, null, null);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-99999");

        // A chunk that does not start where the upload ends is refused, and nothing of it is kept.
        HttpResponse<String> overlapping = send(auth, "PATCH", location, "application/octet-stream", rest,
                "Content-Range", "50000-" + (50_000 + rest.length - 1));
        assertThat(overlapping.statusCode()).isEqualTo(416);
        assertThat(send(auth, "GET", location, null, null).headers().firstValue("Range")).hasValue("0-99999");

        HttpResponse<String> resumed = send(auth, "PATCH", location, "application/octet-stream", rest,
                "Content-Range", "100000-" + (blob.length - 1));
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
        assertThat(resumed.headers().firstValue("Range")).hasValue("0-" + (blob.length - 1));

        String digest = TestRegistry.sha256(blob);
        String done = resumed.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> put = send(auth, "PUT", done + (done.contains("?") ? "&" : "?") + "digest=" + digest,
                null, null);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

        HttpResponse<String> head = send(auth, "HEAD", "/v2/resumed/blobs/" + digest, null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(blob.length));
    }

    @Test
    void aBlobOrManifestWhoseDigestIsTamperedNeverLands() throws Exception {
        owner.createRepository(b -> b.repositoryName("tampered"));
        String auth = auth(owner);
        byte[] blob = "the real content".getBytes(StandardCharsets.UTF_8);
        String claimed = TestRegistry.sha256("other content".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> monolithic = send(auth, "POST", "/v2/tampered/blobs/uploads/?digest=" + claimed,
                "application/octet-stream", blob);
        assertThat(monolithic.statusCode()).isEqualTo(400);
        assertThat(errorCode(monolithic)).isEqualTo("DIGEST_INVALID");
        for (String digest : new String[]{claimed, TestRegistry.sha256(blob)}) {
            assertThat(send(auth, "HEAD", "/v2/tampered/blobs/" + digest, null, null).statusCode()).isEqualTo(404);
        }

        // A chunked upload completed with a digest its bytes do not have: refused, nothing stored.
        String location = send(auth, "POST", "/v2/tampered/blobs/uploads/", null, null).headers()
                .firstValue("Location").orElseThrow();
        location = send(auth, "PATCH", location, "application/octet-stream", blob).headers().firstValue("Location")
                .orElseThrow();
        HttpResponse<String> completed = send(auth, "PUT", location + (location.contains("?") ? "&" : "?")
                + "digest=" + claimed, null, null);
        assertThat(completed.statusCode()).isEqualTo(400);
        assertThat(errorCode(completed)).isEqualTo("DIGEST_INVALID");
        assertThat(send(auth, "HEAD", "/v2/tampered/blobs/" + claimed, null, null).statusCode()).isEqualTo(404);

        // A manifest put under a digest that is not its own.
        pushDockerImage(auth, "tampered", "v1");
        String manifest = send(auth, "GET", "/v2/tampered/manifests/v1", null, null).body();
        HttpResponse<String> wrong = send(auth, "PUT", "/v2/tampered/manifests/" + claimed,
                "application/vnd.docker.distribution.manifest.v2+json", manifest.getBytes(StandardCharsets.UTF_8));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(errorCode(wrong)).isEqualTo("DIGEST_INVALID");
        assertThat(owner.listImages(b -> b.repositoryName("tampered")).imageIds()).hasSize(1);
    }

    @Test
    void aPullByTagGetsTheFormatTheClientAccepts() throws Exception {
        owner.createRepository(b -> b.repositoryName("formats"));
        String auth = auth(owner);
        String stored = pushDockerImage(auth, "formats", "v1");
        String docker = "application/vnd.docker.distribution.manifest.v2+json";
        String oci = "application/vnd.oci.image.manifest.v1+json";

        // Go clients (docker, podman) send one Accept header per type.
        HttpResponse<String> asStored = send(auth, "GET", "/v2/formats/manifests/v1", null, null, "Accept", oci,
                "Accept", docker);
        assertThat(asStored.headers().firstValue("Content-Type")).hasValue(docker);
        assertThat(asStored.headers().firstValue("Docker-Content-Digest")).hasValue(stored);

        // A client that takes only OCI gets the same image as an OCI manifest: same blobs, OCI types, its own digest.
        HttpResponse<String> converted = send(auth, "GET", "/v2/formats/manifests/v1", null, null, "Accept", oci);
        assertThat(converted.statusCode()).isEqualTo(200);
        assertThat(converted.headers().firstValue("Content-Type")).hasValue(oci);
        String convertedDigest = converted.headers().firstValue("Docker-Content-Digest").orElseThrow();
        assertThat(convertedDigest).isNotEqualTo(stored)
                .isEqualTo(TestRegistry.sha256(converted.body().getBytes(StandardCharsets.UTF_8)));
        JsonNode manifest = JSON.readTree(converted.body());
        JsonNode original = JSON.readTree(asStored.body());
        assertThat(manifest.path("mediaType").asText()).isEqualTo(oci);
        assertThat(manifest.path("config").path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(manifest.path("config").path("digest")).isEqualTo(original.path("config").path("digest"));
        assertThat(manifest.path("layers").path(0).path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(manifest.path("layers").path(0).path("digest")).isEqualTo(original.path("layers").path(0).path("digest"));
        HttpResponse<String> head = send(auth, "HEAD", "/v2/formats/manifests/v1", null, null, "Accept", oci);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(convertedDigest);

        // By digest ECR converts nothing: the stored bytes, whatever the client accepts.
        HttpResponse<String> byDigest = send(auth, "GET", "/v2/formats/manifests/" + stored, null, null, "Accept", oci);
        assertThat(byDigest.headers().firstValue("Content-Type")).hasValue(docker);
        assertThat(byDigest.body()).isEqualTo(asStored.body());
    }

    @Test
    void anotherAccountsRepositoryIsNamedByItsAccountAndReachableAsFarAsItsPolicyGrants() throws Exception {
        String uri = owner.createRepository(b -> b.repositoryName("shared/base")).repository().repositoryUri();
        assertThat(uri).endsWith("/000000000000/shared/base");
        String ownerAuth = auth(owner);
        String digest = pushDockerImage(ownerAuth, "shared/base", "v1");
        // The owner reaches its repository by the URI's path too.
        assertThat(send(ownerAuth, "GET", "/v2/000000000000/shared/base/manifests/v1", null, null).statusCode())
                .isEqualTo(200);

        String foreignAuth = auth(foreign);
        String manifestPath = "/v2/000000000000/shared/base/manifests/v1";
        HttpResponse<String> denied = send(foreignAuth, "GET", manifestPath, null, null);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(errorCode(denied)).isEqualTo("DENIED");
        assertThat(denied.body()).contains("arn:aws:iam::111111111111:root is not authorized to perform: "
                + "ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:000000000000:repository/shared/base");
        // Without the account, a path is the caller's own registry.
        HttpResponse<String> own = send(foreignAuth, "GET", "/v2/shared/base/manifests/v1", null, null);
        assertThat(own.statusCode()).isEqualTo(404);
        assertThat(own.body()).contains("The repository with name 'shared/base' does not exist in the registry "
                + "with id '111111111111'");

        owner.setRepositoryPolicy(b -> b.repositoryName("shared/base").policyText("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                  "Principal":{"AWS":"arn:aws:iam::111111111111:root"},
                  "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"]}]}"""));
        HttpResponse<String> granted = send(foreignAuth, "GET", manifestPath, null, null);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(granted.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        String layer = JSON.readTree(granted.body()).path("layers").path(0).path("digest").asText();
        assertThat(send(foreignAuth, "GET", "/v2/000000000000/shared/base/blobs/" + layer, null, null).body())
                .isEqualTo("layer of shared/base");

        // The grant is to pull: pushing there is refused, while the layer it may read mounts into its own repository.
        HttpResponse<String> push = send(foreignAuth, "POST", "/v2/000000000000/shared/base/blobs/uploads/", null,
                null);
        assertThat(push.statusCode()).isEqualTo(403);
        assertThat(push.body()).contains("ecr:InitiateLayerUpload");
        foreign.createRepository(b -> b.repositoryName("mine"));
        HttpResponse<String> mount = send(foreignAuth, "POST", "/v2/mine/blobs/uploads/?mount=" + layer
                + "&from=000000000000/shared/base", null, null);
        assertThat(mount.statusCode()).isEqualTo(201);
        assertThat(mount.headers().firstValue("Location")).hasValue("/v2/111111111111/mine/blobs/" + layer);
    }
}
