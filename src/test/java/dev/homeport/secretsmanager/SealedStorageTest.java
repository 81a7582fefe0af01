package dev.homeport.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.crypto.AuthenticationFailedException;
import dev.homeport.crypto.MasterKeyStore;
import dev.homeport.crypto.TinkSecretBarrier;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import dev.homeport.secretsmanager.model.ValueKind;
import dev.homeport.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security properties of the whole write path (codec, barrier, repository, SQLite files), in the style of
 * Vault's barrier tests: what reaches the disk is sealed, and sealed values are bound to their row.
 */
class SealedStorageTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf";
    private static final String OTHER_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/other-XyZ123";
    private static final String PLAINTEXT = "s3cr3t-Hunter2-d0-not-leak-" + System.nanoTime();
    private static final String VISIBLE_MARKER = "visible-description-" + System.nanoTime();

    @TempDir
    Path dataDir;
    private Database db;
    private TinkSecretBarrier barrier;
    private SecretValueCodec codec;
    private SecretRepository repo;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        db = Database.openDefault(dataDir);
        barrier = new TinkSecretBarrier(MasterKeyStore.inDataDir(dataDir));
        codec = new SecretValueCodec(barrier);
        repo = new JdbcSecretRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Secret secret(String arn, String name) {
        return Secret.builder().arn(arn).name(name).account("000000000000").region("us-east-1")
                .description(VISIBLE_MARKER).createdDate(now).build();
    }

    private void createWithValue(String arn, String name, String versionId, SecretValue value) {
        repo.create(secret(arn, name), codec.newVersion(arn, versionId, Set.of("AWSCURRENT"), now, value));
    }

    @Test
    void plaintextNeverReachesTheDatabaseFileOrItsWal() throws Exception {
        createWithValue(ARN, "prod/db", "v1", SecretValue.ofString(PLAINTEXT));
        createWithValue(OTHER_ARN, "prod/other", "v1", SecretValue.ofBinary(PLAINTEXT.getBytes(StandardCharsets.UTF_8)));

        Path dbFile = dataDir.resolve(Database.DB_FILE);
        Path wal = dataDir.resolve(Database.DB_FILE + "-wal");
        assertThat(wal).exists(); // the writes are still in the WAL: exactly the file that must be checked
        byte[] onDisk = concat(Files.readAllBytes(dbFile), Files.readAllBytes(wal));
        // Control: the scan does find data that is stored in clear, so the writes did reach these files.
        assertThat(indexOf(onDisk, VISIBLE_MARKER.getBytes(StandardCharsets.UTF_8))).isNotNegative();
        assertThat(indexOf(onDisk, PLAINTEXT.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(indexOf(onDisk, PLAINTEXT.getBytes(StandardCharsets.UTF_16LE))).isEqualTo(-1);

        // And the value is really there, sealed.
        SecretVersion v = repo.findVersionByStage(ARN, "AWSCURRENT").orElseThrow();
        assertThat(codec.open(ARN, v).asString()).isEqualTo(PLAINTEXT);
        SecretVersion b = repo.findVersion(OTHER_ARN, "v1").orElseThrow();
        assertThat(b.kind()).isEqualTo(ValueKind.BINARY);
        assertThat(codec.open(OTHER_ARN, b).bytes()).isEqualTo(PLAINTEXT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValueMovedToAnotherSecretOrVersionFailsToOpen() throws Exception {
        createWithValue(ARN, "prod/db", "v1", SecretValue.ofString(PLAINTEXT));
        createWithValue(OTHER_ARN, "prod/other", "v1", SecretValue.ofString("harmless"));
        repo.applyVersionChange(ARN, st -> VersionChange.addVersion(
                codec.newVersion(ARN, "v2", Set.of(), now, SecretValue.ofString("second"))));

        // An attacker with write access to the database copies prod/db's value over prod/other's...
        execute("UPDATE sm_version SET sealed_value = (SELECT sealed_value FROM sm_version WHERE secret_arn = '"
                + ARN + "' AND version_id = 'v1') WHERE secret_arn = '" + OTHER_ARN + "'");
        SecretVersion moved = repo.findVersion(OTHER_ARN, "v1").orElseThrow();
        assertThatThrownBy(() -> codec.open(OTHER_ARN, moved)).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageNotContaining(PLAINTEXT);
        // ...or over another version of the same secret.
        execute("UPDATE sm_version SET sealed_value = (SELECT sealed_value FROM sm_version WHERE secret_arn = '"
                + ARN + "' AND version_id = 'v1') WHERE secret_arn = '" + ARN + "' AND version_id = 'v2'");
        SecretVersion swapped = repo.findVersion(ARN, "v2").orElseThrow();
        assertThatThrownBy(() -> codec.open(ARN, swapped)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void aFlippedByteInTheStoredValueFailsToOpen() throws Exception {
        createWithValue(ARN, "prod/db", "v1", SecretValue.ofString(PLAINTEXT));
        SecretVersion v = repo.findVersion(ARN, "v1").orElseThrow();
        byte[] tampered = v.value().bytes();
        tampered[tampered.length / 2] ^= 0x10;
        repo.replaceSealedValues(List.of(new StoredValue.Reseal(new StoredValue(ARN, "v1", v.value()),
                dev.homeport.crypto.Sealed.of(tampered))));
        SecretVersion stored = repo.findVersion(ARN, "v1").orElseThrow();
        assertThatThrownBy(() -> codec.open(ARN, stored)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void matchesComparesValuesForIdempotentRetries() {
        createWithValue(ARN, "prod/db", "v1", SecretValue.ofString(PLAINTEXT));
        SecretVersion v = repo.findVersion(ARN, "v1").orElseThrow();
        assertThat(codec.matches(ARN, v, SecretValue.ofString(PLAINTEXT))).isTrue();
        assertThat(codec.matches(ARN, v, SecretValue.ofString(PLAINTEXT + "x"))).isFalse();
        assertThat(codec.matches(ARN, v, SecretValue.ofBinary(PLAINTEXT.getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(SecretValue.ofString(PLAINTEXT).toString()).doesNotContain(PLAINTEXT);
    }

    @Test
    void rotationKeepsValuesReadableAndResealMovesThemToTheNewKey() {
        createWithValue(ARN, "prod/db", "v1", SecretValue.ofString(PLAINTEXT));
        createWithValue(OTHER_ARN, "prod/other", "v1", SecretValue.ofString("other"));
        long oldKey = barrier.primaryKeyId();

        barrier.rotate();
        assertThat(codec.open(ARN, repo.findVersion(ARN, "v1").orElseThrow()).asString()).isEqualTo(PLAINTEXT);

        CachingSecretRepository cached = new CachingSecretRepository(repo);
        cached.findVersion(ARN, "v1"); // warm the cache: re-sealing must evict it
        assertThat(new Resealer(cached, codec).resealAll(counts -> { }).resealed()).isEqualTo(2);
        for (String arn : new String[] {ARN, OTHER_ARN}) {
            SecretVersion v = cached.findVersion(arn, "v1").orElseThrow();
            assertThat(v.value().tinkKeyId()).isEqualTo(barrier.primaryKeyId()).isNotEqualTo(oldKey);
            assertThat(codec.open(arn, v)).isNotNull();
        }
        assertThat(codec.open(ARN, cached.findVersion(ARN, "v1").orElseThrow()).asString()).isEqualTo(PLAINTEXT);
        assertThat(new Resealer(repo, codec).resealAll(counts -> { }).resealed()).isZero(); // idempotent
        cached.close();
    }

    private void execute(String sql) throws Exception {
        db.transactions().inTransaction(c -> c.createStatement().executeUpdate(sql));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
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
}
