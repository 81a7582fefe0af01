package dev.homeport.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;

/** Turns docker-java exceptions into the daemon's own words, which is what ECS shows in its reasons. */
final class DockerErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerErrors() {
    }

    /**
     * "Error response from daemon: &lt;message&gt;", the form the Docker CLI and the ECS agent print.
     * docker-java's messages look like {@code Status 404: {"message":"..."}}.
     */
    static String daemonMessage(Throwable e) {
        return "Error response from daemon: " + message(e);
    }

    static String message(Throwable e) {
        String raw = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (e instanceof DockerException) {
            int brace = raw.indexOf('{');
            if (brace >= 0) {
                try {
                    JsonNode node = JSON.readTree(raw.substring(brace));
                    if (node.hasNonNull("message")) {
                        return node.get("message").asText().strip();
                    }
                } catch (Exception ignored) {
                    // not JSON after all: use the raw text
                }
            }
        }
        return raw.replaceFirst("^Could not pull image: ", "");
    }
}
