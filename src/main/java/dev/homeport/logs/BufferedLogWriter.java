package dev.homeport.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@link LogWriter} over a {@link LogsService}: a buffer, a scheduled flush, one flush at a time. */
final class BufferedLogWriter implements LogWriter {
    private static final Logger LOG = Logger.getLogger(BufferedLogWriter.class.getName());

    private final LogsService service;
    private final LogDestination destination;
    private final Object bufferLock = new Object();
    private final ReentrantLock flushLock = new ReentrantLock();
    private List<LogEvent> buffer = new ArrayList<>();
    private boolean flushScheduled;
    private boolean urgentFlushScheduled;
    private boolean closed;
    private boolean warned;

    BufferedLogWriter(LogsService service, LogDestination destination) {
        this.service = service;
        this.destination = destination;
    }

    @Override
    public void add(LogEvent event) {
        boolean scheduleNow = false;
        boolean scheduleLater = false;
        synchronized (bufferLock) {
            if (closed) {
                return;
            }
            buffer.add(event);
            if (buffer.size() >= BATCH_EVENTS) {
                if (!urgentFlushScheduled) {
                    urgentFlushScheduled = true;
                    scheduleNow = true;
                }
            } else if (!flushScheduled) {
                flushScheduled = true;
                scheduleLater = true;
            }
        }
        if (scheduleNow) {
            service.scheduleFlush(this::flush, 0);
        } else if (scheduleLater) {
            service.scheduleFlush(this::flush, FLUSH_INTERVAL_MILLIS);
        }
    }

    @Override
    public void flush() {
        flushLock.lock(); // batches are stored in the order they were taken from the buffer
        try {
            List<LogEvent> batch;
            synchronized (bufferLock) {
                batch = buffer;
                buffer = new ArrayList<>();
                flushScheduled = false;
                urgentFlushScheduled = false;
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                service.append(destination, batch);
            } catch (RuntimeException e) {
                if (!warned) {
                    warned = true;
                    LOG.log(Level.WARNING, "dropped " + batch.size() + " log events for log group "
                            + destination.group() + " stream " + destination.stream() + ": " + e.getMessage());
                }
            }
        } finally {
            flushLock.unlock();
        }
    }

    @Override
    public void close() {
        synchronized (bufferLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        flush();
    }

    @Override
    public LogDestination destination() {
        return destination;
    }
}
