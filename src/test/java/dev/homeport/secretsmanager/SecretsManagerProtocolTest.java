package dev.homeport.secretsmanager;

import dev.homeport.testing.RawAwsJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS JSON 1.1 protocol as Secrets Manager speaks it, checked with hand-made HTTP requests:
 * routing, deserialization errors, SigV4 failures, request ids, error headers and the size limit.
 */
class SecretsManagerProtocolTest extends SecretsManagerTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RawAwsJson raw;

    @BeforeAll
    static void rawClient() {
        raw = new RawAwsJson(server.endpoint());
    }

    private static JsonNode json(RawAwsJson.Response r) {
        try {
            return JSON.readTree(r.bytes());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** Asserts AWS's error format: status, {@code x-amzn-ErrorType}, {@code __type}, a request id. */
    private static JsonNode assertError(RawAwsJson.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("x-amzn-ErrorType")).isEqualTo(type);
        assertThat(r.header("x-amzn-RequestId")).isNotBlank();
        assertThat(r.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        JsonNode body = json(r);
        assertThat(body.path("__type").asText()).isEqualTo(type);
        return body;
    }

    @Test
    void aSuccessfulRawCallAnswersJsonWithEpochSecondTimestamps() {
        String name = uniqueName("raw-ok");
        RawAwsJson.Response created = raw.call("secretsmanager.CreateSecret", """
                {"Name":"%s","SecretString":"raw value","ClientRequestToken":"%s"}""".formatted(name, token()));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.header("x-amzn-RequestId")).isNotBlank();
        assertThat(created.header("x-amzn-ErrorType")).isNull();

        RawAwsJson.Response got = raw.call("secretsmanager.GetSecretValue", "{\"SecretId\":\"" + name + "\"}");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        JsonNode body = json(got);
        assertThat(body.path("SecretString").asText()).isEqualTo("raw value");
        assertThat(body.path("Name").asText()).isEqualTo(name);
        assertThat(body.path("VersionStages").get(0).asText()).isEqualTo(CURRENT);
        assertThat(body.path("CreatedDate").isNumber()).isTrue();
        assertThat(body.path("CreatedDate").asDouble())
                .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
        assertThat(body.has("SecretBinary")).isFalse();
    }

    @Test
    void anEmptyBodyIsAnEmptyInput() {
        RawAwsJson.Response r = raw.send("secretsmanager.ListSecrets", new byte[0], "test", "test");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).has("SecretList")).isTrue();
    }

    @Test
    void unknownTargetIsUnknownOperation() {
        assertError(raw.call("secretsmanager.FlyToTheMoon", "{}"), 400, "UnknownOperationException");
        assertError(raw.call("NoSuchService_20200101.ListSecrets", "{}"), 400, "UnknownOperationException");
        RawAwsJson.Response noTarget = raw.send("", "{}".getBytes(StandardCharsets.UTF_8), "test", "test");
        assertError(noTarget, 400, "UnknownOperationException");
    }

    @Test
    void malformedJsonIsSerializationException() {
        JsonNode body = assertError(raw.call("secretsmanager.GetSecretValue", "{\"SecretId\": "), 400,
                "SerializationException");
        assertThat(body.path("Message").asText()).isEqualTo("The request body is not valid JSON.");
        assertError(raw.call("secretsmanager.GetSecretValue", "[1, 2]"), 400, "SerializationException");
        assertError(raw.call("secretsmanager.GetSecretValue", "{\"SecretId\":\"a\"} trailing"), 400,
                "SerializationException");
    }

    @Test
    void aNumberWhereAStringBelongsIsSerializationException() {
        JsonNode body = assertError(raw.call("secretsmanager.GetSecretValue", "{\"SecretId\": 5}"), 400,
                "SerializationException");
        assertThat(body.path("Message").asText()).isEqualTo("Unexpected value type for member 'SecretId'.");
        assertError(raw.call("secretsmanager.ListSecrets", "{\"MaxResults\": \"5\"}"), 400, "SerializationException");
        assertError(raw.call("secretsmanager.ListSecrets", "{\"IncludePlannedDeletion\": \"yes\"}"), 400,
                "SerializationException");
        assertError(raw.call("secretsmanager.BatchGetSecretValue", "{\"SecretIdList\": \"a\"}"), 400,
                "SerializationException");
    }

    @Test
    void aNullListElementIsSerializationExceptionNamingTheMember() {
        JsonNode body = assertError(raw.call("secretsmanager.BatchGetSecretValue", "{\"SecretIdList\": [\"a\", null]}"),
                400, "SerializationException");
        assertThat(body.path("Message").asText()).isEqualTo("Null value found in list or map member 'SecretIdList[1]'.");
        String name = uniqueName("null-tag");
        assertError(raw.call("secretsmanager.CreateSecret", "{\"Name\":\"%s\",\"SecretString\":\"v\",\"ClientRequestToken\":\"%s\",\"Tags\":[null]}"
                .formatted(name, token())), 400, "SerializationException");
        assertError(raw.call("secretsmanager.DescribeSecret", "{\"SecretId\":\"" + name + "\"}"), 400,
                "ResourceNotFoundException");
    }

    /**
     * A lone UTF-16 surrogate has no UTF-8 form: it was acknowledged, then read back as '?'. Now the
     * request is refused, whether the surrogate comes as an escape or as bytes that are not UTF-8.
     */
    @Test
    void aLoneSurrogateIsRefusedNotStoredAsAQuestionMark() {
        String name = uniqueName("surrogate");
        for (String value : new String[] {"\\ud800", "x\\udc00", "\\ud800x", "\\ud800\\n", "\\udc00\\ud800",
                "\\ud83d\\ud83d"}) {
            JsonNode body = assertError(raw.call("secretsmanager.CreateSecret",
                    "{\"Name\":\"%s\",\"SecretString\":\"%s\",\"ClientRequestToken\":\"%s\"}"
                            .formatted(name, value, token())), 400, "SerializationException");
            assertThat(body.path("Message").asText())
                    .isEqualTo("The request body contains an unpaired UTF-16 surrogate in a string.");
        }
        // ED A0 80 encodes U+D800; F0 8D A0 80 is an overlong form of it; C0 AF an overlong '/'.
        for (byte[] bad : new byte[][] {{(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf0, (byte) 0x8d, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}}) {
            byte[] head = ("{\"Name\":\"" + name + "\",\"ClientRequestToken\":\"" + token() + "\",\"SecretString\":\"")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] request = new byte[head.length + bad.length + 2];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(bad, 0, request, head.length, bad.length);
            request[request.length - 2] = '"';
            request[request.length - 1] = '}';
            JsonNode body = assertError(raw.send("secretsmanager.CreateSecret", request, "test", "test"), 400,
                    "SerializationException");
            assertThat(body.path("Message").asText()).isEqualTo("The request body is not valid UTF-8.");
        }
        assertError(raw.call("secretsmanager.DescribeSecret", "{\"SecretId\":\"" + name + "\"}"), 400,
                "ResourceNotFoundException");

        // A tag of an existing secret: refused too, and the secret keeps its tags.
        String tagged = uniqueName("surrogate-tag");
        assertThat(raw.call("secretsmanager.CreateSecret", "{\"Name\":\"%s\",\"SecretString\":\"v\",\"ClientRequestToken\":\"%s\"}"
                .formatted(tagged, token())).status()).isEqualTo(200);
        assertError(raw.call("secretsmanager.TagResource", "{\"SecretId\":\"%s\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"\\udfff\"}]}"
                .formatted(tagged)), 400, "SerializationException");
        assertThat(json(raw.call("secretsmanager.DescribeSecret", "{\"SecretId\":\"" + tagged + "\"}")).path("Tags"))
                .isEmpty();
    }

    @Test
    void aSurrogatePairIsOneCharacterAndComesBackUnchanged() {
        String name = uniqueName("surrogate-pair");
        assertThat(raw.call("secretsmanager.CreateSecret", "{\"Name\":\"%s\",\"SecretString\":\"a\\ud83d\\ude00b\",\"ClientRequestToken\":\"%s\"}"
                .formatted(name, token())).status()).isEqualTo(200);
        JsonNode got = json(raw.call("secretsmanager.GetSecretValue", "{\"SecretId\":\"" + name + "\"}"));
        assertThat(got.path("SecretString").asText()).isEqualTo("a\uD83D\uDE00b");
    }

    @Test
    void aUtf16BodyIsNotUtf8() {
        // JSON between systems "MUST be encoded using UTF-8" (RFC 8259); Jackson would have read UTF-16.
        byte[] utf16 = "{\"SecretId\":\"x\"}".getBytes(StandardCharsets.UTF_16);
        assertError(raw.send("secretsmanager.GetSecretValue", utf16, "test", "test"), 400, "SerializationException");
    }

    @Test
    void anUnsignedRequestIsMissingAuthenticationToken() {
        // JSON services (DynamoDB's documentation, for one) answer this with 400, which Homeport follows.
        JsonNode body = assertError(raw.unsigned("secretsmanager.ListSecrets", "{}"), 400,
                "MissingAuthenticationTokenException");
        assertThat(body.path("Message").asText()).isEqualTo("Missing Authentication Token");
    }

    @Test
    void aWrongSecretKeyIsInvalidSignature() {
        assertError(raw.send("secretsmanager.ListSecrets", "{}".getBytes(StandardCharsets.UTF_8), "test", "wrong"),
                400, "InvalidSignatureException");
        try (SecretsManagerClient wrong = server.client(SecretsManagerClient.builder(), REGION, "test", "wrong")) {
            assertAwsError(() -> wrong.listSecrets(b -> { }), SecretsManagerException.class,
                    "InvalidSignatureException", "The request signature we calculated does not match the signature "
                            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                            + "documentation for details.");
        }
    }

    @Test
    void anUnknownAccessKeyIsUnrecognizedClient() {
        assertError(raw.send("secretsmanager.ListSecrets", "{}".getBytes(StandardCharsets.UTF_8), "AKIDNOBODY",
                "x"), 400, "UnrecognizedClientException");
        try (SecretsManagerClient stranger = server.client(SecretsManagerClient.builder(), REGION, "AKIDNOBODY",
                "test")) {
            assertAwsError(() -> stranger.listSecrets(b -> { }), SecretsManagerException.class,
                    "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
    }

    @Test
    void everyResponseHasItsOwnRequestId() {
        String name = uniqueName("raw-ids");
        Set<String> ids = new HashSet<>();
        for (RawAwsJson.Response r : new RawAwsJson.Response[]{
                raw.call("secretsmanager.CreateSecret", "{\"Name\":\"" + name + "\"}"),
                raw.call("secretsmanager.DescribeSecret", "{\"SecretId\":\"" + name + "\"}"),
                raw.call("secretsmanager.DescribeSecret", "{\"SecretId\":\"" + name + "-missing\"}"),
                raw.call("secretsmanager.Nope", "{}"),
                raw.unsigned("secretsmanager.ListSecrets", "{}"),
                raw.call("secretsmanager.ListSecrets", "{")}) {
            String id = r.header("x-amzn-RequestId");
            assertThat(id).as(r.body()).isNotBlank();
            ids.add(id);
        }
        assertThat(ids).hasSize(6);
    }

    @Test
    void serviceErrorsCarryTypeHeaderAndMessage() {
        JsonNode body = assertError(raw.call("secretsmanager.DescribeSecret",
                "{\"SecretId\":\"" + uniqueName("missing") + "\"}"), 400, "ResourceNotFoundException");
        assertThat(body.path("Message").asText()).isEqualTo(NOT_FOUND);

        JsonNode validation = assertError(raw.call("secretsmanager.ListSecrets", "{\"MaxResults\":0}"), 400,
                "ValidationException");
        assertThat(validation.path("Message").asText()).startsWith("1 validation error detected: ");

        JsonNode missing = assertError(raw.call("secretsmanager.GetSecretValue", "{}"), 400, "ValidationException");
        assertThat(missing.path("Message").asText()).isEqualTo("1 validation error detected: Value null at "
                + "'secretId' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void aRequestOverOneMebibyteIsRefusedWith413() {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        RawAwsJson.Response r = raw.send("secretsmanager.ListSecrets", big, "test", "test");
        assertError(r, 413, "RequestEntityTooLargeException");

        // Exactly at the limit is still read (and here is a valid, if roomy, empty object).
        byte[] atLimit = Arrays.copyOf(big, 1024 * 1024);
        atLimit[atLimit.length - 1] = '}';
        assertThat(raw.send("secretsmanager.ListSecrets", atLimit, "test", "test").status()).isEqualTo(200);
    }
}
