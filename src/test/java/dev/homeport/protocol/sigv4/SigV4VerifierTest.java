package dev.homeport.protocol.sigv4;

import dev.homeport.protocol.AwsServiceException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signs requests with the AWS SDK's own signer and checks that the verifier agrees with it. */
class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final byte[] BODY = "{\"SecretId\":\"a b\"}".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = new SigV4Verifier(CredentialStore.development(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void warmUpRunsTheWholeCheckAndSwallowsOnlyItsExpectedFailure() {
        // Its request is well formed, so the verifier gets as far as comparing signatures (the part worth
        // warming up); a change that made it fail earlier, or throw something else, shows here.
        assertThat(SigV4Verifier.warmUp()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void acceptsTheSdksSignature() {
        SignedPrincipal principal = verifier.verify(signed("test", "test", NOW, "/", Map.of()));
        assertThat(principal.credentials().accountId()).isEqualTo("000000000000");
        assertThat(principal.region()).isEqualTo("eu-west-1");
        assertThat(principal.service()).isEqualTo("secretsmanager");
    }

    @Test
    void acceptsQueryStringsAndEncodedPaths() {
        verifier.verify(signed("test", "test", NOW, "/a%20b/c", Map.of("b", "2 3", "a", "x/y")));
    }

    @Test
    void wrongSecretKeyIsInvalidSignature() {
        assertError(signed("test", "wrong", NOW, "/", Map.of()), "InvalidSignatureException",
                "The request signature we calculated does not match");
    }

    @Test
    void unknownAccessKeyIsUnrecognizedClient() {
        assertError(signed("nobody", "test", NOW, "/", Map.of()), "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    @Test
    void temporaryCredentialsNeedTheirOwnSessionTokenAndExpire() {
        dev.homeport.protocol.Principal role = new dev.homeport.protocol.Principal(
                dev.homeport.protocol.Principal.Kind.ASSUMED_ROLE, "000000000000",
                "arn:aws:sts::000000000000:assumed-role/app/s1", "AROAEXAMPLE:s1");
        KeyDirectory keys = id -> switch (id) {
            case "ASIALIVE" -> java.util.Optional.of(new Credentials(id, "secret", role, Credentials.digest("token-1"),
                    NOW.plus(Duration.ofMinutes(5))));
            case "ASIAOLD" -> java.util.Optional.of(new Credentials(id, "secret", role, Credentials.digest("token-2"),
                    NOW.minus(Duration.ofSeconds(1))));
            default -> java.util.Optional.empty();
        };
        SigV4Verifier sessions = new SigV4Verifier(keys, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(sessions.verify(signed("ASIALIVE", "secret", NOW, "/", Map.of()).with("X-Amz-Security-Token",
                "token-1")).credentials().principal()).isEqualTo(role);
        for (Request wrong : List.of(signed("ASIALIVE", "secret", NOW, "/", Map.of()),
                signed("ASIALIVE", "secret", NOW, "/", Map.of()).with("X-Amz-Security-Token", "token-2"))) {
            assertThatThrownBy(() -> sessions.verify(wrong)).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.errorType()).isEqualTo("UnrecognizedClientException"));
        }
        assertThatThrownBy(() -> sessions.verify(signed("ASIAOLD", "secret", NOW, "/", Map.of())
                .with("X-Amz-Security-Token", "token-2"))).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("ExpiredTokenException");
                    assertThat(e.getMessage()).isEqualTo("The security token included in the request is expired");
                });
        // A long-term key takes no token.
        assertError(signed("test", "test", NOW, "/", Map.of()).with("X-Amz-Security-Token", "token-1"),
                "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void oldDateIsExpired() {
        assertError(signed("test", "test", NOW.minus(Duration.ofMinutes(16)), "/", Map.of()),
                "InvalidSignatureException", "Signature expired: 20261128T114400Z is now earlier than 20261128T114500Z (20261128T120000Z - 15 min.)");
    }

    @Test
    void futureDateIsNotYetCurrent() {
        assertError(signed("test", "test", NOW.plus(Duration.ofMinutes(16)), "/", Map.of()),
                "InvalidSignatureException", "Signature not yet current");
    }

    @Test
    void tamperedBodyFails() {
        Request r = signed("test", "test", NOW, "/", Map.of());
        assertError(new Request(r.method, r.path, r.query, r.headers, "{\"SecretId\":\"other\"}".getBytes()),
                "InvalidSignatureException", "does not match");
    }

    @Test
    void missingAuthorizationIsMissingToken() {
        Request r = signed("test", "test", NOW, "/", Map.of());
        r.headers.remove("authorization");
        assertError(r, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void missingPartsAreIncomplete() {
        Request r = signed("test", "test", NOW, "/", Map.of());
        String auth = r.headers.get("authorization").get(0);
        r.headers.put("authorization", List.of(auth.substring(0, auth.indexOf(", Signature="))));
        assertError(r, "IncompleteSignatureException", "Authorization header requires 'Signature' parameter.");
        r.headers.remove("x-amz-date");
        assertError(r, "IncompleteSignatureException", "requires existence of either a 'X-Amz-Date' or a 'Date' header");
    }

    @Test
    void aContentHashHeaderMustBeSignedAndMatchTheBody() {
        Request r = signed("test", "test", NOW, "/", Map.of());
        // A captured request replayed with the hash header added and any body: the header is not signed.
        Request replayed = r.with("x-amz-content-sha256", SigV4Verifier.sha256Hex("{\"SecretId\":\"other\"}".getBytes()))
                .withBody("{\"SecretId\":\"other\"}".getBytes());
        assertError(replayed, "IncompleteSignatureException", "'X-Amz-Content-Sha256' must be a 'SignedHeader'");
    }

    @Test
    void aSignedContentHashIsComparedWithTheBody() {
        assertThat(verifier.verify(signedWithHash(SigV4Verifier.sha256Hex(BODY))).credentials().accessKeyId())
                .isEqualTo("test");
        for (String claimed : List.of("deadbeef", "UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                SigV4Verifier.sha256Hex("{}".getBytes()))) {
            assertError(signedWithHash(claimed), "InvalidSignatureException",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
    }

    @Test
    void theScopeMustNameTheServiceTheRequestIsFor() {
        Request r = signed("test", "test", NOW, "/", Map.of());
        assertThat(verifier.verify(r, "secretsmanager").service()).isEqualTo("secretsmanager");
        assertThatThrownBy(() -> verifier.verify(r, "ecs"))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("InvalidSignatureException");
                    assertThat(e.getMessage()).isEqualTo("Credential should be scoped to correct service: 'ecs'. ");
                });
    }

    @Test
    void theScopeMustNameARegion() {
        for (String region : List.of("<img src=x onerror=alert(1)>", "nonsense", "US-EAST-1", "us-east-1x")) {
            Request r = signed("test", "test", NOW, "/", Map.of(), Region.of(region), "secretsmanager");
            assertError(r, "InvalidSignatureException", "Credential should be scoped to a valid region, not '");
        }
        verifier.verify(signed("test", "test", NOW, "/", Map.of(), Region.of("us-gov-west-1"), "secretsmanager"));
    }

    @Test
    void theBodyIsNotReadUntilTheHeadersCheckOut() {
        Request good = signed("test", "test", NOW, "/", Map.of());
        for (Request r : List.of(signed("nobody", "test", NOW, "/", Map.of()),
                signed("test", "test", NOW.minus(Duration.ofHours(1)), "/", Map.of()), good.without("authorization"))) {
            SignableRequest unreadable = new Unreadable(r);
            assertThatThrownBy(() -> verifier.verify(unreadable, "secretsmanager"))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(SigV4Verifier.isAuthenticationError(e)).isTrue());
        }
        assertThatThrownBy(() -> verifier.verify(new Unreadable(good), "secretsmanager"))
                .isInstanceOf(IllegalStateException.class).hasMessage("body read");
    }

    /** A request whose body must not be read: reading it throws. */
    private record Unreadable(Request r) implements SignableRequest {
        @Override
        public String method() {
            return r.method();
        }

        @Override
        public String rawPath() {
            return r.rawPath();
        }

        @Override
        public String rawQuery() {
            return r.rawQuery();
        }

        @Override
        public List<String> headerValues(String name) {
            return r.headerValues(name);
        }

        @Override
        public byte[] body() {
            throw new IllegalStateException("body read");
        }
    }

    private void assertError(Request r, String type, String message) {
        assertThatThrownBy(() -> verifier.verify(r))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(type);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static Request signed(String key, String secret, Instant at, String path, Map<String, String> query) {
        return signed(key, secret, at, path, query, Region.EU_WEST_1, "secretsmanager");
    }

    /** Signed with X-Amz-Content-Sha256 among the signed headers, claiming {@code claimedHash}. */
    @SuppressWarnings("deprecation")
    private static Request signedWithHash(String claimedHash) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:4566"))
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Content-Sha256", claimedHash)
                .contentStreamProvider(() -> new ByteArrayInputStream(BODY))
                .build();
        // The SDK signs the claimed hash as the payload hash, as S3 clients do.
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request, Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create("test", "test"))
                .signingName("secretsmanager")
                .signingRegion(Region.EU_WEST_1)
                .signingClockOverride(Clock.fixed(NOW, ZoneOffset.UTC))
                .build());
        return toRequest(signed);
    }

    @SuppressWarnings("deprecation")
    private static Request signed(String key, String secret, Instant at, String path, Map<String, String> query,
                                  Region region, String service) {
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:4566"))
                .encodedPath(path)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
                .contentStreamProvider(() -> new ByteArrayInputStream(BODY));
        query.forEach(b::putRawQueryParameter);
        SdkHttpFullRequest signed = Aws4Signer.create().sign(b.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(key, secret))
                .signingName(service)
                .signingRegion(region)
                .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC))
                .build());
        return toRequest(signed);
    }

    private static Request toRequest(SdkHttpFullRequest signed) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        signed.headers().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
        headers.put("host", List.of("localhost:4566"));
        String rawQuery = signed.encodedQueryParameters().orElse("");
        return new Request("POST", signed.encodedPath(), rawQuery, headers, BODY);
    }

    private record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body)
            implements SignableRequest {
        Request with(String header, String value) {
            Map<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            h.put(header, List.of(value));
            return new Request(method, path, query, h, body);
        }

        Request without(String header) {
            Map<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            h.remove(header);
            return new Request(method, path, query, h, body);
        }

        Request withBody(byte[] newBody) {
            return new Request(method, path, query, headers, newBody);
        }

        @Override
        public String rawPath() {
            return path;
        }

        @Override
        public String rawQuery() {
            return query;
        }

        @Override
        public List<String> headerValues(String name) {
            return headers.getOrDefault(name, List.of());
        }
    }
}
