package dev.homeport.ecs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Forgets stopped tasks as ECS does. AWS: stopped tasks "appear in the returned results for at least one
 * hour" (ListTasks, {@code desiredStatus}) and then disappear; DescribeTasks answers them as
 * {@code failures: [{arn, reason: "MISSING"}]} from then on. Homeport deletes a task (its document, with
 * containers and attachments, and its tags) once it has been STOPPED for more than {@link #RETENTION}, and
 * RunTask client tokens older than their 24-hour TTL or whose tasks are all gone. Run by
 * {@link dev.homeport.common.Housekeeping}: at start (tasks may have aged while Homeport was down) and then
 * every minute.
 */
public final class StoppedTaskPurger {
    private static final Logger LOG = Logger.getLogger(StoppedTaskPurger.class.getName());
    /** How long a STOPPED task stays visible: ECS's documented minimum of one hour. */
    public static final Duration RETENTION = Duration.ofHours(1);

    private final EcsRepository repository;
    private final Clock clock;

    public StoppedTaskPurger(EcsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** @return the ARNs of the tasks deleted */
    public List<String> purgeDue() {
        Instant now = clock.instant();
        List<String> purged = repository.purgeStoppedTasks(now.minus(RETENTION));
        // After the tasks: a token whose last task just went is forgotten in the same run.
        repository.purgeClientTokens(now.minus(TaskOperations.CLIENT_TOKEN_TTL));
        if (!purged.isEmpty()) {
            LOG.fine(() -> "forgot " + purged.size() + " tasks stopped for more than " + RETENTION);
        }
        return purged;
    }
}
