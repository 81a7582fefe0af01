package dev.homeport.logs;

/**
 * A buffered, thread-safe writer to one log stream, from {@link LogSink#open}.
 *
 * <p>{@link #add} never touches the database: events are buffered and written in batches, at the
 * latest {@link #FLUSH_INTERVAL_MILLIS} after they were added or as soon as {@link #BATCH_EVENTS}
 * are waiting, whichever comes first. A batch that fails to store (say the group was deleted and
 * may not be created again) is dropped with one warning in Homeport's log that names the
 * destination and the count, never the messages; the writer keeps accepting events.
 */
public interface LogWriter extends AutoCloseable {
    long FLUSH_INTERVAL_MILLIS = 200;
    int BATCH_EVENTS = 1_000;

    /** Buffers one event. After {@link #close()} it is ignored. */
    void add(LogEvent event);

    /** Writes everything buffered so far and returns when it is stored (or dropped after a failure). */
    void flush();

    /** Flushes and stops the writer; idempotent. */
    @Override
    void close();

    LogDestination destination();
}
