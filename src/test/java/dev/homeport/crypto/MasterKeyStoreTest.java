package dev.homeport.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyStoreTest {
    @TempDir
    Path dataDir;

    private Path keyFile() {
        return dataDir.resolve(MasterKeyStore.FILE_NAME);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void generatesKeysetFileWithMode0600OnFirstLoadAndReusesIt() throws Exception {
        KeysetHandle first = MasterKeyStore.inDataDir(dataDir).load();
        assertThat(mode(keyFile())).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile())).contains("\"primaryKeyId\"").contains("AesGcmKey");
        KeysetHandle again = MasterKeyStore.inDataDir(dataDir).load();
        assertThat(again.getPrimary().getId()).isEqualTo(first.getPrimary().getId());
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(keyFile()); // no temp file left behind
        }
    }

    @Test
    void createsAMissingDataDirectoryPrivately() throws Exception {
        Path nested = dataDir.resolve("a/b");
        MasterKeyStore.inDataDir(nested).load();
        assertThat(mode(nested)).isEqualTo("rwx------");
        assertThat(mode(nested.resolve(MasterKeyStore.FILE_NAME))).isEqualTo("rw-------");
    }

    @Test
    void rotationAddsAPrimaryKeepsOldKeysAndStays0600() throws Exception {
        MasterKeyStore store = MasterKeyStore.inDataDir(dataDir);
        KeysetHandle before = store.load();
        KeysetHandle after = store.rotate();
        assertThat(after.size()).isEqualTo(before.size() + 1);
        assertThat(after.getPrimary().getId()).isNotEqualTo(before.getPrimary().getId());
        assertThat(mode(keyFile())).isEqualTo("rw-------");
        assertThat(MasterKeyStore.inDataDir(dataDir).load().getPrimary().getId()).isEqualTo(after.getPrimary().getId());
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(keyFile());
        }
    }

    @Test
    void refusesAKeysetFileOthersCanRead() throws Exception {
        MasterKeyStore.inDataDir(dataDir).load();
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MasterKeyStore.inDataDir(dataDir).load())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void environmentTakesJsonOrBase64AndWinsOverTheFile() {
        KeysetHandle handle = Keysets.generate();
        String json = Keysets.toJson(handle);
        String b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        for (String value : new String[] {json, b64, "  " + b64 + "\n"}) {
            MasterKeyStore store = MasterKeyStore.fromEnvironment(Map.of(MasterKeyStore.ENV_VAR, value), dataDir);
            assertThat(store.load().getPrimary().getId()).isEqualTo(handle.getPrimary().getId());
            assertThat(store.canRotate()).isFalse();
            assertThatThrownBy(store::rotate).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Files.exists(keyFile())).isFalse();
        assertThat(MasterKeyStore.fromEnvironment(Map.of(), dataDir).file()).contains(keyFile());
    }

    @Test
    void malformedKeyIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> MasterKeyStore.fromValue("{\"not\":\"a keyset-SECRETISH\"}").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("SECRETISH")
                .hasNoCause();
        assertThatThrownBy(() -> MasterKeyStore.fromValue("%%%").load()).isInstanceOf(IllegalArgumentException.class);
    }
}
