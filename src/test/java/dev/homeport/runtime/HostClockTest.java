package dev.homeport.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HostClockTest {

    /** The test machines are Linux on x86-64 with JDK 25, where adjtimex(2) is reachable. */
    @Test
    void theKernelsClockStatusIsReadHere() {
        HostClock.Status status = HostClock.read().orElseThrow();
        assertThat(Duration.between(status.reference(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
        // The kernel's maximum error is a bound: never negative; at most its 16 s ceiling (NTP_PHASE_LIMIT).
        assertThat(status.errorBoundMillis()).isBetween(0.0, 16_000.0);
    }
}
