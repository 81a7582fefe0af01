package dev.homeport.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.homeport.runtime.TaskDriverException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Two docker-java clients on one engine, with an API version both sides speak.
 *
 * <p>Why two: long-lived requests (wait, logs follow, stop with a grace, pulls, builds) each hold an HTTP
 * connection for as long as they last. On the {@link #streaming} client they can't exhaust the pool that
 * short control requests ({@link #control}: create, start, inspect, list) need.
 *
 * <p>Why negotiate: docker-java would otherwise speak whatever version it was built for. Homeport is tested
 * against API 1.41 (Docker 20.10), so it asks for 1.41, moved into the engine's [min, max] range when the
 * engine can't speak it (older engines, or Docker 29+ whose minimum is 1.44).
 */
public final class DockerConnection implements AutoCloseable {

    /** The API version Homeport is tested against. */
    public static final String PREFERRED_API_VERSION = "1.41";

    private final DockerClient control;
    private final DockerHttpClient controlHttp;
    private final DockerClient streaming;
    private final String apiVersion;
    private final String engineVersion;

    private DockerConnection(Client control, DockerClient streaming, String apiVersion, String engineVersion) {
        this.control = control.docker();
        this.controlHttp = control.http();
        this.streaming = streaming;
        this.apiVersion = apiVersion;
        this.engineVersion = engineVersion;
    }

    /** {@code DOCKER_HOST} when set, else the local engine's unix socket. */
    public static URI defaultHost() {
        String env = System.getenv("DOCKER_HOST");
        return URI.create(env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env);
    }

    /**
     * Connects and settles the API version.
     *
     * @param apiVersion a fixed version such as "1.41", or null to negotiate
     * @throws TaskDriverException when the engine doesn't answer
     */
    public static DockerConnection open(URI host, String apiVersion) {
        Version version;
        try (DockerClient probe = client(host, RemoteApiVersion.UNKNOWN_VERSION.getVersion(), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 2).docker()) {
            version = probe.versionCmd().exec(); // unversioned path: any engine answers /version
        } catch (IOException | RuntimeException e) {
            throw new TaskDriverException("Docker engine at " + host + " is not reachable: " + e.getMessage(), e);
        }
        String chosen = apiVersion != null ? apiVersion : negotiate(version.getMinAPIVersion(), version.getApiVersion());
        Client control = client(host, chosen, Duration.ofSeconds(5), Duration.ofSeconds(60), 50);
        // no response timeout: a wait or a log follow lasts as long as the container
        DockerClient streaming = client(host, chosen, Duration.ofSeconds(5), Duration.ZERO, 1024).docker();
        return new DockerConnection(control, streaming, chosen, version.getVersion());
    }

    /** True when an engine answers {@code /_ping} at {@code host} within {@code timeout}. */
    public static boolean ping(URI host, Duration timeout) {
        try (DockerClient probe = client(host, RemoteApiVersion.UNKNOWN_VERSION.getVersion(), timeout, timeout, 1).docker()) {
            probe.pingCmd().exec();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String negotiate(String engineMin, String engineMax) {
        String chosen = PREFERRED_API_VERSION;
        if (engineMax != null && compare(engineMax, chosen) < 0) {
            chosen = engineMax;
        }
        if (engineMin != null && compare(engineMin, chosen) > 0) {
            chosen = engineMin;
        }
        return chosen;
    }

    private static int compare(String a, String b) {
        RemoteApiVersion va = RemoteApiVersion.parseConfig(a);
        RemoteApiVersion vb = RemoteApiVersion.parseConfig(b);
        return va.equals(vb) ? 0 : va.isGreater(vb) ? 1 : -1;
    }

    /** A docker-java client and the HTTP client under it. */
    private record Client(DockerClient docker, DockerHttpClient http) {
    }

    private static Client client(URI host, String apiVersion, Duration connect, Duration response, int maxConnections) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .withApiVersion(apiVersion)
                .build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(connect);
        if (!response.isZero()) {
            http.responseTimeout(response);
        }
        DockerHttpClient built = http.build();
        return new Client(DockerClientImpl.getInstance(config, built), built);
    }

    /** For short requests. */
    public DockerClient control() {
        return control;
    }

    /** For requests that last: wait, logs, stop, pull, build. */
    public DockerClient streaming() {
        return streaming;
    }

    /**
     * A short GET of the engine's API, its JSON answer as the engine wrote it: for documents Homeport hands on in the
     * engine's own shape (a container's stats, as the ECS agent serves them). Empty unless the engine answers 200.
     *
     * @param path the path after the version, e.g. {@code /containers/<id>/stats?stream=false}
     */
    public Optional<byte[]> get(String path) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path("/v" + apiVersion + path).build();
        try (DockerHttpClient.Response response = controlHttp.execute(request);
             InputStream body = response.getBody()) {
            return response.getStatusCode() == 200 ? Optional.of(body.readAllBytes()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String engineVersion() {
        return engineVersion;
    }

    @Override
    public void close() {
        try {
            control.close();
            streaming.close();
        } catch (IOException e) {
            // closing idle connections can't fail in a way anyone could act on
        }
    }
}
