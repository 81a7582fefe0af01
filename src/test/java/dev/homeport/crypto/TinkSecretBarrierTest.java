package dev.homeport.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinkSecretBarrierTest extends SecretBarrierContractTest {
    @TempDir
    Path dataDir;

    private final SecretBarrier barrier = new TinkSecretBarrier(Keysets.generate());
    private final SecretBarrier other = new TinkSecretBarrier(Keysets.generate());

    @Override
    protected SecretBarrier barrier() {
        return barrier;
    }

    @Override
    protected SecretBarrier otherBarrier() {
        return other;
    }

    @Test
    void rotationKeepsOldValuesReadableAndSealsWithTheNewKey() {
        MasterKeyStore store = MasterKeyStore.inDataDir(dataDir);
        TinkSecretBarrier b = new TinkSecretBarrier(store);
        byte[] plain = "before rotation".getBytes(StandardCharsets.UTF_8);
        Sealed old = b.seal(plain, AAD);
        long oldKey = b.primaryKeyId();

        b.rotate();

        assertThat(b.primaryKeyId()).isNotEqualTo(oldKey);
        assertThat(b.open(old, AAD)).isEqualTo(plain);
        assertThat(b.needsReseal(old)).isTrue();
        Sealed fresh = b.seal(plain, AAD);
        assertThat(fresh.tinkKeyId()).isEqualTo(b.primaryKeyId());
        assertThat(b.needsReseal(fresh)).isFalse();

        // A restart reads the rotated keyset from the file: both values still open.
        TinkSecretBarrier restarted = new TinkSecretBarrier(MasterKeyStore.inDataDir(dataDir));
        assertThat(restarted.primaryKeyId()).isEqualTo(b.primaryKeyId());
        assertThat(restarted.open(old, AAD)).isEqualTo(plain);
        assertThat(restarted.open(fresh, AAD)).isEqualTo(plain);
    }

    @Test
    void fixedKeysetRefusesRotation() {
        assertThatThrownBy(((TinkSecretBarrier) barrier)::rotate).isInstanceOf(IllegalStateException.class);
    }
}
