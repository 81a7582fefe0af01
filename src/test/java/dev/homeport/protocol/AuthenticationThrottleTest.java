package dev.homeport.protocol;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationThrottleTest {
    private final AtomicLong now = new AtomicLong();
    private final AuthenticationThrottle throttle = new AuthenticationThrottle(3, 2.0, now::get);

    @Test
    void aSourceThatFailsTooOftenWaitsForARefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.allows("10.0.0.1", "AKID")).isTrue();
            throttle.failed("10.0.0.1", "AKID");
        }
        assertThat(throttle.allows("10.0.0.1", "AKID")).isFalse();
        now.addAndGet(400_000_000L); // 0.4 s: not yet one token at 2 per second
        assertThat(throttle.allows("10.0.0.1", "AKID")).isFalse();
        now.addAndGet(100_000_000L);
        assertThat(throttle.allows("10.0.0.1", "AKID")).isTrue();
        throttle.failed("10.0.0.1", "AKID");
        assertThat(throttle.allows("10.0.0.1", "AKID")).isFalse();
    }

    @Test
    void othersAreNotHeldBack() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1", "AKID");
        }
        assertThat(throttle.allows("10.0.0.2", "AKID")).as("another source").isTrue();
        assertThat(throttle.allows("10.0.0.1", "OTHER")).as("another key").isTrue();
    }

    @Test
    void theBucketNeverHoldsMoreThanItsBurst() {
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "AKID");
        }
        assertThat(throttle.allows("10.0.0.1", "AKID")).isFalse();
    }

    @Test
    void theKeyIsAskedForOnlyWhileFailuresAreTrackedAndARefilledBucketIsForgotten() {
        assertThat(throttle.allows("10.0.0.1", () -> {
            throw new AssertionError("no failure yet: the key must not be looked up");
        })).isTrue();
        throttle.failed("10.0.0.1", "AKID");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(throttle.allows("10.0.0.1", () -> {
            asked.incrementAndGet();
            return "AKID";
        })).isTrue();
        assertThat(asked).hasValue(1);
        now.addAndGet(500_000_000L); // refilled to the burst: forgotten when next asked
        assertThat(throttle.allows("10.0.0.1", "AKID")).isTrue();
        assertThat(throttle.allows("10.0.0.1", () -> {
            throw new AssertionError("the refilled bucket was forgotten: nothing is tracked");
        })).isTrue();
    }
}
