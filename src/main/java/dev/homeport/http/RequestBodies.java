package dev.homeport.http;

import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads request bodies for routes other than the API's: bounded, and reported to the {@link ConnectionGuard}. */
public final class RequestBodies {
    /** A console form holds at most a 64 KiB secret value, which form encoding can triple. */
    public static final int MAX_FORM_BYTES = 1024 * 1024;

    private RequestBodies() {
    }

    /**
     * The body as UTF-8 text ("" when there is none). Once it is read the request has no deadline any more, so the
     * handler's work is never cut short by the connection guard.
     *
     * @throws HttpException 413 when the body is longer than {@code maxBytes}
     */
    public static String text(ServerRequest req, int maxBytes) {
        if (!req.content().hasEntity()) {
            ConnectionGuard.bodyRead();
            return "";
        }
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            throw new HttpException("Request body too large", Status.REQUEST_ENTITY_TOO_LARGE_413, true);
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > maxBytes) {
            throw new HttpException("Request body too large", Status.REQUEST_ENTITY_TOO_LARGE_413, true);
        }
        ConnectionGuard.bodyRead();
        return new String(body, StandardCharsets.UTF_8);
    }
}
