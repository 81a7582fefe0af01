package dev.homeport.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds every connection of the server to its {@link HttpLimits}: at most so many open, none idle or half-sent for
 * longer than its deadline.
 *
 * <p>Why this and not Helidon's settings: Helidon 4.5 applies no read timeout to the sockets it accepts (its
 * {@code readTimeout} option is not set on them), and its idle-connection sweep closes a connection gracefully,
 * which does not wake a thread blocked reading a request that never completes; a connection that never sends a
 * byte is not even in its sweep. So such connections lived until the process ran out of file descriptors.
 *
 * <p>How: the guard is the listener's only connection selector, wrapping Helidon's HTTP/1 selector (with a single
 * selector Helidon hands it each connection at once, before reading anything). It sees every chunk of bytes
 * arrive (it wraps the connection's reader), is told by the routing filter when a request's headers are in and by
 * the body reader when its body is, and a sweeper interrupts a connection's thread when its deadline passes. The
 * thread is then blocked in a socket read (the only thing it does in the phases that have a deadline), and
 * interrupting a blocked read on a socket channel closes the channel: the connection ends, its descriptor is freed.
 * A request being handled has no deadline, so an operation is never interrupted halfway.
 *
 * <p>Thread-safe.
 */
final class ConnectionGuard implements AutoCloseable {
    /** The connection the current thread serves: Helidon serves each HTTP/1 connection on one thread. */
    private static final ThreadLocal<Tracked> CURRENT = new ThreadLocal<>();
    private static final Duration SWEEP_PERIOD = Duration.ofMillis(250);
    /** AWS's answer when it sheds load: 503, which every SDK retries with backoff. */
    private static final byte[] REFUSAL = refusal(
            "{\"__type\":\"ServiceUnavailableException\",\"message\":\"Too many open connections; retry later.\"}");

    /** Where a connection is in its request cycle; each phase but HANDLING has a deadline. */
    enum Phase {
        /** Between requests, or before the first: no byte of the next request yet. */
        AWAITING_REQUEST,
        /** The request's first bytes arrived; its headers or its body are still coming. */
        READING_REQUEST,
        /** Headers and body are in: the request is being served. */
        HANDLING,
        /** The deadline passed and the connection was closed. */
        TIMED_OUT
    }

    private record State(Phase phase, long deadlineNanos) {
        static final State TIMED_OUT = new State(Phase.TIMED_OUT, 0);
    }

    private final HttpLimits limits;
    private final Set<Tracked> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openCount = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final Thread sweeper;
    private volatile boolean closed;

    ConnectionGuard(HttpLimits limits) {
        this.limits = limits;
        this.sweeper = Thread.ofPlatform().name("homeport-connection-guard").daemon().start(this::sweep);
    }

    /** Helidon's HTTP/1 selector, with every connection it makes held to the limits. */
    ServerConnectionSelector guard(ServerConnectionSelector http1) {
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return http1.bytesToIdentifyConnection();
            }

            @Override
            public Support supports(BufferData data) {
                return http1.supports(data);
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http1.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                if (openCount.incrementAndGet() > limits.maxConnections()) {
                    openCount.decrementAndGet();
                    refused.incrementAndGet();
                    return new Refusal(ctx.dataWriter());
                }
                Tracked tracked = new Tracked(Thread.currentThread());
                try {
                    return new GuardedConnection(http1.connection(new ObservedContext(ctx, tracked)), tracked);
                } catch (RuntimeException | Error e) {
                    openCount.decrementAndGet();
                    throw e;
                }
            }
        };
    }

    /**
     * The current request's headers are in (called by the routing filter, on the connection's thread). A request
     * with a body keeps its deadline until {@link #bodyRead()}; one without is being handled from now on.
     *
     * @throws CloseConnectionException when the deadline passed meanwhile: the connection is closed
     */
    static void headersRead(boolean hasBody) {
        Tracked t = CURRENT.get();
        if (t != null) {
            t.headersRead(hasBody);
        }
    }

    /**
     * The current request's body has been read: it is being handled from now on, without a deadline.
     *
     * @throws CloseConnectionException when the deadline passed meanwhile: the connection is closed
     */
    static void bodyRead() {
        Tracked t = CURRENT.get();
        if (t != null) {
            t.moveTo(Phase.HANDLING);
        }
    }

    /** The current request has been answered: the connection waits for the next one. */
    static void requestDone() {
        Tracked t = CURRENT.get();
        if (t != null) {
            t.awaitNext();
        }
    }

    int openConnections() {
        return openCount.get();
    }

    long refusedConnections() {
        return refused.get();
    }

    long timedOutConnections() {
        return timedOut.get();
    }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
    }

    private void sweep() {
        while (!closed) {
            try {
                Thread.sleep(SWEEP_PERIOD);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Tracked t : open) {
                if (t.expireIfDue(now)) {
                    timedOut.incrementAndGet();
                }
            }
        }
    }

    /** One connection's phase and deadline. */
    private final class Tracked {
        private final Thread thread;
        private final AtomicReference<State> state;

        Tracked(Thread thread) {
            this.thread = thread;
            this.state = new AtomicReference<>(new State(Phase.AWAITING_REQUEST, deadline(limits.idleTimeout())));
        }

        void bytesArrived() {
            State current = state.get();
            if (current.phase() == Phase.AWAITING_REQUEST) {
                // Losing this race means the sweeper just timed the connection out: its read fails next.
                state.compareAndSet(current, new State(Phase.READING_REQUEST, deadline(limits.requestTimeout())));
            }
        }

        void headersRead(boolean hasBody) {
            State current = state.get();
            if (hasBody && current.phase() == Phase.AWAITING_REQUEST) {
                // The whole request came in one chunk that was read with the previous one.
                if (!state.compareAndSet(current, new State(Phase.READING_REQUEST, deadline(limits.requestTimeout())))) {
                    throw timedOut();
                }
            } else if (!hasBody) {
                moveTo(Phase.HANDLING);
            }
        }

        void moveTo(Phase phase) {
            while (true) {
                State current = state.get();
                if (current.phase() == Phase.TIMED_OUT) {
                    throw timedOut();
                }
                if (current.phase() == phase || state.compareAndSet(current, new State(phase, 0))) {
                    return;
                }
            }
        }

        void awaitNext() {
            State current = state.get();
            if (current.phase() != Phase.TIMED_OUT) {
                state.compareAndSet(current, new State(Phase.AWAITING_REQUEST, deadline(limits.idleTimeout())));
            }
        }

        boolean expireIfDue(long now) {
            State current = state.get();
            boolean hasDeadline = current.phase() == Phase.AWAITING_REQUEST || current.phase() == Phase.READING_REQUEST;
            if (hasDeadline && now - current.deadlineNanos() >= 0 && state.compareAndSet(current, State.TIMED_OUT)) {
                thread.interrupt(); // the thread is blocked in (or about to enter) a socket read, which this closes
                return true;
            }
            return false;
        }

        private CloseConnectionException timedOut() {
            return new CloseConnectionException("request not received within its deadline");
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** Helidon's HTTP/1 connection, registered with the guard for as long as it is handled. */
    private final class GuardedConnection implements ServerConnection, InterruptableTask<Void> {
        private final ServerConnection delegate;
        private final Tracked tracked;

        GuardedConnection(ServerConnection delegate, Tracked tracked) {
            this.delegate = delegate;
            this.tracked = tracked;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            CURRENT.set(tracked);
            open.add(tracked);
            try {
                delegate.handle(limit);
            } finally {
                open.remove(tracked);
                openCount.decrementAndGet();
                CURRENT.remove();
                Thread.interrupted(); // a timeout's interrupt must not outlive the connection it ended
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }

    /** A connection over the cap: answered 503 at once and closed, so it holds a descriptor for microseconds. */
    private static final class Refusal implements ServerConnection {
        private final DataWriter writer;

        Refusal(DataWriter writer) {
            this.writer = writer;
        }

        @Override
        public void handle(Limit limit) {
            writer.writeNow(BufferData.create(REFUSAL));
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
        }
    }

    /** The connection as Helidon made it, except that its reader reports each chunk of bytes to the guard. */
    private static final class ObservedContext implements ConnectionContext {
        private final ConnectionContext ctx;
        private final DataReader reader;

        ObservedContext(ConnectionContext ctx, Tracked tracked) {
            this.ctx = ctx;
            DataReader source = ctx.dataReader();
            this.reader = DataReader.create(() -> {
                try {
                    source.ensureAvailable();
                } catch (DataReader.InsufficientDataAvailableException e) {
                    return null; // end of stream, as the source reports it
                }
                tracked.bytesArrived();
                return source.readBytes(source.available());
            });
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return ctx.dataWriter();
        }

        @Override
        public Router router() {
            return ctx.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }

    private static byte[] refusal(String body) {
        return ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nx-amzn-ErrorType: "
                + "ServiceUnavailableException\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }
}
