package dev.homeport.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A plain HTTP route served beside the AWS protocols (the console, the task metadata endpoint, Homeport's operator
 * endpoints), written without the web server's types: {@code http.HttpFrontDoor} adapts it, so the server library
 * stays in {@code http}. A path names its parameters as {@code {name}} segments.
 */
public record HttpRoute(Method method, String path, Handler handler) {

    public enum Method { GET, POST }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request);
    }

    /**
     * What a handler sees of a request.
     *
     * @param headers  a header's first value, or null
     * @param query    a query parameter's first value (decoded), or null
     * @param rawPath  the path as sent, for links back to it
     * @param rawQuery the query string as sent, "" when none
     * @param form     the body as text, read when called (at most the console's form limit)
     */
    public record Request(Map<String, String> pathParameters, Function<String, String> headers,
                          Function<String, String> query, String rawPath, String rawQuery, String remoteAddress,
                          Supplier<String> form) {

        public String path(String name) {
            return pathParameters.getOrDefault(name, "");
        }

        public String header(String name) {
            return headers.apply(name);
        }

        /** A cookie's value from the {@code Cookie} header, or null. */
        public String cookie(String name) {
            String header = header("Cookie");
            if (header == null) {
                return null;
            }
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return pair.substring(eq + 1).strip();
                }
            }
            return null;
        }
    }

    /** The answer: status, content type (or null), more headers in order (several Set-Cookie), body. */
    public record Reply(int status, String contentType, List<Map.Entry<String, String>> headers, byte[] body) {

        public Reply(int status, String contentType, byte[] body) {
            this(status, contentType, List.of(), body);
        }

        public static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply json(int status, byte[] json) {
            return new Reply(status, "application/json", json);
        }

        public static Reply notFound() {
            return new Reply(404, null, new byte[0]);
        }

        /** This reply with one more header. */
        public Reply with(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name, value));
            return new Reply(status, contentType, List.copyOf(more), body);
        }
    }
}
