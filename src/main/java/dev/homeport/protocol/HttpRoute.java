package dev.homeport.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * A plain HTTP route served beside the AWS protocols (the task metadata endpoint, Homeport's operator endpoints),
 * written without the web server's types: {@code http.HttpFrontDoor} adapts it, so the server library stays in
 * {@code http}. A path names its parameters as {@code {name}} segments.
 */
public record HttpRoute(Method method, String path, Handler handler) {

    public enum Method { GET, POST }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request);
    }

    /** What a handler sees of a request: the path's parameters and the headers (first value, or null). */
    public record Request(Map<String, String> pathParameters, Function<String, String> headers) {

        public String path(String name) {
            return pathParameters.getOrDefault(name, "");
        }

        public String header(String name) {
            return headers.apply(name);
        }
    }

    public record Reply(int status, String contentType, byte[] body) {

        public static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply json(int status, byte[] json) {
            return new Reply(status, "application/json", json);
        }

        public static Reply notFound() {
            return new Reply(404, null, new byte[0]);
        }
    }
}
