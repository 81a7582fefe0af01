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
 * @param instance        this server's name on the engine ({@code dev.homeport.instance} label); servers sharing
 *                        an engine need different names, a restarted server the same one
 */
public record DockerDriverConfig(URI dockerHost, String apiVersion, int sandboxPoolSize, NetworkRequest warmNetwork,
                                 String pauseImage, Path busybox, String instance) {

    private static final java.util.regex.Pattern INSTANCE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public DockerDriverConfig {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(pauseImage, "pauseImage");
        Objects.requireNonNull(busybox, "busybox");
        if (instance == null || !INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("invalid instance name: " + instance);
        }
        if (sandboxPoolSize < 0) {
            throw new IllegalArgumentException("sandboxPoolSize must be >= 0");
        }
    }

    /** DOCKER_HOST or the local socket, negotiated API version, 2 pooled sandboxes in the default subnet,
     *  instance "homeport". */
    public static DockerDriverConfig defaults() {
        return new DockerDriverConfig(DockerConnection.defaultHost(), null, 2, NetworkRequest.DEFAULT,
                "homeport/pause:1", Path.of("/bin/busybox"), "homeport");
    }

    public DockerDriverConfig withSandboxPoolSize(int size) {
        return new DockerDriverConfig(dockerHost, apiVersion, size, warmNetwork, pauseImage, busybox, instance);
    }

    public DockerDriverConfig withWarmNetwork(NetworkRequest network) {
        return new DockerDriverConfig(dockerHost, apiVersion, sandboxPoolSize, network, pauseImage, busybox, instance);
    }

    public DockerDriverConfig withDockerHost(URI host) {
        return new DockerDriverConfig(host, apiVersion, sandboxPoolSize, warmNetwork, pauseImage, busybox, instance);
    }

    public DockerDriverConfig withApiVersion(String version) {
        return new DockerDriverConfig(dockerHost, version, sandboxPoolSize, warmNetwork, pauseImage, busybox, instance);
    }

    public DockerDriverConfig withInstance(String name) {
        return new DockerDriverConfig(dockerHost, apiVersion, sandboxPoolSize, warmNetwork, pauseImage, busybox, name);
    }
}
