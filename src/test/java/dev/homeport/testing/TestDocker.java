package dev.homeport.testing;

import dev.homeport.runtime.docker.DockerConnection;

import java.net.URI;
import java.time.Duration;

/**
 * The Docker engine for tests that need a real one. Under {@code CI=true} a missing engine fails the
 * test (the test command starts {@code dockerd}); elsewhere the test is skipped.
 */
public final class TestDocker {
    private TestDocker() {
    }

    public static DockerConnection connect() {
        URI host = DockerConnection.defaultHost();
        boolean up = DockerConnection.ping(host, Duration.ofSeconds(2));
        Prerequisite.require(up, "no Docker engine answers at " + host);
        return DockerConnection.open(host, null);
    }
}
