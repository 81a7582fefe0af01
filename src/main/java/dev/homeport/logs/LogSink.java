package dev.homeport.logs;

import dev.homeport.protocol.AwsServiceException;

import java.util.List;

/**
 * The in-process way into CloudWatch Logs, for Homeport's own producers (the ECS {@code awslogs} log
 * driver). Events written here are exactly what GetLogEvents, FilterLogEvents and {@code aws logs
 * tail} then read.
 *
 * <p>Contract:
 * <ul>
 *   <li>Thread-safe: any number of threads may call any method concurrently.</li>
 *   <li>The destination's stream is created when it does not exist; its group too when
 *       {@link LogDestination#createGroup()} is true. Otherwise a missing group is
 *       {@code ResourceNotFoundException} ("The specified log group does not exist."), which the caller
 *       reports (ECS stops the task with it, as the real awslogs driver fails the container start).</li>
 *   <li>Unlike PutLogEvents, the sink takes events in any order and any number: it sorts them by
 *       timestamp (stably) and has no batch limits. Events older than the group's retention are
 *       dropped, as the retention job would delete them anyway.</li>
 *   <li>Messages are stored as given. Homeport never writes them to its own log.</li>
 * </ul>
 */
public interface LogSink {
    /**
     * Stores {@code events} in one transaction: all are stored, or (on an exception) none.
     *
     * @throws AwsServiceException {@code ResourceNotFoundException} when the group is missing and may
     *                             not be created
     */
    void append(LogDestination destination, List<LogEvent> events);

    /**
     * Opens a buffered writer for one destination, for producers that emit one line at a time. The
     * stream (and group, if allowed) is created now, so a bad destination fails here, synchronously,
     * not later in the background.
     *
     * @throws AwsServiceException {@code ResourceNotFoundException} when the group is missing and may
     *                             not be created
     */
    LogWriter open(LogDestination destination);
}
