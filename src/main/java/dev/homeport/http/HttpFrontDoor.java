package dev.homeport.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.protocol.ApiRequest;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsQueryProtocol;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.ErrorRenderer;
import dev.homeport.protocol.HttpRoute;
import dev.homeport.protocol.ProtocolErrors;
import dev.homeport.protocol.StreamRoute;
import dev.homeport.protocol.WireResponse;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Helidon webserver adapter: {@code POST /} goes to the AWS protocols, {@code /_homeport/health} and
 * {@code /_homeport/metrics} to Homeport's own endpoints, the {@link HttpRoute}s it is given (task metadata, the
 * operator's key rotation, the console) to their handlers. No AWS logic here; what it does
 * on its own is protect the server: the connection limits ({@link ConnectionGuard}), the {@code Host} check
 * ({@link HostCheck}), bodies read only once the protocol asks (after the signature's headers), and a listener
 * that comes back by itself when it dies.
 */
public final class HttpFrontDoor implements AutoCloseable {
    /** A little above the largest valid request (a 64 KiB binary secret, base64-encoded, plus members). */
    public static final long MAX_REQUEST_BYTES = 1024 * 1024;
    /**
     * A refused request's unread body up to this size is read and discarded after the answer, so the client
     * (which sent it whole) gets the answer rather than a reset; a larger one closes the connection.
     */
    private static final long DRAIN_LIMIT = 64 * 1024;
    /** The hard cap on a body ({@code maxPayloadSize}); a signed request's body up to it is discarded when refused. */
    private static final long DISCARD_LIMIT = MAX_REQUEST_BYTES * 4;
    /** How often the listener is checked, by connecting to it. */
    private static final Duration PROBE_PERIOD = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(HttpFrontDoor.class.getName());

    /**
     * Where the server listens, and what it lets a client hold.
     *
     * @param clients the client addresses answered (others get 403), or null for every one
     */
    public record Listening(String bindAddress, int port, HttpLimits limits, HostCheck hosts,
                            Predicate<InetAddress> clients) {
        public Listening(String bindAddress, int port, HttpLimits limits, HostCheck hosts) {
            this(bindAddress, port, limits, hosts, null);
        }
    }

    /**
     * What the server serves. Looked up per request, so the server can be built (the costly part: Helidon's class
     * initialization) while the services are still being opened; {@link #start()} is called only once they answer.
     *
     * @param json    the JSON protocol, for {@code POST /}
     * @param query   the Query protocol (EC2), for {@code POST /} with a form-encoded body; null serves JSON only
     * @param health  the health document's members; the listener's state is added to them
     * @param metrics the Prometheus text, and who may read it
     * @param routes  plain routes (task metadata, operator endpoints, the console), each answered by its handler
     */
    public record Endpoints(Supplier<AwsJsonProtocol> json, Supplier<AwsQueryProtocol> query,
                            Supplier<Map<String, Object>> health, Supplier<String> metrics,
                            Supplier<MetricsAccess> metricsAccess, List<HttpRoute> routes,
                            List<StreamRoute> streams) {
        public Endpoints(Supplier<AwsJsonProtocol> json, Supplier<AwsQueryProtocol> query,
                         Supplier<Map<String, Object>> health, Supplier<String> metrics,
                         Supplier<MetricsAccess> metricsAccess, List<HttpRoute> routes) {
            this(json, query, health, metrics, metricsAccess, routes, List.of());
        }
    }

    private final Listening listening;
    private final Endpoints endpoints;
    private final ConnectionGuard guard;
    private final AtomicLong restarts = new AtomicLong();
    private volatile WebServer server;
    private volatile boolean accepting = true;
    private volatile boolean closed;
    private Thread watchdog;

    public HttpFrontDoor(Listening listening, Endpoints endpoints) {
        this.listening = listening;
        this.endpoints = endpoints;
        this.guard = new ConnectionGuard(listening.limits());
        this.server = build(listening.port());
    }

    private WebServer build(int port) {
        ConnectionGuard guard = this.guard;
        return WebServer.builder()
                .host(listening.bindAddress())
                .port(port)
                // Let oversized bodies reach the protocol, which answers them in AWS's format;
                // the hard cap only protects the server's memory.
                // (A server with stream routes, the registry's, takes bodies of any size: a layer can be gigabytes,
                // and each route reads its body as a stream, within limits of its own.)
                .maxPayloadSize(endpoints.streams().isEmpty() ? DISCARD_LIMIT : -1)
                // The guard is the only connection selector (see ConnectionGuard), so HTTP/1 is not discovered.
                .protocolsDiscoverServices(false)
                .addConnectionSelector(guard.guard(new Http1ConnectionProvider()
                        .create(WebServer.DEFAULT_SOCKET_NAME, HTTP1, ProtocolConfigs.create(List.of()))))
                // Requests refused by the server itself (over the hard cap, malformed) still get an
                // AWS-shaped answer: clients parse every error body as JSON.
                .directHandlers(directHandlers(endpoints.json()))
                .shutdownHook(false)
                // Without TCP_NODELAY a response the server writes in more than one piece (anything over
                // ~8 KiB: a ListTasks page of 100, a DescribeTasks of 10) waits for the client's delayed
                // ACK before its last piece goes out: +40 ms per such call on Linux.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(this::routes)
                .build();
    }

    private void routes(HttpRouting.Builder routing) {
        routing.addFilter((chain, req, res) -> {
            ConnectionGuard.headersRead(req.content().hasEntity());
            try {
                List<String> hosts = req.headers().contains(HeaderNames.HOST)
                        ? req.headers().get(HeaderNames.HOST).allValues() : List.of();
                if (hosts.size() != 1) {
                    // RFC 9112 §3.2: a request without a Host header, or with more than one, is answered 400 (in
                    // the AWS form of the server's other refusals, as Helidon's own check answered it)
                    AwsJsonProtocol json = endpoints.json().get();
                    if (json == null) { // still starting: no protocol to word the error yet
                        res.status(Status.BAD_REQUEST_400).header(HeaderNames.CONNECTION, "close").send();
                        throw closeAfterAnswer();
                    }
                    answer(res, json.transportError(400, null), true);
                }
                String host = hosts.getFirst();
                if (!listening.hosts().allows(host)) {
                    misdirected(res, host);
                    return;
                }
                if (listening.clients() != null && !(req.remotePeer().address() instanceof InetSocketAddress peer
                        && listening.clients().test(peer.getAddress()))) {
                    res.status(Status.FORBIDDEN_403).send();
                    return;
                }
                chain.proceed();
            } finally {
                ConnectionGuard.requestDone();
            }
        });
        // The API first: Helidon tries routes in the order they were added, and every AWS call is a POST to "/"
        // (the console's forty-odd routes after it cost the API nothing).
        routing.post("/", (req, res) -> {
            HelidonRequest request = new HelidonRequest(req);
            AwsQueryProtocol queryProtocol = endpoints.query().get();
            send(res, queryProtocol != null && isQuery(req) ? queryProtocol.handle(request)
                    : endpoints.json().get().handle(request), request);
        });
        routing.get("/_homeport/health", (req, res) -> health(res));
        routing.get("/_homeport/metrics", (req, res) -> {
            HelidonRequest request = new HelidonRequest(req);
            try {
                endpoints.metricsAccess().get().check(request);
            } catch (AwsServiceException e) {
                send(res, ErrorRenderer.render(e, dev.homeport.common.Ids.requestId(), "message"), request);
                return;
            }
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(endpoints.metrics().get().getBytes(StandardCharsets.UTF_8));
        });
        for (StreamRoute route : endpoints.streams()) {
            io.helidon.webserver.http.Handler handler = (req, res) -> stream(route, req, res);
            routing.any(route.prefix(), handler);
            routing.any(route.prefix() + "/*", handler);
        }
        for (HttpRoute route : endpoints.routes()) {
            routing.route(route.method() == HttpRoute.Method.GET ? Method.GET : Method.POST, route.path(),
                    (req, res) -> serve(route, req, res));
        }
    }

    private static void stream(StreamRoute route, ServerRequest req, ServerResponse res) throws IOException {
        StreamRoute.Request request = new StreamRoute.Request() {
            @Override
            public String method() {
                return req.prologue().method().text();
            }

            @Override
            public String rawPath() {
                return req.path().rawPath();
            }

            @Override
            public String query(String name) {
                return req.query().first(name).orElse(null);
            }

            @Override
            public List<String> headers(String name) {
                HeaderName header = headerName(name);
                return req.headers().contains(header) ? req.headers().get(header).allValues() : List.of();
            }

            @Override
            public OptionalLong contentLength() {
                return req.headers().contentLength();
            }

            @Override
            public String remoteAddress() {
                return req.remotePeer().host();
            }

            @Override
            public InputStream body() {
                ConnectionGuard.bodyRead();
                return req.content().hasEntity() ? req.content().inputStream() : InputStream.nullInputStream();
            }
        };
        StreamRoute.Response response = new StreamRoute.Response() {
            @Override
            public StreamRoute.Response status(int status) {
                res.status(Status.create(status));
                return this;
            }

            @Override
            public StreamRoute.Response header(String name, String value) {
                res.header(headerName(name), headerValue(value));
                return this;
            }

            @Override
            public void send(byte[] body) {
                res.send(body);
            }

            @Override
            public void send() {
                res.send();
            }

            @Override
            public java.io.OutputStream output() {
                return res.outputStream();
            }
        };
        route.handler().handle(request, response);
    }

    private static final Map<String, HeaderName> HEADER_NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Helidon's checks of every response header's name and value are off (a measurable part of each API call):
     * the names are Homeport's own constants, and every value passes {@link #headerValue}, the only check that
     * matters for them, that no value can end the header or start another. So is its parse of the request's Host
     * header (2.5% of a GetSecretValue's CPU): the first filter answers a request without exactly one Host 400, and
     * {@link HostCheck} then accepts only an address literal or a known name, with an optional numeric port.
     */
    private static final Http1Config HTTP1 = Http1Config.builder().validateResponseHeaders(false)
            .validateRequestHostHeader(false).build();

    private static void serve(HttpRoute route, ServerRequest req, ServerResponse res) {
        Map<String, String> parameters = new LinkedHashMap<>();
        req.path().pathParameters().names().forEach(name -> parameters.put(name, req.path().pathParameters().get(name)));
        HttpRoute.Reply reply = route.handler().handle(new HttpRoute.Request(parameters, name -> {
            HeaderName header = headerName(name);
            return req.headers().contains(header) ? req.headers().get(header).get() : null;
        }, name -> req.query().first(name).orElse(null), req.path().rawPath(), req.query().rawValue(),
                req.remotePeer().host(), () -> RequestBodies.text(req, RequestBodies.MAX_FORM_BYTES)));
        res.status(Status.create(reply.status()));
        if (reply.contentType() != null) {
            res.header(HeaderNames.CONTENT_TYPE, headerValue(reply.contentType()));
        }
        for (Map.Entry<String, String> h : reply.headers()) {
            res.headers().add(headerName(h.getKey()), headerValue(h.getValue()));
        }
        res.send(reply.body());
    }

    private static DirectHandlers directHandlers(Supplier<AwsJsonProtocol> protocol) {
        DirectHandler handler = (request, event, status, headers, message) -> {
            List<String> target = request.headers().contains(HeaderNames.create("x-amz-target"))
                    ? request.headers().get(HeaderNames.create("x-amz-target")).allValues() : List.of();
            WireResponse wire = protocol.get().transportError(status.code(), target.isEmpty() ? null : target.get(0));
            headers.set(HeaderNames.CONTENT_TYPE, wire.contentType());
            wire.headers().forEach((k, v) -> headers.set(headerName(k), headerValue(v)));
            return DirectHandler.TransportResponse.builder()
                    .status(Status.create(wire.status()))
                    .headers(headers)
                    .keepAlive(event.keepAlive())
                    .entity(wire.body())
                    .build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /** Starts listening, and the watchdog that brings the listener back if it dies. */
    public HttpFrontDoor start() {
        server.start();
        watchdog = Thread.ofPlatform().name("homeport-listener-watchdog").daemon().start(this::watch);
        return this;
    }

    public int port() {
        return server.port();
    }

    /**
     * Helidon's listener ends for good on any error from {@code accept()}, "Too many open files" included, while
     * the process lives on: a supervisor would see a running process that answers nothing. So the listener is
     * probed by connecting to it; when that fails twice in a row, the server is stopped (which closes every
     * connection it holds, freeing their descriptors) and started again on the same port, until it is back.
     */
    private void watch() {
        int failures = 0;
        while (!closed) {
            try {
                Thread.sleep(PROBE_PERIOD);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            if (probe()) {
                failures = 0;
                accepting = true;
                continue;
            }
            if (++failures < 2) {
                continue;
            }
            accepting = false;
            int port = server.port();
            LOG.warning("the HTTP listener on port " + port + " does not accept connections; restarting it");
            try {
                server.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "stopping the dead listener failed", e);
            }
            try {
                WebServer fresh = build(port);
                fresh.start();
                server = fresh;
                restarts.incrementAndGet();
                accepting = true;
                failures = 0;
                LOG.warning("the HTTP listener on port " + port + " accepts connections again");
            } catch (RuntimeException e) {
                // Most likely still out of descriptors: try again at the next probe.
                LOG.warning("the HTTP listener on port " + port + " could not be restarted yet: " + e.getMessage());
            }
        }
    }

    private boolean probe() {
        String host = switch (listening.bindAddress()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "::1";
            default -> listening.bindAddress();
        };
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, server.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.interrupt();
        }
        server.stop();
        guard.close();
    }

    private void health(ServerResponse res) {
        Map<String, Object> doc = new LinkedHashMap<>(endpoints.health().get());
        Map<String, Object> listener = new LinkedHashMap<>();
        listener.put("accepting", accepting);
        listener.put("openConnections", guard.openConnections());
        listener.put("maxConnections", listening.limits().maxConnections());
        listener.put("refusedConnections", guard.refusedConnections());
        listener.put("timedOutConnections", guard.timedOutConnections());
        listener.put("restarts", restarts.get());
        doc.put("listener", listener);
        if (!accepting) {
            doc.put("status", "DOWN");
            res.status(Status.SERVICE_UNAVAILABLE_503);
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(new ObjectMapper().writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void misdirected(ServerResponse res, String host) {
        String shown = host == null ? "" : host.length() > 100 ? host.substring(0, 100) + "..." : host;
        Map<String, String> body = Map.of("__type", "MisdirectedRequest", "message",
                "This Homeport does not answer to the host name '" + shown + "'. Use localhost or an address, or add "
                        + "the name with --hostname (HOMEPORT_HOSTNAMES).");
        res.status(Status.create(421, "Misdirected Request"));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CONNECTION, "close");
        try {
            res.send(new ObjectMapper().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw closeAfterAnswer();
    }

    /**
     * The wire format is chosen by content type: form-encoded bodies are the Query protocol (EC2, IAM, STS). Read
     * from the header as sent, not parsed as a media type (on every request).
     */
    private static boolean isQuery(ServerRequest req) {
        return req.headers().contains(HeaderNames.CONTENT_TYPE)
                && AwsQueryProtocol.isQueryRequest(req.headers().get(HeaderNames.CONTENT_TYPE).get());
    }

    private static void send(ServerResponse res, WireResponse wire, HelidonRequest request) {
        answer(res, wire, request.mustClose());
    }

    /** Writes {@code wire}; with {@code close}, says so and then ends the connection. */
    private static void answer(ServerResponse res, WireResponse wire, boolean close) {
        res.status(Status.create(wire.status()));
        res.header(HeaderNames.CONTENT_TYPE, wire.contentType());
        for (Map.Entry<String, String> h : wire.headers().entrySet()) {
            res.header(headerName(h.getKey()), headerValue(h.getValue()));
        }
        if (close) {
            res.header(HeaderNames.CONNECTION, "close");
        }
        res.send(wire.body());
        if (close) {
            throw closeAfterAnswer();
        }
    }

    /**
     * Helidon's name for a header Homeport's code names (never a name a client chose), made once: creating one
     * looks it up among the known names and lower-cases it, on every request otherwise.
     */
    private static HeaderName headerName(String name) {
        HeaderName known = HEADER_NAMES.get(name);
        if (known == null) {
            known = HeaderNames.create(name);
            if (HEADER_NAMES.size() < 256) {
                HEADER_NAMES.put(name, known);
            }
        }
        return known;
    }

    /**
     * A response header's value, refused when it has a control character (a value made from a request, such as a
     * redirect to a resource's page, must never split the header into two).
     */
    static String headerValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("a response header value has a control character");
            }
        }
        return value;
    }

    /**
     * Ends the connection once its answer is sent. Helidon sends a handler's {@code Connection: close} but keeps
     * reading the connection; this exception is what makes it close.
     */
    private static CloseConnectionException closeAfterAnswer() {
        return new CloseConnectionException("closed after the answer");
    }

    /** Adapts a Helidon request to what the protocols need; the body is read once, and only when asked for. */
    private static final class HelidonRequest implements ApiRequest {
        private final ServerRequest req;
        private byte[] body;
        /** The body could not be read whole: the connection's framing is lost, so it must close. */
        private boolean broken;
        /** The body was read and thrown away (too large to keep): the connection can serve the next request. */
        private boolean discarded;

        HelidonRequest(ServerRequest req) {
            this.req = req;
        }

        @Override
        public byte[] readBody(long maxBytes) {
            if (body != null) {
                return body;
            }
            if (broken) {
                throw ProtocolErrors.incompleteBody();
            }
            if (!req.content().hasEntity()) {
                body = new byte[0];
                ConnectionGuard.bodyRead();
                return body;
            }
            OptionalLong length = req.headers().contentLength();
            boolean exactLength = length.isPresent() && !req.headers().contains(HeaderNames.CONTENT_ENCODING);
            if (exactLength && length.getAsLong() > maxBytes) {
                // Refused from its length, not a byte kept. A signed caller (only they get this far) whose body
                // is within the server's hard cap is still sending it: closing now would reset the connection
                // under the answer (the client sees no response at all), so the rest is read and discarded first.
                if (length.getAsLong() <= DISCARD_LIMIT) {
                    discardBody();
                } else {
                    broken = true;
                }
                throw ProtocolErrors.requestTooLarge(maxBytes);
            }
            byte[] read;
            try (InputStream in = req.content().inputStream()) {
                // In an array of its Content-Length: readAllBytes would allocate a 16 KiB chunk and copy out of it
                // for every request, half of all the bytes a small GetSecretValue made the server allocate. A
                // compressed or chunked body's size is known only by reading it, up to one byte past the limit.
                read = in.readNBytes((int) (exactLength ? length.getAsLong() : Math.min(maxBytes + 1, Integer.MAX_VALUE)));
            } catch (IOException | RuntimeException e) {
                // The client went away or stopped sending (the guard's deadline closed the connection): one line,
                // no stack trace, and nothing of the body.
                broken = true;
                LOG.fine(() -> "request body not received: " + e);
                throw ProtocolErrors.incompleteBody();
            }
            if (exactLength && read.length < length.getAsLong()) {
                broken = true;
                throw ProtocolErrors.incompleteBody();
            }
            if (read.length > maxBytes) {
                broken = true;
                throw ProtocolErrors.requestTooLarge(maxBytes);
            }
            try {
                ConnectionGuard.bodyRead();
            } catch (CloseConnectionException e) {
                broken = true;
                throw ProtocolErrors.incompleteBody();
            }
            body = read;
            return body;
        }

        private void discardBody() {
            try (InputStream in = req.content().inputStream()) {
                byte[] sink = new byte[8192];
                while (in.read(sink) >= 0) {
                    // discarded
                }
                discarded = true;
            } catch (IOException | RuntimeException e) {
                broken = true;
            }
        }

        /**
         * True when the connection cannot serve another request: its body was not read whole, or was left unread
         * and is too large (or of unknown size) to read and discard after the answer.
         */
        boolean mustClose() {
            if (broken) {
                return true;
            }
            if (body != null || discarded || !req.content().hasEntity()) {
                return false;
            }
            OptionalLong length = req.headers().contentLength();
            return length.isEmpty() || length.getAsLong() > DRAIN_LIMIT;
        }

        @Override
        public String sourceAddress() {
            return req.remotePeer().host();
        }

        @Override
        public String method() {
            return req.prologue().method().text();
        }

        @Override
        public String rawPath() {
            return req.path().rawPath();
        }

        @Override
        public String rawQuery() {
            return req.query().rawValue();
        }

        /**
         * The request's headers by lower-case name, made on the first lookup: a call looks up about ten (the
         * signature's, the target, the user agent), and one pass over Helidon's headers costs less than ten lookups
         * in them, each making a list.
         */
        private Map<String, List<String>> headers;

        @Override
        public List<String> headerValues(String name) {
            if (headers == null) {
                Map<String, List<String>> byName = new java.util.HashMap<>();
                for (io.helidon.http.Header header : req.headers()) {
                    // allValues() keeps each header line whole: Authorization contains commas that must not split it.
                    byName.put(header.headerName().lowerCase(), header.allValues());
                }
                headers = byName;
            }
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null ? List.of() : values;
        }
    }
}
