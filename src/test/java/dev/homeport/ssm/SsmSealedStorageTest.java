package dev.homeport.ssm;

import dev.homeport.store.Database;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A SecureString's plaintext never reaches the disk (the database, its WAL, the audit trail in it), and its sealed
 * value is bound to its parameter and version: moved to another row, it no longer opens.
 */
class SsmSealedStorageTest {
    private static final String PLAINTEXT = "ssm-s3cr3t-d0-not-leak-" + System.nanoTime();
    private static final String VISIBLE = "visible-description-" + System.nanoTime();

    @Test
    void plaintextNeverReachesTheDataDirectory() throws Exception {
        HomeportServer server = HomeportServer.start("none");
        try {
            try (SsmClient ssm = server.client(SsmClient.builder());
                 CloudTrailClient trail = server.client(CloudTrailClient.builder())) {
                ssm.putParameter(b -> b.name("/leak/p").value(PLAINTEXT).type(ParameterType.SECURE_STRING)
                        .description(VISIBLE));
                ssm.putParameter(b -> b.name("/leak/p").value(PLAINTEXT + "-2").overwrite(true));
                assertThat(ssm.getParameter(b -> b.name("/leak/p:1").withDecryption(true)).parameter().value())
                        .isEqualTo(PLAINTEXT);
                // The audit trail has the call, its value hidden.
                long deadline = System.currentTimeMillis() + 10_000;
                String put = null;
                while (put == null && System.currentTimeMillis() < deadline) {
                    put = trail.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey("EventName")
                            .attributeValue("PutParameter"))).events().stream().map(e -> e.cloudTrailEvent())
                            .findFirst().orElse(null);
                    Thread.sleep(100);
                }
                assertThat(put).contains("/leak/p").contains("HIDDEN_DUE_TO_SECURITY_REASONS").doesNotContain(PLAINTEXT);
            }
            byte[] running = allBytes(server.dataDir());
            assertThat(indexOf(running, VISIBLE)).as("control: the writes reached these files").isNotNegative();
            assertThat(indexOf(running, PLAINTEXT)).isEqualTo(-1);
            server.stop();
            byte[] stopped = allBytes(server.dataDir());
            assertThat(indexOf(stopped, VISIBLE)).isNotNegative();
            assertThat(indexOf(stopped, PLAINTEXT)).isEqualTo(-1);
        } finally {
            server.stop();
            HomeportServer.deleteRecursively(server.dataDir());
        }
    }

    @Test
    void aSealedValueMovedToAnotherParameterOrVersionDoesNotOpen() throws Exception {
        HomeportServer server = HomeportServer.start("none");
        HomeportServer again = null;
        try {
            try (SsmClient ssm = server.client(SsmClient.builder())) {
                ssm.putParameter(b -> b.name("/bound/a").value(PLAINTEXT).type(ParameterType.SECURE_STRING));
                ssm.putParameter(b -> b.name("/bound/b").value("harmless").type(ParameterType.SECURE_STRING));
                ssm.putParameter(b -> b.name("/bound/b").value("harmless-2").overwrite(true));
            }
            server.stop();
            try (Database db = Database.openDefault(server.dataDir())) {
                db.transactions().inTransaction(c -> {
                    try (var st = c.createStatement()) {
                        st.executeUpdate("UPDATE ssm_parameter_version SET sealed_value = (SELECT sealed_value FROM "
                                + "ssm_parameter_version WHERE name = '/bound/a') WHERE name = '/bound/b' AND version = 2");
                        st.executeUpdate("UPDATE ssm_parameter_version SET sealed_value = (SELECT sealed_value FROM "
                                + "ssm_parameter_version WHERE name = '/bound/b' AND version = 2) "
                                + "WHERE name = '/bound/b' AND version = 1");
                    }
                    return null;
                });
            }
            again = server.restart();
            try (SsmClient ssm = again.client(SsmClient.builder())) {
                assertThat(ssm.getParameter(b -> b.name("/bound/a").withDecryption(true)).parameter().value())
                        .isEqualTo(PLAINTEXT);
                for (String name : new String[] {"/bound/b", "/bound/b:1"}) {
                    AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                            () -> ssm.getParameter(b -> b.name(name).withDecryption(true)));
                    assertThat(e).as(name).isNotNull();
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.getMessage()).doesNotContain(PLAINTEXT).doesNotContain("harmless");
                }
            }
        } finally {
            (again == null ? server : again).stop();
            HomeportServer.deleteRecursively(server.dataDir());
        }
    }

    private static byte[] allBytes(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.write(Files.readAllBytes(f));
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
