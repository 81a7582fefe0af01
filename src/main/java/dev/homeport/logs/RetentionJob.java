package dev.homeport.logs;

import dev.homeport.logs.LogStore.Group;

import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Deletes log events older than their group's retention policy (PutRetentionPolicy). AWS deletes
 * expired events "typically within 72 hours"; Homeport does it from
 * {@link dev.homeport.common.Housekeeping}, at start (the data may have aged while it was down) and then
 * every minute. An event expires when its timestamp is
 * more than {@code retentionInDays} days before the clock.
 */
public final class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    private final LogStore store;
    private final Clock clock;

    public RetentionJob(LogsService service, Clock clock) {
        this.store = service.store();
        this.clock = clock;
    }

    /** @return how many events were deleted */
    public int expire() {
        int deleted = 0;
        long now = clock.millis();
        for (Group g : store.groupsWithRetention()) {
            deleted += store.expireBefore(g.id(), now - Duration.ofDays(g.retentionDays()).toMillis());
        }
        if (deleted > 0) {
            int n = deleted;
            LOG.fine(() -> "retention deleted " + n + " log events");
        }
        return deleted;
    }
}
