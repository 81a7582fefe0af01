package dev.homeport.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.crypto.MasterKeyStore;
import dev.homeport.crypto.TinkSecretBarrier;
import dev.homeport.ecs.DriverTaskSupervisor;
import dev.homeport.ecs.EcsModule;
import dev.homeport.ecs.EcsRepository;
import dev.homeport.ecs.JdbcEcsRepository;
import dev.homeport.ecs.NoRuntimeSupervisor;
import dev.homeport.ecs.SecretResolver;
import dev.homeport.ecs.TaskMetadata;
import dev.homeport.ecs.SecretsManagerValueSource;
import dev.homeport.ecs.TaskSupervisor;
import dev.homeport.http.HttpFrontDoor;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskDrivers;
import dev.homeport.runtime.docker.DockerDriverConfig;
import dev.homeport.protocol.ServiceModule;
import dev.homeport.protocol.sigv4.CredentialStore;
import dev.homeport.protocol.sigv4.SigV4Verifier;
import dev.homeport.secretsmanager.CachingSecretRepository;
import dev.homeport.secretsmanager.JdbcSecretRepository;
import dev.homeport.secretsmanager.SecretPurger;
import dev.homeport.secretsmanager.SecretRepository;
import dev.homeport.secretsmanager.SecretValueCodec;
import dev.homeport.secretsmanager.SecretsManagerModule;
import dev.homeport.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A running Homeport: the only place that picks the store, the keys and the task runtime, and
 * wires them to the services. Tests start one in-process on port 0.
 */
public final class Homeport implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HomeportConfig config;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpFrontDoor http;
    private final SecretsManagerModule secretsManager;
    private final SecretRepository secretRepository;

    private Homeport(HomeportConfig config) {
        this.config = config;
        try {
            Files.createDirectories(config.dataDir());
            CredentialStore credentials = config.credentialsFile() == null
                    ? CredentialStore.development() : CredentialStore.load(config.credentialsFile());
            Clock clock = Clock.systemUTC();
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Database database = Database.open(config.effectiveJdbcUrl());
            closeables.add(database);
            MasterKeyStore keys = MasterKeyStore.fromEnvironment(System.getenv(), config.dataDir());
            SecretValueCodec codec = new SecretValueCodec(new TinkSecretBarrier(keys));
            CachingSecretRepository secretStore = new CachingSecretRepository(new JdbcSecretRepository(database));
            closeables.add(secretStore);
            this.secretRepository = secretStore;
            this.secretsManager = new SecretsManagerModule(secretStore, codec);
            closeables.add(new SecretPurger(secretStore, clock).start(60));
            List<ServiceModule> modules = new ArrayList<>();
            modules.add(secretsManager);
            EcsRepository ecsRepository = new JdbcEcsRepository(database);
            TaskSupervisor supervisor;
            DriverTaskSupervisor running = null;
            if ("none".equalsIgnoreCase(config.runtime())) {
                supervisor = new NoRuntimeSupervisor(ecsRepository, clock);
            } else {
                TaskDriver driver = TaskDrivers.create(TaskDrivers.Choice.parse(config.runtime()),
                        dockerConfig(System.getenv()));
                closeables.add(driver);
                running = new DriverTaskSupervisor(ecsRepository, driver,
                        new SecretResolver(new SecretsManagerValueSource(secretsManager, clock)), clock);
                supervisor = running;
                // Before serving: re-adopt what still runs, settle what doesn't, remove orphans.
                supervisor.recover();
            }
            closeables.add(supervisor);
            modules.add(new EcsModule(ecsRepository, supervisor, clock));
            AwsJsonProtocol protocol = new AwsJsonProtocol(modules, new SigV4Verifier(credentials, clock), meters,
                    clock, HttpFrontDoor.MAX_REQUEST_BYTES);
            String health = healthJson(protocol);
            TaskMetadata metadata = running == null ? null : new TaskMetadata(running::liveTask);
            this.http = new HttpFrontDoor(config.bindAddress(), config.port(), protocol, () -> health,
                    meters::scrape, routing -> {
                        if (metadata != null) {
                            routing.get(TaskMetadata.PATH + "{version}/{task}/{container}", (req, res) ->
                                    sendMetadata(res, metadata.container(req.path().pathParameters().get("version"),
                                            req.path().pathParameters().get("task"),
                                            req.path().pathParameters().get("container"))));
                            routing.get(TaskMetadata.PATH + "{version}/{task}/{container}/task", (req, res) ->
                                    sendMetadata(res, metadata.task(req.path().pathParameters().get("version"),
                                            req.path().pathParameters().get("task"),
                                            req.path().pathParameters().get("container"))));
                        }
                    }).start();
            closeables.add(http);
            if (running != null) {
                int port = http.port();
                String bind = config.bindAddress();
                running.serveTaskMetadata(host -> reachable(bind, host)
                        ? Optional.of("http://" + host + ":" + port) : Optional.empty());
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** True when a server bound to {@code bind} accepts connections made to {@code host}. */
    static boolean reachable(String bind, String host) {
        if (bind.equals(host) || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return true;
        }
        return host.equals("127.0.0.1") && (bind.equals("localhost") || bind.startsWith("127."));
    }

    private static void sendMetadata(io.helidon.webserver.http.ServerResponse res, Optional<byte[]> body) {
        if (body.isEmpty()) {
            res.status(io.helidon.http.Status.NOT_FOUND_404).send();
            return;
        }
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.get());
    }

    /**
     * Docker driver settings: the defaults, with {@code HOMEPORT_DOCKER_INSTANCE} naming this server on the
     * engine (default {@code homeport}). Servers sharing one engine (benchmarks, tests, several developers)
     * need different names, or each one's recovery would remove the other's containers as orphans.
     */
    static DockerDriverConfig dockerConfig(Map<String, String> env) {
        DockerDriverConfig docker = DockerDriverConfig.defaults();
        String instance = env.get("HOMEPORT_DOCKER_INSTANCE");
        return instance == null || instance.isBlank() ? docker : docker.withInstance(instance.strip());
    }

    public static Homeport start(HomeportConfig config) {
        return new Homeport(config);
    }

    public int port() {
        return http.port();
    }

    public SecretsManagerModule secretsManager() {
        return secretsManager;
    }

    /** The secret store the running services use, for tests that drive background jobs themselves. */
    public SecretRepository secretRepository() {
        return secretRepository;
    }

    public HomeportConfig config() {
        return config;
    }

    private static String healthJson(AwsJsonProtocol protocol) {
        TreeSet<String> services = new TreeSet<>();
        for (String target : protocol.targets()) {
            services.add(target.substring(0, target.lastIndexOf('.')));
        }
        try {
            return JSON.writeValueAsString(Map.of("status", "UP", "services", services));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops in reverse order of start: the HTTP server first, so no request sees a closed store. */
    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                System.getLogger(Homeport.class.getName()).log(System.Logger.Level.WARNING, "close failed", e);
            }
        }
        closeables.clear();
    }
}
