package dev.homeport.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.homeport.runtime.LogLine;
import dev.homeport.runtime.LogSubscription;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@code logs?follow=1&timestamps=1} stream cut into lines. With timestamps on, the engine prefixes every
 * log entry with its RFC 3339 time and a space; entries are lines, but a frame may still carry part of one
 * (the engine splits lines over 16 KiB), so bytes are buffered per stream until a newline.
 */
final class DockerLogSubscription extends ResultCallback.Adapter<Frame> implements LogSubscription {

    private static final Logger LOG = Logger.getLogger(DockerLogSubscription.class.getName());

    private final Consumer<LogLine> consumer;
    private final Map<LogLine.Stream, ByteArrayOutputStream> partial = new EnumMap<>(LogLine.Stream.class);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean closed;

    DockerLogSubscription(Consumer<LogLine> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void onNext(Frame frame) {
        LogLine.Stream stream = frame.getStreamType() == StreamType.STDERR ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
        ByteArrayOutputStream buf = partial.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
        for (byte b : frame.getPayload()) {
            if (b == '\n') {
                emit(stream, buf);
            } else {
                buf.write(b);
            }
        }
    }

    private void emit(LogLine.Stream stream, ByteArrayOutputStream buf) {
        String raw = buf.toString(StandardCharsets.UTF_8);
        buf.reset();
        if (raw.endsWith("\r")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        Instant ts = null;
        int space = raw.indexOf(' ');
        if (space > 0) {
            try {
                ts = Instant.parse(raw.substring(0, space));
                raw = raw.substring(space + 1);
            } catch (DateTimeParseException e) {
                // a continuation of a split line carries no timestamp
            }
        }
        if (closed) {
            return;
        }
        try {
            consumer.accept(new LogLine(ts == null ? Instant.now() : ts, stream, raw));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "log consumer failed", e);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // a missing container, or the engine closing the stream: either way there is nothing more to read
        finish();
        close();
    }

    @Override
    public void onComplete() {
        finish();
        close();
    }

    private void finish() {
        partial.forEach((stream, buf) -> {
            if (buf.size() > 0) {
                emit(stream, buf); // a last line without a newline
            }
        });
        done.countDown();
    }

    @Override
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        closed = true;
        try {
            super.close(); // closes the HTTP stream
        } catch (IOException e) {
            // nothing to do: the stream is gone either way
        }
        done.countDown();
    }
}
