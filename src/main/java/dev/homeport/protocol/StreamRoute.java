package dev.homeport.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * A route whose bodies are streams, for the container registry ({@code /v2/...}): any method, a path prefix, bodies
 * of any size read and written without holding them (a 1 GiB layer goes to a file as it arrives). Written without
 * the web server's types, as {@link HttpRoute}; {@code http.HttpFrontDoor} adapts it.
 */
public record StreamRoute(String prefix, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Response response) throws IOException;
    }

    /** What a handler sees of a request. */
    public interface Request {
        /** GET, HEAD, POST, PUT, PATCH or DELETE. */
        String method();

        /** The path as sent (percent-encoding kept). */
        String rawPath();

        /** A query parameter's first value, decoded, or null. */
        String query(String name);

        /** A header's values, in order; empty when absent. */
        List<String> headers(String name);

        default String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.getFirst();
        }

        OptionalLong contentLength();

        String remoteAddress();

        /**
         * The body, to read once. Asking for it ends the request's read deadline (the caller was authenticated by
         * then): a large upload takes as long as it takes.
         */
        InputStream body();
    }

    /** The answer: status and headers first, then a body (bytes, or a stream of known or unknown length). */
    public interface Response {
        Response status(int status);

        Response header(String name, String value);

        /** Sends the whole body (none for HEAD, with the length it would have). */
        void send(byte[] body);

        /** Sends no body: Content-Length stays what the handler set (HEAD) or is 0. */
        void send();

        /** The body's stream, after status and headers are set; closing it ends the response. */
        OutputStream output();
    }
}
