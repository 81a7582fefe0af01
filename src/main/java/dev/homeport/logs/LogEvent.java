package dev.homeport.logs;

import java.util.Objects;

/**
 * One log event as a producer hands it in: when it happened (epoch milliseconds) and its text.
 * {@code toString()} leaves the message out: a task's output may hold anything, and Homeport never
 * writes it to its own log.
 */
public record LogEvent(long timestamp, String message) {
    public LogEvent {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "LogEvent[timestamp=" + timestamp + ", message=<" + message.length() + " chars>]";
    }
}
