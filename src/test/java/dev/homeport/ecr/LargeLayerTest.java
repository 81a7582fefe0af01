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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB layer is pushed (chunked, as docker's PATCH) and pulled back byte for byte by a Homeport whose heap is
 * capped at 128 MiB (a separate JVM): the registry streams, so the layer's size never reaches memory.
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

    @Test
    void aGibibyteLayerGoesThroughA128MibHeap() throws Exception {
        Path data = Files.createTempDirectory("homeport-large");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = data.resolve("server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.homeport.app.Main", "server",
                "--port", String.valueOf(port), "--data-dir", data.resolve("data").toString(), "--runtime", "none")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 0; ; i++) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/_homeport/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    assertThat(server.isAlive()).as(Files.readString(log)).isTrue();
                }
                assertThat(i).as("healthy within 60 s").isLessThan(600);
                Thread.sleep(100);
            }
            String password;
            try (EcrClient ecr = EcrClient.builder().endpointOverride(URI.create(base)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                ecr.createRepository(b -> b.repositoryName("big"));
                String token = ecr.getAuthorizationToken().authorizationData().getFirst().authorizationToken();
                password = new String(java.util.Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            }
            String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
            String digest = sha256(layer());

            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/big/blobs/uploads/"))
                    .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String location = started.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(base + location))
                    .header("Authorization", auth).header("Content-Type", "application/octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(LargeLayerTest::layer)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(202);
            assertThat(patched.headers().firstValue("Range")).hasValue("0-" + (SIZE - 1));
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(base + location + "?digest=" + digest))
                    .header("Authorization", auth).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).as(done.body()).isEqualTo(201);

            HttpResponse<InputStream> pulled = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/big/blobs/"
                            + digest)).header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(pulled.statusCode()).isEqualTo(200);
            try (InputStream body = pulled.body()) {
                assertThat(sha256(body)).isEqualTo(digest);
            }
            assertThat(server.isAlive()).as("the server is still up; its log:\n" + Files.readString(log)).isTrue();
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        } finally {
            server.destroy();
            server.waitFor();
            dev.homeport.testing.HomeportServer.deleteRecursively(data);
        }
    }
}
