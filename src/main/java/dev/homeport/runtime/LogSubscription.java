package dev.homeport.runtime;

import java.time.Duration;

/** A running {@link TaskDriver#logs} stream. Thread-safe. */
public interface LogSubscription extends AutoCloseable {

    /** Waits until every line up to the container's exit was delivered (or the stream was closed).
     *  @return true if the stream completed within the timeout */
    boolean awaitCompletion(Duration timeout) throws InterruptedException;

    /** Stops delivery; idempotent. Lines may still arrive while this returns. */
    @Override
    void close();
}
