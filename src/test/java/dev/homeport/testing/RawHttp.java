package dev.homeport.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, one connection per request, so a test controls every
 * byte (header values outside ASCII, bodies that are not UTF-8) and sees a dropped connection as
 * what it is. Also signs requests with the SDK's own {@link Aws4Signer}.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** A header as sent: the value is written as ISO-8859-1, so chars up to U+00FF are single bytes. */
    public record Header(String name, String value) {
    }

    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * The headers the SDK's SigV4 signer adds (Host, X-Amz-Date, Authorization) plus Content-Type
     * and, if not null, X-Amz-Target, for {@code POST /} with {@code body}.
     */
    @SuppressWarnings("deprecation")
    public static List<Header> signed(int port, String target, byte[] body, Instant at, String accessKey,
                                      String secretKey, String region, String service) {
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:" + port))
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .contentStreamProvider(() -> new ByteArrayInputStream(body));
        if (target != null) {
            b.putHeader("X-Amz-Target", target);
        }
        SdkHttpFullRequest signed = Aws4Signer.create().sign(b.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(accessKey, secretKey))
                .signingName(service)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC))
                .build());
        List<Header> out = new ArrayList<>();
        signed.headers().forEach((k, vs) -> vs.forEach(v -> out.add(new Header(k, v))));
        return out;
    }

    /**
     * Sends {@code POST /} with exactly these headers (plus Content-Length, Connection: close and,
     * unless given, Host) and reads the whole answer.
     *
     * @throws IOException if the server drops the connection or answers something that is not HTTP
     */
    public static Response post(int port, List<Header> headers, byte[] body) throws IOException {
        return post(null, port, headers, body);
    }

    /**
     * {@link #post(int, List, byte[])} from the loopback address {@code from} (any of 127.0.0.0/8 on Linux), for a
     * test that needs the server to see several callers; null is the system's choice, 127.0.0.1.
     */
    public static Response post(InetAddress from, int port, List<Header> headers, byte[] body) throws IOException {
        try (Socket socket = from == null ? new Socket("127.0.0.1", port)
                : new Socket(InetAddress.getLoopbackAddress(), port, from, 0)) {
            socket.setSoTimeout(20_000);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, "POST / HTTP/1.1\r\n");
            boolean hasHost = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("host"));
            if (!hasHost) {
                write(head, "Host: 127.0.0.1:" + port + "\r\n");
            }
            for (Header h : headers) {
                write(head, h.name() + ": " + h.value() + "\r\n");
            }
            write(head, "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            IOException writeFailure = null;
            try {
                out.write(head.toByteArray());
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // A server may answer (413) and close before reading a huge body: read what it said.
                writeFailure = e;
            }
            try {
                return read(socket.getInputStream());
            } catch (IOException e) {
                if (writeFailure != null) {
                    e.addSuppressed(writeFailure);
                }
                throw e;
            }
        }
    }

    /**
     * Reads one answer: headers, then the body by Content-Length or chunks (servers may keep the
     * socket open after "Connection: close" until the client closes it, so EOF can't be awaited).
     */
    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException(head.size() == 0 ? "connection closed without an answer"
                        : "connection closed in the headers after " + head.size() + " bytes");
            }
            head.write(c);
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        Response r = parse(head.toByteArray());
        byte[] body;
        if ("chunked".equalsIgnoreCase(r.headers().get("transfer-encoding"))) {
            body = dechunk(in);
        } else if (r.headers().containsKey("content-length")) {
            int n = Integer.parseInt(r.headers().get("content-length"));
            body = in.readNBytes(n);
            if (body.length < n) {
                throw new IOException("body cut short: " + body.length + " of " + n + " bytes");
            }
        } else {
            body = in.readAllBytes();
        }
        return new Response(r.status(), r.headers(), body);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response parse(byte[] all) throws IOException {
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no end of headers in " + all.length + " bytes");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + lines[0]);
        }
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        return new Response(Integer.parseInt(status[1]), headers, new byte[0]);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("chunked body cut short");
                }
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int semi = size.indexOf(";");
            int n = Integer.parseInt((semi < 0 ? size.toString() : size.substring(0, semi)).strip(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                throw new IOException("chunk cut short");
            }
            out.writeBytes(chunk);
            in.read();
            in.read();
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
