package dev.homeport.app;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Homeport in its own JVM, killed with SIGKILL in the middle of a stream of PutSecretValue calls,
 * then restarted on the same data directory. Every write that was acknowledged (HTTP 200) must be
 * readable by its VersionId with its exact value, every version that exists must be one that was
 * sent and hold its own value, labels must be consistent, and SQLite must report no corruption.
 */
class CrashRecoveryTest {
    private static final int SECRETS = 4;
    private static final int WRITERS = 8;
    private static final Duration WRITE_FOR = Duration.ofSeconds(2);
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();
    private Path dataDir;

    /** A PutSecretValue that was sent; the value encodes the token, so any stored version can be checked. */
    private record Write(String secret, String token, String value) {
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        if (dataDir != null) {
            HomeportServer.deleteRecursively(dataDir);
            for (String label : List.of("first", "second")) {
                dataDir.resolveSibling(dataDir.getFileName() + "-" + label + ".log").toFile().delete();
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void acknowledgedWritesSurviveKillDashNine() throws Exception {
        dataDir = Files.createTempDirectory("homeport-crash");
        int port = freePort();
        Process first = startHomeport(port, "first");
        List<String> names = new ArrayList<>();
        Map<String, String> initialVersion = new HashMap<>();

        Map<String, Write> sent = new ConcurrentHashMap<>();
        Map<String, Write> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (SecretsManagerClient sm = client(port)) {
            for (int i = 0; i < SECRETS; i++) {
                String name = "crash/secret-" + i;
                String token = UUID.randomUUID().toString();
                sm.createSecret(b -> b.name(name).clientRequestToken(token).secretString(valueFor(name, token)));
                names.add(name);
                initialVersion.put(name, token);
                sent.put(token, new Write(name, token, valueFor(name, token)));
                acknowledged.put(token, new Write(name, token, valueFor(name, token)));
            }
            CountDownLatch started = new CountDownLatch(WRITERS);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String secret = names.get(w % SECRETS);
                writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                    started.countDown();
                    while (!stop.get()) {
                        String token = UUID.randomUUID().toString();
                        Write write = new Write(secret, token, valueFor(secret, token));
                        sent.put(token, write);
                        try {
                            PutSecretValueResponse r = sm.putSecretValue(b -> b.secretId(secret)
                                    .clientRequestToken(token).secretString(write.value()));
                            if (r.versionId().equals(token)) {
                                acknowledged.put(token, write);
                            }
                        } catch (RuntimeException e) {
                            // The server is gone (or going): this write was not acknowledged.
                            if (!first.isAlive()) {
                                return;
                            }
                        }
                    }
                }));
            }
            started.await();
            Thread.sleep(WRITE_FOR.toMillis());
            first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no flush
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            for (Thread t : writers) {
                t.join(Duration.ofSeconds(30));
            }
        }
        int acks = acknowledged.size() - SECRETS;
        System.out.printf("CrashRecoveryTest: %d PutSecretValue calls sent, %d acknowledged before kill -9 "
                + "(exit code %d)%n", sent.size() - SECRETS, acks, first.exitValue());
        assertThat(acks).as("acknowledged writes before the kill").isGreaterThanOrEqualTo(10);

        int port2 = freePort();
        Process second = startHomeport(port2, "second");
        int versionsChecked = 0;
        try (SecretsManagerClient sm = client(port2)) {
            for (Write w : acknowledged.values()) {
                GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId(w.secret()).versionId(w.token()));
                assertThat(r.versionId()).isEqualTo(w.token());
                assertThat(r.secretString()).as("acknowledged version %s of %s", w.token(), w.secret())
                        .isEqualTo(w.value());
            }
            for (String name : names) {
                DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
                Map<String, String> owner = new HashMap<>();
                d.versionIdsToStages().forEach((id, labels) -> labels.forEach(label ->
                        assertThat(owner.put(label, id)).as("%s: label %s on two versions", name, label).isNull()));
                assertThat(owner).as("%s: labels %s", name, d.versionIdsToStages()).containsKey("AWSCURRENT");
                long currents = d.versionIdsToStages().values().stream().filter(l -> l.contains("AWSCURRENT")).count();
                assertThat(currents).isEqualTo(1);
                GetSecretValueResponse current = sm.getSecretValue(b -> b.secretId(name));
                assertThat(current.versionId()).isEqualTo(owner.get("AWSCURRENT"));
                assertThat(current.secretString()).isEqualTo(valueFor(name, current.versionId()));

                List<SecretVersionsListEntry> versions = new ArrayList<>();
                sm.listSecretVersionIdsPaginator(b -> b.secretId(name).includeDeprecated(true)).stream()
                        .forEach(page -> versions.addAll(page.versions()));
                long ackedHere = acknowledged.values().stream().filter(w -> w.secret().equals(name)).count();
                assertThat(versions.size()).as("%s: versions after restart", name).isGreaterThanOrEqualTo((int) ackedHere);
                for (SecretVersionsListEntry v : versions) {
                    Write w = sent.get(v.versionId());
                    assertThat(w).as("%s: version %s was never sent", name, v.versionId()).isNotNull();
                    assertThat(w.secret()).isEqualTo(name);
                    GetSecretValueResponse r = sm.getSecretValue(b -> b.secretId(name).versionId(v.versionId()));
                    assertThat(r.secretString()).isEqualTo(w.value());
                    versionsChecked++;
                }
                assertThat(versions).extracting(SecretVersionsListEntry::versionId).contains(initialVersion.get(name));
            }
        }
        second.destroy(); // SIGTERM: a clean shutdown, so the database can be checked on its own
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("homeport.db"));
             Statement s = c.createStatement()) {
            List<String> integrity = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    integrity.add(rs.getString(1));
                }
            }
            assertThat(integrity).containsExactly("ok");
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as("foreign key violations").isFalse();
            }
        }
        System.out.printf("CrashRecoveryTest: after restart all %d acknowledged writes read back; %d stored "
                + "versions checked; integrity_check ok%n", acks, versionsChecked);
    }

    private static String valueFor(String secret, String token) {
        return "crash-value|" + secret + "|" + token;
    }

    private Process startHomeport(int port, String label) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.homeport.app.Main", "server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--runtime", "process");
        // SQLite in the data directory and the development key, whatever the environment says.
        for (String v : Set.of("HOMEPORT_JDBC_URL", "HOMEPORT_MASTER_KEY", "HOMEPORT_CREDENTIALS_FILE")) {
            pb.environment().remove(v);
        }
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-" + label + ".log")
                .toFile());
        Process p = pb.start();
        processes.add(p);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Homeport (" + label + ") exited with " + p.exitValue() + ": "
                        + log(label));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/_homeport/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Homeport (" + label + ") not healthy after " + STARTUP + ": " + log(label));
    }

    private String log(String label) {
        try {
            return Files.readString(dataDir.resolveSibling(dataDir.getFileName() + "-" + label + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static SecretsManagerClient client(int port) {
        return SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(20)))
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                // One attempt per call: a retry could turn an unacknowledged write into an acknowledged one
                // on the restarted server, hiding exactly what this test looks for.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
