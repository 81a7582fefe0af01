package dev.homeport.runtime.process;

import dev.homeport.runtime.LogLine;
import dev.homeport.runtime.LogSubscription;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The captured output of one process: a bounded in-memory backlog (what {@code docker logs} would replay)
 * plus live subscribers. Lines are delivered under the log's lock, so every subscriber sees one total order.
 */
final class LineLog {

    private static final Logger LOG = Logger.getLogger(LineLog.class.getName());

    private final int capacity;
    private final ArrayDeque<LogLine> backlog = new ArrayDeque<>();
    private final List<Subscription> subscribers = new ArrayList<>();
    private boolean complete;

    LineLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void append(LogLine line) {
        if (complete) {
            return; // a leftover descendant still writing after the container ended; Docker would have killed it
        }
        if (backlog.size() == capacity) {
            backlog.removeFirst();
        }
        backlog.addLast(line);
        for (Subscription s : List.copyOf(subscribers)) {
            s.deliver(line);
        }
    }

    synchronized void complete() {
        complete = true;
        subscribers.forEach(Subscription::finish);
        subscribers.clear();
    }

    synchronized LogSubscription subscribe(Consumer<LogLine> consumer) {
        Subscription s = new Subscription(consumer);
        backlog.forEach(s::deliver);
        if (complete) {
            s.finish();
        } else {
            subscribers.add(s);
        }
        return s;
    }

    private synchronized void remove(Subscription s) {
        subscribers.remove(s);
    }

    /** An already-completed, empty subscription: what a missing container yields. */
    static LogSubscription empty() {
        LineLog log = new LineLog(0);
        log.complete();
        return log.subscribe(line -> { });
    }

    private final class Subscription implements LogSubscription {
        private final Consumer<LogLine> consumer;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean closed;

        Subscription(Consumer<LogLine> consumer) {
            this.consumer = consumer;
        }

        void deliver(LogLine line) {
            if (closed) {
                return;
            }
            try {
                consumer.accept(line);
            } catch (RuntimeException e) {
                // one broken consumer must not stop the pump that feeds the others
                LOG.log(Level.WARNING, "log consumer failed", e);
            }
        }

        void finish() {
            done.countDown();
        }

        @Override
        public boolean awaitCompletion(Duration timeout) throws InterruptedException {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            closed = true;
            remove(this);
            done.countDown();
        }
    }
}
