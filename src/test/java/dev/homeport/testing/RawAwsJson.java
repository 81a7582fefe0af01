package dev.homeport.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS JSON 1.1 requests made by hand with {@link HttpClient}, signed (or not) with the SDK's own
 * SigV4 signer: for protocol cases an SDK client would never send.
 */
public final class RawAwsJson {
    /** Headers {@link HttpClient} sets itself and refuses to take from the caller. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI endpoint;
    private final String signingName;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** For Secrets Manager. */
    public RawAwsJson(URI endpoint) {
        this(endpoint, "secretsmanager");
    }

    /** {@code signingName}: the service's name in the credential scope ({@code ecs}, {@code logs}, ...). */
    public RawAwsJson(URI endpoint, String signingName) {
        this(endpoint, signingName, "us-east-1");
    }

    /** Requests signed for {@code region}. */
    public RawAwsJson(URI endpoint, String signingName, String region) {
        this.endpoint = endpoint;
        this.signingName = signingName;
        this.region = region;
    }

    public record Response(int status, Map<String, List<String>> headers, byte[] bytes) {
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** Signed with the development key test/test. */
    public Response call(String target, String json) {
        return send(target, json.getBytes(StandardCharsets.UTF_8), "test", "test");
    }

    public Response send(String target, byte[] body, String accessKey, String secretKey) {
        return send(Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", target), body, accessKey,
                secretKey);
    }

    /** A Query protocol request ({@code Action=...&Version=...}, form-encoded), signed for this client's service. */
    public Response form(String form, String accessKey, String secretKey) {
        return send(Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                form.getBytes(StandardCharsets.UTF_8), accessKey, secretKey);
    }

    @SuppressWarnings("deprecation")
    private Response send(Map<String, String> headers, byte[] body, String accessKey, String secretKey) {
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/")
                .contentStreamProvider(() -> new ByteArrayInputStream(body));
        headers.forEach(b::putHeader);
        SdkHttpFullRequest signed = accessKey == null ? b.build() : Aws4Signer.create().sign(b.build(),
                Aws4SignerParams.builder()
                        .awsCredentials(AwsBasicCredentials.create(accessKey, secretKey))
                        .signingName(signingName)
                        .signingRegion(Region.of(region))
                        .build());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The same request without any signature. */
    public Response unsigned(String target, String json) {
        return send(target, json.getBytes(StandardCharsets.UTF_8), null, null);
    }
}
