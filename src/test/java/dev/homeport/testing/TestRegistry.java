package dev.homeport.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Pushes a small image to Homeport's registry with plain HTTP requests, as a registry client sends them (two
 * monolithic blob uploads, then the manifest), for tests that need an image without a Docker engine.
 */
public final class TestRegistry {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestRegistry() {
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pushes a Docker v2 schema 2 image (a config and one layer whose bytes are {@code "layer of <repository>"}) under
     * {@code tag}, authenticated with {@code auth} (an {@code Authorization} header); returns the manifest's digest.
     */
    public static String pushDockerImage(int port, String auth, String repository, String tag) throws Exception {
        String base = "http://127.0.0.1:" + port + "/v2/" + repository;
        byte[] layer = ("layer of " + repository).getBytes(StandardCharsets.UTF_8);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : new byte[][]{layer, config}) {
            expectCreated(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/?digest=" + sha256(blob)))
                    .header("Authorization", auth).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        String manifest = """
                {
                   "schemaVersion": 2,
                   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                   "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": %d, "digest": "%s"},
                   "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": %d, "digest": "%s"}]
                }""".formatted(config.length, sha256(config), layer.length, sha256(layer));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + tag))
                .header("Authorization", auth).header("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        expectCreated(r);
        return r.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static void expectCreated(HttpResponse<String> r) {
        if (r.statusCode() != 201) {
            throw new AssertionError("the registry answered " + r.statusCode() + ": " + r.body());
        }
    }
}
