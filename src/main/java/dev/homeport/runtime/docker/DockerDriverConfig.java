package dev.homeport.runtime.docker;

import dev.homeport.runtime.NetworkRequest;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a {@link DockerTaskDriver}.
 *
 * @param dockerHost      engine address, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}
 * @param apiVersion      a fixed API version ("1.41"), or null to negotiate (see {@link DockerConnection})
 * @param sandboxPoolSize pre-started sandboxes kept per subnet (0 disables the pool)
 * @param warmNetwork     subnet whose pool is filled at construction, or null to fill pools on first use
 * @param pauseImage      tag of the sandbox image; built from {@code busybox} when missing
 * @param busybox         a static busybox binary for building the pause image (Debian: busybox-static)
 */
public record DockerDriverConfig(URI dockerHost, String apiVersion, int sandboxPoolSize, NetworkRequest warmNetwork,
                                 String pauseImage, Path busybox) {

    public DockerDriverConfig {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(pauseImage, "pauseImage");
        Objects.requireNonNull(busybox, "busybox");
        if (sandboxPoolSize < 0) {
            throw new IllegalArgumentException("sandboxPoolSize must be >= 0");
        }
    }

    /** DOCKER_HOST or the local socket, negotiated API version, 2 pooled sandboxes in the default subnet. */
    public static DockerDriverConfig defaults() {
        return new DockerDriverConfig(DockerConnection.defaultHost(), null, 2, NetworkRequest.DEFAULT,
                "homeport/pause:1", Path.of("/bin/busybox"));
    }

    public DockerDriverConfig withSandboxPoolSize(int size) {
        return new DockerDriverConfig(dockerHost, apiVersion, size, warmNetwork, pauseImage, busybox);
    }

    public DockerDriverConfig withWarmNetwork(NetworkRequest network) {
        return new DockerDriverConfig(dockerHost, apiVersion, sandboxPoolSize, network, pauseImage, busybox);
    }

    public DockerDriverConfig withDockerHost(URI host) {
        return new DockerDriverConfig(host, apiVersion, sandboxPoolSize, warmNetwork, pauseImage, busybox);
    }

    public DockerDriverConfig withApiVersion(String version) {
        return new DockerDriverConfig(dockerHost, version, sandboxPoolSize, warmNetwork, pauseImage, busybox);
    }
}
