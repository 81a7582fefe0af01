import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor under every Homeport API call: Helidon, as Homeport configures it, answering POST / with fixed bytes
 * and doing nothing else (no signature, no JSON, no policy, no audit). Run by getsecretvalue.sh with
 * BENCH_FLOOR=1, in the same run as Homeport and nginx, so the report shows how much of nginx's rate the HTTP
 * server alone reaches on this machine, and so how much is left for Homeport's own work.
 *
 * <p>{@code java -cp target/homeport.jar bench/HttpFloor.java PORT REPLY_FILE REQUEST_ID}
 */
public final class HttpFloor {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] reply = Files.readAllBytes(Path.of(args[1]));
        String requestId = args[2];
        HeaderName requestIdHeader = HeaderNames.create("x-amzn-RequestId");
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                // The HTTP/1 settings HttpFrontDoor uses.
                .addProtocol(Http1Config.builder().validateResponseHeaders(false).validateRequestHostHeader(false)
                        .build())
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.post("/", (req, res) -> {
                    // The body is read, as every API call's is (in an array of its length, as Homeport does).
                    try (InputStream in = req.content().inputStream()) {
                        in.readNBytes((int) req.headers().contentLength().orElse(0));
                    }
                    res.header(HeaderNames.CONTENT_TYPE, "application/x-amz-json-1.1");
                    res.header(requestIdHeader, requestId);
                    res.send(reply);
                }))
                .build()
                .start();
        Thread.currentThread().join();
    }
}
