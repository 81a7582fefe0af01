package dev.homeport.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS JSON timestamps: epoch seconds, the milliseconds as a fraction without trailing zeros, never negative. */
class EpochSecondsTest {
    /** The definition, spelled with BigDecimal: what {@link Json#epochSeconds} must always equal. */
    private static String reference(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().max(BigDecimal.ZERO).toPlainString();
    }

    @Property(tries = 2000)
    void equalsTheDecimalDefinition(@ForAll @LongRange(min = -5_000, max = 4_102_444_800_000L) long millis) {
        assertThat(Json.epochSeconds(Instant.ofEpochMilli(millis))).isEqualTo(reference(millis));
    }

    @Property(tries = 1)
    void examples() {
        assertThat(Json.epochSeconds(Instant.ofEpochMilli(1_700_000_000_000L))).isEqualTo("1700000000");
        assertThat(Json.epochSeconds(Instant.ofEpochMilli(1_700_000_000_500L))).isEqualTo("1700000000.5");
        assertThat(Json.epochSeconds(Instant.ofEpochMilli(1_700_000_000_050L))).isEqualTo("1700000000.05");
        assertThat(Json.epochSeconds(Instant.ofEpochMilli(1_700_000_000_123L))).isEqualTo("1700000000.123");
        assertThat(Json.epochSeconds(Instant.ofEpochMilli(7))).isEqualTo("0.007");
        assertThat(Json.epochSeconds(Instant.ofEpochMilli(-1))).isEqualTo("0");
    }
}
