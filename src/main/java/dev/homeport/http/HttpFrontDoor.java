package dev.homeport.http;

import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsQueryProtocol;
import dev.homeport.protocol.WireResponse;
import dev.homeport.protocol.sigv4.SignableRequest;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Helidon webserver adapter: {@code POST /} goes to the AWS protocol, {@code /_homeport/*} to
 * Homeport's own endpoints. No AWS logic here.
 */
public final class HttpFrontDoor implements AutoCloseable {
    /** A little above the largest valid request (a 64 KiB binary secret, base64-encoded, plus members). */
    public static final long MAX_REQUEST_BYTES = 1024 * 1024;

    private final WebServer server;

    public HttpFrontDoor(String bindAddress, int port, AwsJsonProtocol protocol, Supplier<String> health,
                         Supplier<String> metrics, Consumer<HttpRouting.Builder> extraRoutes) {
        this(bindAddress, port, () -> protocol, () -> null, health, metrics, extraRoutes);
    }

    /**
     * A server whose protocols are looked up per request, so the server can be built (the costly part:
     * Helidon's class initialization) while the protocols' services are still being opened. Call
     * {@link #start()} only once {@code protocol} answers: nothing is listening before that, so no request
     * can see a half-wired Homeport.
     *
     * @param query the Query protocol (EC2), for {@code POST /} with a form-encoded body; answers null to
     *              serve JSON only
     */
    public HttpFrontDoor(String bindAddress, int port, Supplier<AwsJsonProtocol> protocol,
                         Supplier<AwsQueryProtocol> query, Supplier<String> health, Supplier<String> metrics,
                         Consumer<HttpRouting.Builder> extraRoutes) {
        this.server = WebServer.builder()
                .host(bindAddress)
                .port(port)
                // Let oversized bodies reach the protocol, which answers them in AWS's format;
                // the hard cap only protects the server's memory.
                .maxPayloadSize(MAX_REQUEST_BYTES * 4)
                // Requests refused by the server itself (over the hard cap, malformed) still get an
                // AWS-shaped answer: clients parse every error body as JSON.
                .directHandlers(directHandlers(protocol))
                .shutdownHook(false)
                // Without TCP_NODELAY a response the server writes in more than one piece (anything over
                // ~8 KiB: a ListTasks page of 100, a DescribeTasks of 10) waits for the client's delayed
                // ACK before its last piece goes out: +40 ms per such call on Linux.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(routing -> {
                    routing.get("/_homeport/health", (req, res) -> {
                        res.header(HeaderNames.CONTENT_TYPE, "application/json");
                        res.send(health.get().getBytes(StandardCharsets.UTF_8));
                    });
                    routing.get("/_homeport/metrics", (req, res) -> {
                        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                        res.send(metrics.get().getBytes(StandardCharsets.UTF_8));
                    });
                    extraRoutes.accept(routing);
                    routing.post("/", (req, res) -> {
                        AwsQueryProtocol queryProtocol = query.get();
                        send(res, queryProtocol != null && isQuery(req)
                                ? queryProtocol.handle(new HelidonRequest(req))
                                : protocol.get().handle(new HelidonRequest(req)));
                    });
                })
                .build();
    }

    private static DirectHandlers directHandlers(Supplier<AwsJsonProtocol> protocol) {
        DirectHandler handler = (request, event, status, headers, message) -> {
            List<String> target = request.headers().contains(HeaderNames.create("x-amz-target"))
                    ? request.headers().get(HeaderNames.create("x-amz-target")).allValues() : List.of();
            WireResponse wire = protocol.get().transportError(status.code(), target.isEmpty() ? null : target.get(0));
            headers.set(HeaderNames.CONTENT_TYPE, wire.contentType());
            wire.headers().forEach((k, v) -> headers.set(HeaderNames.create(k), v));
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

    public HttpFrontDoor start() {
        server.start();
        return this;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** The wire format is chosen by content type: form-encoded bodies are the Query protocol. */
    private static boolean isQuery(ServerRequest req) {
        return req.headers().contentType()
                .map(ct -> AwsQueryProtocol.isQueryRequest(ct.text())).orElse(false);
    }

    private static void send(ServerResponse res, WireResponse wire) {
        res.status(Status.create(wire.status()));
        res.header(HeaderNames.CONTENT_TYPE, wire.contentType());
        for (Map.Entry<String, String> h : wire.headers().entrySet()) {
            res.header(HeaderNames.create(h.getKey()), h.getValue());
        }
        res.send(wire.body());
    }

    /** Adapts a Helidon request to what SigV4 and the protocol need; the body is read once. */
    private static final class HelidonRequest implements SignableRequest {
        private final ServerRequest req;
        private final byte[] body;

        HelidonRequest(ServerRequest req) {
            this.req = req;
            this.body = req.content().hasEntity() ? readBody(req) : new byte[0];
        }

        /**
         * The body in an array of its Content-Length. {@code as(byte[].class)} (readAllBytes) allocates a
         * 16 KiB chunk and copies out of it for every request: for a GetSecretValue of a few dozen bytes
         * that was half of all the bytes the server allocated per request. A compressed body's length
         * says nothing about the decoded size, so it, and a body without a length (chunked), is read whole.
         */
        private static byte[] readBody(ServerRequest req) {
            OptionalLong length = req.headers().contentLength();
            try (InputStream in = req.content().inputStream()) {
                if (length.isPresent() && length.getAsLong() <= Integer.MAX_VALUE
                        && !req.headers().contains(HeaderNames.CONTENT_ENCODING)) {
                    return in.readNBytes((int) length.getAsLong());
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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

        @Override
        public List<String> headerValues(String name) {
            HeaderName header = HeaderNames.create(name);
            // allValues() keeps each header line whole: Authorization contains commas that must not split it.
            return req.headers().contains(header) ? req.headers().get(header).allValues() : List.of();
        }

        @Override
        public byte[] body() {
            return body;
        }
    }
}
