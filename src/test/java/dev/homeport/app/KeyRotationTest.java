package dev.homeport.app;

import com.google.crypto.tink.KeysetHandle;
import dev.homeport.crypto.Keysets;
import dev.homeport.crypto.MasterKeyStore;
import dev.homeport.crypto.TinkSecretBarrier;
import dev.homeport.secretsmanager.StoredValue;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code homeport keys rotate} against a running server: a new primary key, every stored value re-sealed with it
 * while clients keep reading and writing, every value still readable, and the server starting again on the rotated
 * keyset (its own sealed settings re-sealed too). Only the holder of the data directory's operator token may rotate.
 */
class KeyRotationTest {

    @Test
    void rotatesOnlineWhileClientsReadAndWrite() throws Exception {
        try (HomeportServer server = HomeportServer.start("none")) {
            SecretsManagerClient sm = server.client(SecretsManagerClient.builder());
            for (int i = 0; i < 1200; i++) { // more than two of the re-sealer's pages
                int n = i;
                sm.createSecret(b -> b.name("rot/" + n).secretString("value-" + n));
            }
            // An IAM user's key and an STS session: their secrets are sealed too, and re-sealed.
            software.amazon.awssdk.services.iam.IamClient iam = server.client(
                    software.amazon.awssdk.services.iam.IamClient.builder());
            iam.createUser(b -> b.userName("rotator"));
            iam.putUserPolicy(b -> b.userName("rotator").policyName("all").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            var userKey = iam.createAccessKey(b -> b.userName("rotator")).accessKey();
            var session = server.client(software.amazon.awssdk.services.sts.StsClient.builder(), "us-east-1",
                    userKey.accessKeyId(), userKey.secretAccessKey()).getSessionToken().credentials();
            // A SecureString parameter: sealed with the same barrier, re-sealed too.
            try (var ssm = server.client(software.amazon.awssdk.services.ssm.SsmClient.builder())) {
                ssm.putParameter(b -> b.name("/rot/param").value("value-parameter").type("SecureString"));
            }
            long before = primaryKeyOf(server);
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> clientErrors = new CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            Thread traffic = Thread.ofPlatform().start(() -> {
                try (SecretsManagerClient client = server.client(SecretsManagerClient.builder())) {
                    for (int i = 0; !stop.get(); i++) {
                        int n = i % 1200;
                        assertThat(client.getSecretValue(b -> b.secretId("rot/" + n)).secretString())
                                .startsWith("value-" + n);
                        client.putSecretValue(b -> b.secretId("rot/" + n).secretString("value-" + n + "-again"));
                        calls.incrementAndGet();
                    }
                } catch (Throwable t) {
                    clientErrors.add(t);
                }
            });

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = command(server).rotate(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            stop.set(true);
            traffic.join();

            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("re-sealing").contains("Done:");
            assertThat(clientErrors).isEmpty();
            assertThat(calls.get()).isPositive();
            long after = primaryKeyOf(server);
            assertThat(after).isNotEqualTo(before);
            // Every stored value, old versions and those written during the re-seal, is under the new key.
            List<StoredValue> all = new ArrayList<>();
            StoredValue last = null;
            List<StoredValue> page;
            do {
                page = server.homeport().secretRepository().sealedValues(last, 1000);
                all.addAll(page);
                last = page.isEmpty() ? null : page.getLast();
            } while (!page.isEmpty());
            assertThat(all).hasSizeGreaterThanOrEqualTo(1200 + calls.get());
            assertThat(all).allSatisfy(v -> assertThat(v.value().tinkKeyId()).isEqualTo(after));
            try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("homeport.db"));
                 var rows = db.createStatement().executeQuery("SELECT sealed_value FROM ssm_parameter_version")) {
                assertThat(rows.next()).isTrue();
                assertThat(dev.homeport.crypto.Sealed.of(rows.getBytes(1)).tinkKeyId()).isEqualTo(after);
            }

            // Nothing in the data directory (database, its journal, keyset, token) holds a value in plaintext, before
            // or after the re-seal, nor does what the command printed.
            try (var files = java.nio.file.Files.walk(server.dataDir())) {
                for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    assertThat(new String(java.nio.file.Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .as(f.toString()).doesNotContain("value-").doesNotContain(userKey.secretAccessKey())
                            .doesNotContain(session.secretAccessKey()).doesNotContain(session.sessionToken());
                }
            }
            assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                    .doesNotContain("value-");

            // The server starts again on the rotated keyset: its key check value opens, and so does every secret.
            try (HomeportServer again = server.restart();
                 SecretsManagerClient reopened = again.client(SecretsManagerClient.builder())) {
                assertThat(reopened.getSecretValue(b -> b.secretId("rot/7")).secretString()).startsWith("value-7");
                try (var ssm = again.client(software.amazon.awssdk.services.ssm.SsmClient.builder())) {
                    assertThat(ssm.getParameter(b -> b.name("/rot/param").withDecryption(true)).parameter().value())
                            .isEqualTo("value-parameter");
                }
                try (var asUser = again.client(SecretsManagerClient.builder(), "us-east-1", userKey.accessKeyId(),
                        userKey.secretAccessKey());
                     var asSession = SecretsManagerClient.builder().endpointOverride(again.endpoint())
                             .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                             .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                             .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                     software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                                             session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
                             .build()) {
                    assertThat(asUser.getSecretValue(b -> b.secretId("rot/8")).secretString()).startsWith("value-8");
                    assertThat(asSession.getSecretValue(b -> b.secretId("rot/9")).secretString()).startsWith("value-9");
                }
            }
        }
    }

    @Test
    void onlyTheOperatorTokenMayRotate() throws Exception {
        try (HomeportServer server = HomeportServer.start("none")) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = server.endpoint().resolve(OperatorEndpoints.ROTATION_PATH);
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            // An account's access key is not the operator: a signed request is refused the same way.
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer test")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(403);
            String token = java.nio.file.Files.readString(server.dataDir().resolve(OperatorEndpoints.TOKEN_FILE)).strip();
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"state\":\"NEVER_RUN\"");
            assertThat(java.nio.file.Files.getPosixFilePermissions(server.dataDir().resolve(OperatorEndpoints.TOKEN_FILE)))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void theCommandSaysWhatIsWrongWithoutAServerOrToken() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("homeport-keys");
        KeysCommand.Rotate rotate = new KeysCommand.Rotate();
        rotate.endpoint = URI.create("http://127.0.0.1:9");
        rotate.dataDir = empty;
        rotate.poll = Duration.ofMillis(50);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(rotate.rotate(System.out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no operator-token in");
        java.nio.file.Files.writeString(empty.resolve(OperatorEndpoints.TOKEN_FILE), "x\n");
        assertThat(rotate.rotate(System.out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no server answers at http://127.0.0.1:9");
    }

    @Test
    void aKeysetFromTheEnvironmentIsNotRotated() throws Exception {
        KeysetHandle keyset = Keysets.generate();
        MasterKeyStore fromEnvironment = MasterKeyStore.fromValue(Keysets.toJson(keyset));
        KeyRotation rotation = new KeyRotation(fromEnvironment, new TinkSecretBarrier(fromEnvironment, keyset), null,
                null, null, null, null, java.time.Clock.systemUTC());
        assertThatThrownBy(rotation::start).isInstanceOf(KeyRotation.RefusedException.class)
                .hasMessageContaining(MasterKeyStore.ENV_VAR);
        assertThat(rotation.status().state()).isEqualTo(KeyRotation.State.NEVER_RUN);
    }

    private static KeysCommand.Rotate command(HomeportServer server) {
        KeysCommand.Rotate rotate = new KeysCommand.Rotate();
        rotate.endpoint = server.endpoint();
        rotate.dataDir = server.dataDir();
        rotate.poll = Duration.ofMillis(50);
        return rotate;
    }

    /** The primary key of the server's keyset file, read as a restart would. */
    private static long primaryKeyOf(HomeportServer server) {
        return Integer.toUnsignedLong(MasterKeyStore.inDataDir(server.dataDir()).load().getPrimary().getId());
    }
}
