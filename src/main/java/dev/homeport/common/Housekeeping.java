package dev.homeport.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Homeport's periodic background jobs (purging deleted secrets, forgetting stopped tasks, log
 * retention) on one daemon thread. Each job runs once at start, because deadlines may have passed while
 * Homeport was down, and then at a fixed delay. A job that fails is logged and tried again next time;
 * it never stops the others.
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "homeport-housekeeping");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code job} now and then every {@code periodSeconds}; {@code name} is for the log. */
    public Housekeeping every(long periodSeconds, String name, Runnable job) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed; will try again", e);
            }
        }, 0, periodSeconds, TimeUnit.SECONDS);
        return this;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
