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
import dev.homeport.ecs.SecretsManagerValueSource;
import dev.homeport.ecs.TaskSupervisor;
import dev.homeport.ecs.AwsLogsShipper;
import dev.homeport.http.HttpFrontDoor;
import dev.homeport.ec2.Ec2Module;
import dev.homeport.ec2.NetworkConfig;
import dev.homeport.ecs.TaskNetworks;
import dev.homeport.logs.LogsModule;
import dev.homeport.logs.LogsService;
import dev.homeport.logs.RetentionJob;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsQueryProtocol;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.docker.DockerDriverConfig;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskDrivers;
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
    private final LogsService logs;

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
            this.logs = new LogsService(database, clock);
            closeables.add(logs);
            closeables.add(new RetentionJob(logs, clock).start(60));
            List<ServiceModule> modules = new ArrayList<>();
            modules.add(secretsManager);
            NetworkConfig network = config.networkConfig() == null ? NetworkConfig.defaults()
                    : NetworkConfig.load(config.networkConfig());
            TaskNetworks taskNetworks = new Ec2TaskNetworks(network);
            EcsRepository ecsRepository = new JdbcEcsRepository(database);
            TaskSupervisor supervisor;
            if ("none".equalsIgnoreCase(config.runtime())) {
                supervisor = new NoRuntimeSupervisor(ecsRepository, clock);
            } else {
                NetworkConfig.Subnet first = network.subnets().isEmpty() ? null : network.subnets().getFirst();
                TaskDriver driver = TaskDrivers.create(TaskDrivers.Choice.parse(config.runtime()),
                        first == null ? DockerDriverConfig.defaults()
                                : DockerDriverConfig.defaults().withWarmNetwork(
                                        new NetworkRequest(first.id(), first.cidr(), null)));
                closeables.add(driver);
                supervisor = new DriverTaskSupervisor(ecsRepository, driver,
                        new SecretResolver(new SecretsManagerValueSource(secretsManager, clock)), clock,
                        new AwsLogsShipper(logs, driver), taskNetworks);
                // Before serving: re-adopt what still runs, settle what doesn't, remove orphans.
                supervisor.recover();
            }
            closeables.add(supervisor);
            modules.add(new EcsModule(ecsRepository, supervisor, clock, taskNetworks));
            modules.add(new LogsModule(logs));
            AwsJsonProtocol protocol = new AwsJsonProtocol(modules, new SigV4Verifier(credentials, clock), meters,
                    clock, HttpFrontDoor.MAX_REQUEST_BYTES);
            AwsQueryProtocol query = new AwsQueryProtocol(List.of(new Ec2Module(network)),
                    new SigV4Verifier(credentials, clock), clock, HttpFrontDoor.MAX_REQUEST_BYTES);
            String health = healthJson(protocol, query);
            this.http = new HttpFrontDoor(config.bindAddress(), config.port(), protocol, query, () -> health,
                    meters::scrape, routing -> { }).start();
            closeables.add(http);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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

    /** CloudWatch Logs: the {@link dev.homeport.logs.LogSink} task output goes to, and what tests drive. */
    public LogsService logs() {
        return logs;
    }

    public HomeportConfig config() {
        return config;
    }

    private static String healthJson(AwsJsonProtocol protocol, AwsQueryProtocol query) {
        TreeSet<String> services = new TreeSet<>();
        for (String target : query.targets()) {
            services.add(target.substring(0, target.lastIndexOf('.')));
        }
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
