package dev.homeport.secretsmanager;

import dev.homeport.testing.RawAwsJson;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Secret values are sealed before they reach the store and never echoed: a distinctive value is
 * written (as a string and as binary), and then looked for in every file of the data directory,
 * in the messages of failing calls that carried it, and in DescribeSecret and ListSecrets.
 */
class SecretsStaySecretTest {
    private final String canary = "hp-canary-" + UUID.randomUUID().toString().replace("-", "");
    private final byte[] binaryCanary = ("bin-" + canary).getBytes(StandardCharsets.UTF_8);

    /** Every form in which the values could leak: their text, hex and base64 (as sent on the wire). */
    private List<byte[]> needles() {
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of(canary, "second-" + canary, "third-" + canary)) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
            out.add(s.getBytes(StandardCharsets.UTF_16LE));
        }
        out.add(binaryCanary);
        out.add(Base64.getEncoder().encodeToString(binaryCanary).getBytes(StandardCharsets.UTF_8));
        out.add(HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        // The random part alone: catches partial copies too.
        out.add(canary.substring("hp-canary-".length()).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private void assertNoCanaryIn(String what, byte[] haystack) {
        for (byte[] needle : needles()) {
            assertThat(indexOf(haystack, needle)).as("a secret value found in %s", what).isEqualTo(-1);
        }
    }

    private void assertNoCanaryIn(String what, String text) {
        assertNoCanaryIn(what, text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The message of the call's AWS error, which must happen. */
    private static String failureOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
        assertThat(e).as("the call should have failed").isNotNull();
        return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage() + " | " + e.getMessage();
    }

    private List<Path> filesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> scanDataDir(Path dir) {
        List<String> names = new ArrayList<>();
        for (Path f : filesUnder(dir)) {
            names.add(f.getFileName().toString());
            try {
                assertNoCanaryIn(f.toString(), Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    @Test
    void secretValuesAppearNowhereButInTheirReads() {
        HomeportServer server = HomeportServer.start();
        Path dataDir = server.dataDir();
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            RawAwsJson raw = new RawAwsJson(server.endpoint());
            String name = "canary/secret";
            String binName = "canary/binary";
            String token = UUID.randomUUID().toString();
            sm.createSecret(b -> b.name(name).secretString(canary).description("plain description")
                    .clientRequestToken(token));
            sm.createSecret(b -> b.name(binName).secretBinary(SdkBytes.fromByteArray(binaryCanary)));
            sm.putSecretValue(b -> b.secretId(name).secretString("second-" + canary));
            sm.putSecretValue(b -> b.secretId(name).secretString("third-" + canary).versionStages("custom"));
            // The values really are there to be found, so the checks below can fail.
            assertThat(sm.getSecretValue(b -> b.secretId(name).versionStage("AWSPREVIOUS")).secretString())
                    .isEqualTo(canary);
            assertThat(sm.getSecretValue(b -> b.secretId(binName)).secretBinary().asByteArray())
                    .isEqualTo(binaryCanary);
            RawAwsJson.Response read = raw.call("secretsmanager.GetSecretValue", "{\"SecretId\":\"" + name + "\"}");
            assertThat(read.body()).contains("second-" + canary);
            // ...and the detector finds them where they belong.
            assertThatThrownBy(() -> assertNoCanaryIn("GetSecretValue", read.bytes())).isInstanceOf(AssertionError.class);

            // Failing calls that carried a value don't echo it.
            List<String> messages = new ArrayList<>();
            messages.add(failureOf(() -> sm.createSecret(b -> b.name(name).secretString(canary))));
            messages.add(failureOf(() -> sm.createSecret(b -> b.name(name).secretString("third-" + canary)
                    .clientRequestToken(token))));
            messages.add(failureOf(() -> sm.putSecretValue(b -> b.secretId(name).secretString("second-" + canary)
                    .clientRequestToken(token))));
            messages.add(failureOf(() -> sm.createSecret(b -> b.name("bad name").secretString(canary))));
            messages.add(failureOf(() -> sm.createSecret(b -> b.name("both").secretString(canary)
                    .secretBinary(SdkBytes.fromByteArray(binaryCanary)))));
            messages.add(failureOf(() -> sm.createSecret(b -> b.name("too-big")
                    .secretString(canary + "x".repeat(65_536)))));
            messages.add(failureOf(() -> sm.createSecret(b -> b.name("too-big-binary")
                    .secretBinary(SdkBytes.fromByteArray(java.util.Arrays.copyOf(binaryCanary, 65_537))))));
            messages.add(failureOf(() -> sm.putSecretValue(b -> b.secretId("missing").secretString(canary))));
            messages.add(failureOf(() -> sm.updateSecret(b -> b.secretId(name).secretString(canary)
                    .secretBinary(SdkBytes.fromByteArray(binaryCanary)))));
            assertThat(messages).hasSize(9);
            for (String m : messages) {
                assertNoCanaryIn("error message " + m, m);
            }
            // Bodies the SDK could not have sent: broken JSON and wrong types around the value.
            for (String body : List.of(
                    "{\"Name\":\"raw\",\"SecretString\":\"" + canary,
                    "{\"Name\":\"raw\",\"SecretString\":[\"" + canary + "\"]}",
                    "{\"Name\":\"raw\",\"SecretString\":{\"" + canary + "\":1}}",
                    "{\"Name\":\"raw\",\"SecretString\":\"" + canary + "\"} " + canary,
                    "{\"Name\":\"raw\",\"SecretBinary\":\"" + canary + "!!\"}")) {
                RawAwsJson.Response r = raw.call("secretsmanager.CreateSecret", body);
                assertThat(r.status()).as(r.body()).isEqualTo(400);
                assertNoCanaryIn("raw error response " + r.body(), r.bytes());
            }

            // Metadata views.
            assertNoCanaryIn("DescribeSecret", raw.call("secretsmanager.DescribeSecret",
                    "{\"SecretId\":\"" + name + "\"}").bytes());
            assertNoCanaryIn("DescribeSecret (binary)", raw.call("secretsmanager.DescribeSecret",
                    "{\"SecretId\":\"" + binName + "\"}").bytes());
            RawAwsJson.Response list = raw.call("secretsmanager.ListSecrets", "{}");
            assertThat(list.body()).contains(name, binName);
            assertNoCanaryIn("ListSecrets", list.bytes());
            assertNoCanaryIn("ListSecretVersionIds", raw.call("secretsmanager.ListSecretVersionIds",
                    "{\"SecretId\":\"" + name + "\",\"IncludeDeprecated\":true}").bytes());
            assertNoCanaryIn("SDK DescribeSecret", sm.describeSecret(b -> b.secretId(name)).toString());

            // The files, while the server runs.
            List<String> running = scanDataDir(dataDir);
            assertThat(running).contains("homeport.db", "homeport.db-wal", "master-keyset.json");
        } finally {
            server.stop();
        }
        try {
            // And after a clean stop, when the WAL has been checkpointed into the database.
            List<String> stopped = scanDataDir(dataDir);
            assertThat(stopped).contains("homeport.db", "master-keyset.json");
        } finally {
            server.close();
        }
    }
}
