package dev.homeport.secretsmanager;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Purges secrets whose recovery window has ended, as AWS does: until then DeleteSecret can be
 * undone with RestoreSecret; after it, the secret and all its versions are gone and the name is
 * free. Runs once at start (windows may have ended while Homeport was down) and then every minute.
 */
public final class SecretPurger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SecretPurger.class.getName());

    private final SecretRepository repository;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "homeport-secret-purger");
        t.setDaemon(true);
        return t;
    });

    public SecretPurger(SecretRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public SecretPurger start(long periodSeconds) {
        timer.scheduleWithFixedDelay(this::purgeDue, 0, periodSeconds, TimeUnit.SECONDS);
        return this;
    }

    /** @return how many secrets were purged */
    public int purgeDue() {
        int purged = 0;
        try {
            for (String arn : repository.findDueForPurge(clock.instant())) {
                if (repository.purge(arn)) {
                    purged++;
                    LOG.info(() -> "purged secret " + arn + " at the end of its recovery window");
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "purging secrets failed; will try again", e);
        }
        return purged;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
