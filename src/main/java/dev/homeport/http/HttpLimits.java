package dev.homeport.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What one client may hold of the server: connections, and how long a connection may wait for, or take to send,
 * a request. Without these, idle or half-sent connections (which cost a client nothing) pile up until the
 * process runs out of file descriptors.
 *
 * @param maxConnections  open connections at most; one more is answered 503 and closed at once
 * @param idleTimeout     how long a connection may sit between requests (or before its first) without a byte
 * @param requestTimeout  how long a request may take to arrive, from its first byte to the end of its body
 */
public record HttpLimits(int maxConnections, Duration idleTimeout, Duration requestTimeout) {
    /** nginx keeps idle connections 75 s and gives 60 s for headers; AWS SDKs reuse pooled connections for 60 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The largest request (4 MiB) takes milliseconds on the networks Homeport serves. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public HttpLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (!idleTimeout.isPositive() || !requestTimeout.isPositive()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** The default timeouts, and a connection cap that leaves half of the process's file descriptors free. */
    public static HttpLimits defaults() {
        return new HttpLimits(defaultMaxConnections(), DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public HttpLimits withMaxConnections(int max) {
        return new HttpLimits(max, idleTimeout, requestTimeout);
    }

    /**
     * Half the descriptor limit, between 64 and 10,000: the other half is for the store, the Docker client, task
     * pipes and log files, so connections alone can never exhaust them.
     */
    static int defaultMaxConnections() {
        long fds = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 4096;
        return (int) Math.max(64, Math.min(10_000, fds / 2));
    }
}
