package dev.homeport.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The hand-written X-Amz-Date parser and formatter agree with the formatter they replaced. */
class AmzDateTest {
    @Property
    void agreesWithTheFormatter(@ForAll @LongRange(min = 0, max = 253402300799L) long epochSecond) {
        Instant t = Instant.ofEpochSecond(epochSecond);
        String text = SigV4Verifier.AMZ_DATE.format(t.atOffset(ZoneOffset.UTC));
        assertThat(SigV4Verifier.formatAmzDate(t)).isEqualTo(text);
        assertThat(SigV4Verifier.parseAmzDate(text))
                .isEqualTo(LocalDateTime.parse(text, SigV4Verifier.AMZ_DATE).toInstant(ZoneOffset.UTC));
    }

    @Test
    void refusesWhatTheFormatterRefuses() {
        for (String bad : new String[]{"", "20261128", "20261128T171557", "20261128T171557z", "2026-11-28T17:15:57Z",
                "20261328T171557Z", "20261128T251557Z", "20261128T176057Z", "2026112xT171557Z", "20261128 171557Z",
                "+0261128T171557Z"}) {
            assertThatThrownBy(() -> SigV4Verifier.parseAmzDate(bad)).as(bad)
                    .isInstanceOf(DateTimeParseException.class);
        }
    }
}
