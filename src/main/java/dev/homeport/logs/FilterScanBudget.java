package dev.homeport.logs;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much one FilterLogEvents call may examine before it answers with the events found so far and a
 * nextToken that resumes after the last event it examined. AWS documents the same contract: a page
 * holds what was found "within a time-bounded scan window", "might only be partially full, or even
 * empty", and only a missing nextToken means the search is over. Without a bound, a sparse pattern
 * over a large group kept a core busy long after the caller had given up.
 *
 * <p>Two limits, whichever comes first: a count of examined events, which makes the pages a caller
 * sees depend only on the data (and lets tests assert on them), and a time limit for what a count
 * can't foresee (long messages, a slow disk). Both are checked after each event, so every call
 * examines at least one and a caller following the tokens always gets to the end.
 *
 * @param maxEvents stored events a call may examine
 * @param maxTime   time a call may spend reading and matching events
 * @param nanoTime  the monotonic clock the time limit is measured with
 */
record FilterScanBudget(int maxEvents, Duration maxTime, LongSupplier nanoTime) {
    static final FilterScanBudget STANDARD = new FilterScanBudget(50_000, Duration.ofSeconds(2), System::nanoTime);

    FilterScanBudget {
        if (maxEvents < 1 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a scan budget must allow at least one event and some time");
        }
    }

    /** The moment a call starts, to pass to {@link #spent}. */
    long start() {
        return nanoTime.getAsLong();
    }

    /** Whether a call that started at {@code startedAt} and has examined {@code examined} events must stop. */
    boolean spent(int examined, long startedAt) {
        return examined >= maxEvents || nanoTime.getAsLong() - startedAt >= maxTime.toNanos();
    }
}
