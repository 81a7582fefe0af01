package dev.homeport.protocol;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Slows down guessing: failed authentications (a wrong signature, an unknown key, a wrong console secret) are
 * counted per source address and access key, and a source that fails too often is refused for that key, even
 * with the right secret, until it has waited. Successful requests cost nothing and are never counted, so
 * legitimate traffic at any rate is never throttled.
 *
 * <p>Each (source, key) pair has a bucket of {@code burst} failures that refills at {@code refillPerSecond}: a
 * client with a wrong key sees its errors as usual for a while, then {@code ThrottlingException}s, and then one
 * attempt per refill. Failures with keys that do not exist all count against one bucket per source, so making up
 * key ids neither escapes the throttle nor grows its table without bound. Thread-safe.
 */
public final class AuthenticationThrottle {
    /** What {@link #allows} says to a key id that does not exist. */
    public static final String UNKNOWN_KEY = "";
    /** Enough for every client at once; a table this full is pruned of buckets that have refilled. */
    private static final int MAX_TRACKED = 10_000;

    private final int burst;
    private final double refillPerNano;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** The default: 20 failures, then one more every half second (~2 guesses a second instead of hundreds). */
    public static AuthenticationThrottle defaults() {
        return new AuthenticationThrottle(20, 2.0, System::nanoTime);
    }

    public AuthenticationThrottle(int burst, double refillPerSecond, LongSupplier nanoTime) {
        this.burst = burst;
        this.refillPerNano = refillPerSecond / 1e9;
        this.nanoTime = nanoTime;
    }

    /** False when {@code source} has failed too often with {@code accessKeyId} and must wait. */
    public boolean allows(String source, String accessKeyId) {
        return allows(source, () -> accessKeyId);
    }

    /**
     * {@link #allows(String, String)} with the key id asked for only when some source has failed lately: working
     * out which key a request names is a lookup, and on every request. A bucket that has refilled is forgotten
     * here, so the table empties again once failures stop.
     */
    public boolean allows(String source, Supplier<String> accessKeyId) {
        if (buckets.isEmpty()) {
            return true;
        }
        String key = key(source, accessKeyId.get());
        Bucket b = buckets.get(key);
        if (b == null) {
            return true;
        }
        double tokens = b.tokens(nanoTime.getAsLong());
        if (tokens >= burst) {
            buckets.remove(key, b);
        }
        return tokens >= 1;
    }

    /** Counts one failed authentication of {@code source} with {@code accessKeyId}. */
    public void failed(String source, String accessKeyId) {
        if (buckets.size() >= MAX_TRACKED) {
            prune();
        }
        buckets.computeIfAbsent(key(source, accessKeyId), k -> new Bucket(burst, nanoTime.getAsLong()))
                .take(nanoTime.getAsLong());
    }

    private void prune() {
        long now = nanoTime.getAsLong();
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().tokens(now) >= burst) {
                it.remove();
            }
        }
    }

    private static String key(String source, String accessKeyId) {
        return source + '\n' + (accessKeyId == null ? UNKNOWN_KEY : accessKeyId);
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized double tokens(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * refillPerNano);
            updated = now;
            return tokens;
        }

        synchronized void take(long now) {
            tokens = Math.max(0, tokens(now) - 1);
        }
    }
}
