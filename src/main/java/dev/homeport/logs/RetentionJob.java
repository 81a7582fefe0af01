package dev.homeport.logs;

import dev.homeport.logs.LogStore.Group;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes log events older than their group's retention policy (PutRetentionPolicy). AWS deletes
 * expired events "typically within 72 hours"; Homeport does it at start (the data may have aged
 * while it was down) and then every {@code periodSeconds}. An event expires when its timestamp is
 * more than {@code retentionInDays} days before the clock.
 */
public final class RetentionJob implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    private final LogStore store;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "homeport-logs-retention");
        t.setDaemon(true);
        return t;
    });

    public RetentionJob(LogsService service, Clock clock) {
        this.store = service.store();
        this.clock = clock;
    }

    public RetentionJob start(long periodSeconds) {
        timer.scheduleWithFixedDelay(this::expireSafely, 0, periodSeconds, TimeUnit.SECONDS);
        return this;
    }

    /** @return how many events were deleted */
    public int expire() {
        int deleted = 0;
        long now = clock.millis();
        for (Group g : store.groupsWithRetention()) {
            deleted += store.expireBefore(g.id(), now - Duration.ofDays(g.retentionDays()).toMillis());
        }
        return deleted;
    }

    private void expireSafely() {
        try {
            int deleted = expire();
            if (deleted > 0) {
                LOG.fine(() -> "retention deleted " + deleted + " log events");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "log retention failed; will try again", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
