package dev.homeport.ecr;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large layers against a Homeport in a JVM of its own whose heap is capped at 128 MiB: a 1 GiB layer is pushed
 * (chunked, as docker's PATCH) and pulled back byte for byte (the registry streams, so the layer's size never reaches
 * memory); a push cut off by killing Homeport leaves no blob, and pushes again after the restart.
 */
class LargeLayerTest {
    private static final long SIZE = 1024L * 1024 * 1024;

    /** The same pseudo-random bytes each time it is read: 1 MiB of noise, repeated. */
    static InputStream layer() {
        byte[] block = new byte[1024 * 1024];
        new Random(42).nextBytes(block);
        return new InputStream() {
            long at;

            @Override
            public int read() {
                return at < SIZE ? block[(int) (at++ % block.length)] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= SIZE) {
                    return -1;
                }
                int offset = (int) (at % block.length);
                int n = (int) Math.min(Math.min(len, block.length - offset), SIZE - at);
                System.arraycopy(block, offset, b, off, n);
                at += n;
                return n;
            }
        };
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        int n;
        long total = 0;
        while ((n = in.read(buffer)) >= 0) {
            d.update(buffer, 0, n);
            total += n;
        }
        assertThat(total).isEqualTo(SIZE);
        return "sha256:" + HexFormat.of().formatHex(d.digest());
    }

    /** A Homeport in a JVM of its own, with a 128 MiB heap, on {@code data}; answers once healthy. */
    record Server(Process process, String base, Path log) {
        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    static Server startServer(Path data) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("homeport-large", ".log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.homeport.app.Main", "server",
                "--port", String.valueOf(port), "--data-dir", data.toString(), "--runtime", "none")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; ; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/_homeport/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new Server(server, base, log);
                }
            } catch (IOException e) {
                assertThat(server.isAlive()).as(Files.readString(log)).isTrue();
            }
            assertThat(i).as("healthy within 60 s").isLessThan(600);
            Thread.sleep(100);
        }
    }

    /** The Basic credentials of a registry login, from GetAuthorizationToken; creates {@code repository} first. */
    static String login(String base, String repository) {
        try (EcrClient ecr = EcrClient.builder().endpointOverride(URI.create(base)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            if (ecr.describeRepositories().repositories().stream().noneMatch(r -> r.repositoryName().equals(repository))) {
                ecr.createRepository(b -> b.repositoryName(repository));
            }
            return "Basic " + ecr.getAuthorizationToken().authorizationData().getFirst().authorizationToken();
        }
    }

    static String startUpload(HttpClient http, String base, String auth) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/big/blobs/uploads/"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void aPushCutOffByKillingHomeportLeavesNothingHalfWrittenAndPushesAgain() throws Exception {
        Path data = Files.createTempDirectory("homeport-killed");
        Server server = startServer(data);
        String digest = sha256(layer());
        try {
            HttpClient http = HttpClient.newHttpClient();
            String auth = login(server.base(), "big");
            String location = startUpload(http, server.base(), auth);
            // The PATCH is under way when the server dies (kill -9, no shutdown of any kind).
            var patch = http.sendAsync(HttpRequest.newBuilder(URI.create(server.base() + location))
                    .header("Authorization", auth).method("PATCH",
                            HttpRequest.BodyPublishers.ofInputStream(LargeLayerTest::layer)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Path uploads = data.resolve("registry/uploads");
            for (int i = 0; i < 300 && sizeOf(uploads) < 50L * 1024 * 1024; i++) {
                Thread.sleep(20);
            }
            assertThat(sizeOf(uploads)).as("part of the layer reached the upload file").isPositive();
            server.process().destroyForcibly().waitFor();
            assertThat(patch).failsWithin(Duration.ofSeconds(30));
            try (var blobs = Files.walk(data.resolve("registry/blobs"))) {
                assertThat(blobs.filter(Files::isRegularFile)).as("no blob is visible").isEmpty();
            }

            server = startServer(data);
            try (var left = Files.list(uploads)) {
                assertThat(left).as("the cut-off upload is gone after the restart").isEmpty();
            }
            auth = login(server.base(), "big");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(server.base() + "/v2/big/blobs/" + digest))
                    .header("Authorization", auth).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(server.base() + location))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("the old upload is unknown: the client starts again").isEqualTo(404);
            String again = startUpload(http, server.base(), auth);
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(server.base() + again + "?digest="
                    + digest)).header("Authorization", auth).PUT(HttpRequest.BodyPublishers.ofInputStream(
                    LargeLayerTest::layer)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
        } finally {
            server.stop();
            dev.homeport.testing.HomeportServer.deleteRecursively(data);
        }
    }

    static long sizeOf(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            long total = 0;
            for (Path p : files.toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    @Test
    void aGibibyteLayerGoesThroughA128MibHeap() throws Exception {
        Path data = Files.createTempDirectory("homeport-large");
        Server server = startServer(data);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String auth = login(server.base(), "big");
            String digest = sha256(layer());
            String location = startUpload(http, server.base(), auth);
            HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(server.base() + location))
                    .header("Authorization", auth).header("Content-Type", "application/octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(LargeLayerTest::layer)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(202);
            assertThat(patched.headers().firstValue("Range")).hasValue("0-" + (SIZE - 1));
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(server.base() + location
                            + "?digest=" + digest)).header("Authorization", auth).PUT(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).as(done.body()).isEqualTo(201);

            HttpResponse<InputStream> pulled = http.send(HttpRequest.newBuilder(URI.create(server.base()
                    + "/v2/big/blobs/" + digest)).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(pulled.statusCode()).isEqualTo(200);
            try (InputStream body = pulled.body()) {
                assertThat(sha256(body)).isEqualTo(digest);
            }
            assertThat(server.process().isAlive()).as("the server is still up; its log:\n"
                    + Files.readString(server.log())).isTrue();
            assertThat(Files.readString(server.log())).doesNotContain("OutOfMemoryError");
        } finally {
            server.stop();
            dev.homeport.testing.HomeportServer.deleteRecursively(data);
        }
    }
}
