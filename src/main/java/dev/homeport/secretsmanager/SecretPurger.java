package dev.homeport.secretsmanager;

import java.time.Clock;
import java.util.logging.Logger;

/**
 * Purges secrets whose recovery window has ended, as AWS does: until then DeleteSecret can be
 * undone with RestoreSecret; after it, the secret and all its versions are gone and the name is
 * free. Run by {@link dev.homeport.common.Housekeeping}: at start (windows may have ended while
 * Homeport was down) and then every minute.
 */
public final class SecretPurger {
    private static final Logger LOG = Logger.getLogger(SecretPurger.class.getName());

    private final SecretRepository repository;
    private final Clock clock;

    public SecretPurger(SecretRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** @return how many secrets were purged */
    public int purgeDue() {
        int purged = 0;
        for (String arn : repository.findDueForPurge(clock.instant())) {
            if (repository.purge(arn)) {
                purged++;
                LOG.info(() -> "purged secret " + arn + " at the end of its recovery window");
            }
        }
        return purged;
    }
}
