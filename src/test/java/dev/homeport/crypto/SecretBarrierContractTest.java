package dev.homeport.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The {@link SecretBarrier} contract, including its security properties, for every implementation. */
public abstract class SecretBarrierContractTest {
    protected static final String AAD = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf|v1";
    private static final byte[] PLAIN = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

    protected abstract SecretBarrier barrier();

    /** A barrier over independent keys: must open nothing {@link #barrier()} sealed. */
    protected abstract SecretBarrier otherBarrier();

    @Test
    void roundTripsEmptySmallAndMaximumValues() {
        byte[] max = new byte[65_536];
        ThreadLocalRandom.current().nextBytes(max);
        for (byte[] p : new byte[][] {new byte[0], PLAIN, max}) {
            assertThat(barrier().open(barrier().seal(p, AAD), AAD)).isEqualTo(p);
        }
    }

    @Test
    void sealedBytesHideThePlaintextAndDifferEachTime() {
        Sealed a = barrier().seal(PLAIN, AAD);
        Sealed b = barrier().seal(PLAIN, AAD);
        assertThat(a).isNotEqualTo(b);
        assertThat(indexOf(a.bytes(), PLAIN)).isEqualTo(-1);
        assertThat(a.toString()).doesNotContain("horse");
    }

    @Test
    void anyFlippedByteFailsToOpen() {
        byte[] sealed = barrier().seal(PLAIN, AAD).bytes();
        IntStream.range(0, sealed.length).forEach(i -> {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> barrier().open(Sealed.of(tampered), AAD))
                    .as("flipped byte %d", i).isInstanceOf(AuthenticationFailedException.class);
        });
        byte[] truncated = java.util.Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> barrier().open(Sealed.of(truncated), AAD)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void valueMovedToAnotherRowFailsToOpen() {
        Sealed sealed = barrier().seal(PLAIN, AAD);
        for (String other : new String[] {
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf|v2",
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:other-XyZ123|v1", ""}) {
            assertThatThrownBy(() -> barrier().open(sealed, other)).isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void anotherKeysetCannotOpen() {
        assertThatThrownBy(() -> otherBarrier().open(barrier().seal(PLAIN, AAD), AAD))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void failureMessagesCarryNoPlaintext() {
        byte[] sealed = barrier().seal(PLAIN, AAD).bytes();
        sealed[sealed.length - 1] ^= 0x7f;
        assertThatThrownBy(() -> barrier().open(Sealed.of(sealed), AAD))
                .isInstanceOf(AuthenticationFailedException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("horse");
                    }
                });
    }

    @Test
    void freshValuesDoNotNeedResealing() {
        assertThat(barrier().needsReseal(barrier().seal(PLAIN, AAD))).isFalse();
        assertThat(barrier().needsReseal(otherBarrier().seal(PLAIN, AAD))).isTrue();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
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
