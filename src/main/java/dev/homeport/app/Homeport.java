package dev.homeport.app;

import dev.homeport.cloudtrail.CloudTrailModule;
import dev.homeport.cloudtrail.CloudTrailRecorder;
import dev.homeport.common.Housekeeping;
import dev.homeport.console.Console;
import dev.homeport.crypto.MasterKeyStore;
import dev.homeport.crypto.SecretBarrier;
import dev.homeport.crypto.Sealed;
import dev.homeport.crypto.TinkSecretBarrier;
import dev.homeport.ecs.EcsModule;
import dev.homeport.ecs.JdbcServiceStore;
import dev.homeport.ecs.ServiceStore;
import dev.homeport.ecs.EcsRepository;
import dev.homeport.ecs.JdbcEcsRepository;
import dev.homeport.ecs.NoRuntimeSupervisor;
import dev.homeport.ecs.PendingTaskSupervisor;
import dev.homeport.ecs.StoppedTaskPurger;
import dev.homeport.ecr.EcrAccess;
import dev.homeport.ecr.EcrModule;
import dev.homeport.ecr.EcrStore;
import dev.homeport.ssm.SsmModule;
import dev.homeport.ssm.CachingSsmStore;
import dev.homeport.ssm.JdbcSsmStore;
import dev.homeport.ssm.SsmStore;
import dev.homeport.ecr.RegistryTokens;
import dev.homeport.ecr.registry.BlobCollector;
import dev.homeport.ecr.registry.BlobStore;
import dev.homeport.ecr.registry.Registry;
import dev.homeport.ecs.TaskMetadata;
import dev.homeport.ecs.TaskRoleCredentials;
import dev.homeport.ecs.TaskSupervisor;
import dev.homeport.ecs.runner.AwsLogsShipper;
import dev.homeport.ecs.runner.SecretResolver;
import dev.homeport.ecs.runner.AgentApi;
import dev.homeport.ecs.runner.SecretsManagerValueSource;
import dev.homeport.ecs.runner.SsmParameterSource;
import dev.homeport.ecs.runner.TaskRunner;
import dev.homeport.http.HostCheck;
import dev.homeport.http.HttpFrontDoor;
import dev.homeport.http.MetricsAccess;
import dev.homeport.protocol.HttpRoute;
import dev.homeport.protocol.ResourceTags;
import dev.homeport.protocol.StreamRoute;
import dev.homeport.logs.LogsModule;
import dev.homeport.logs.LogsService;
import dev.homeport.logs.RetentionJob;
import dev.homeport.ec2.Ec2Module;
import dev.homeport.ec2.NetworkConfig;
import dev.homeport.ecs.TaskNetworks;
import dev.homeport.protocol.AuthenticationThrottle;
import dev.homeport.protocol.Authenticator;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsQueryProtocol;
import dev.homeport.protocol.GatedModule;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.docker.DockerDriverConfig;
import dev.homeport.runtime.process.ProcessDriverConfig;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskDrivers;
import dev.homeport.protocol.ServiceModule;
import dev.homeport.protocol.sigv4.CredentialStore;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.protocol.sigv4.KeyDirectory;
import dev.homeport.protocol.Authorizer;
import dev.homeport.iam.IamAuthorizer;
import dev.homeport.iam.IamKeys;
import dev.homeport.iam.IamModule;
import dev.homeport.iam.IamStore;
import dev.homeport.iam.ManagedPolicies;
import dev.homeport.protocol.sigv4.SigV4Verifier;
import dev.homeport.secretsmanager.CachingSecretRepository;
import dev.homeport.secretsmanager.JdbcSecretRepository;
import dev.homeport.secretsmanager.Resealer;
import dev.homeport.secretsmanager.SecretPurger;
import dev.homeport.secretsmanager.SecretRepository;
import dev.homeport.secretsmanager.SecretValueCodec;
import dev.homeport.secretsmanager.SecretsManagerModule;
import dev.homeport.sts.ServiceRoles;
import dev.homeport.sts.StsModule;
import dev.homeport.sts.StsSessions;
import dev.homeport.store.Database;
import dev.homeport.store.Settings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running Homeport: the only place that picks the store, the keys and the task runtime, and
 * wires them to the services. Tests start one in-process on port 0.
 */
public final class Homeport implements AutoCloseable {
    private final HomeportConfig config;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpFrontDoor http;
    private final SecretsManagerModule secretsManager;
    private final SecretRepository secretRepository;
    private final LogsService logs;
    private final EcsRepository ecsRepository;
    private final CloudTrailRecorder cloudTrail;
    /** Set while the services are wired. */
    private EcrModule ecr;

    private Homeport(HomeportConfig config) {
        this.config = config;
        // Start-up runs on several threads (DESIGN's target is the first answer within a second on two cores): the
        // web server is built on one, the keyset is loaded on another and, once the store is open, the task runtime
        // starts on a third, while this thread opens the store and wires the services. Nothing listens until they
        // are wired: the server is started last, so no request, not even the health check, is answered before that
        // (ECS waits for its runtime, see GatedModule).
        LateEndpoints late = new LateEndpoints();
        Console console = new Console(config.region(), Clock.systemUTC());
        CompletableFuture<HttpFrontDoor> serverBuild = onThread("homeport-start-http", () -> buildServer(late, console));
        try {
            Files.createDirectories(config.dataDir());
            CredentialStore credentials = config.credentialsFile() == null
                    ? CredentialStore.development() : CredentialStore.load(config.credentialsFile());
            refusePublicDevelopmentKey(config, credentials);
            Stores stores = openStores(config);
            this.secretRepository = stores.secrets();
            this.ecsRepository = stores.ecs();
            this.logs = stores.logs();
            this.cloudTrail = stores.trail();
            this.secretsManager = new SecretsManagerModule(stores.secrets(), stores.codec());
            NetworkConfig network = config.networkConfig() == null ? NetworkConfig.defaults()
                    : NetworkConfig.load(config.networkConfig());
            TaskNetworks taskNetworks = new Ec2TaskNetworks(network);
            startHousekeeping(stores);
            // The runtime reads task secrets through the API (authorized like any caller's), which is wired next.
            CompletableFuture<AwsJsonProtocol> api = new CompletableFuture<>();
            CompletableFuture<TaskRuntime> runtime = startRuntime(network, taskNetworks, stores, api);
            api.complete(wireServices(late, console, credentials, stores, network, taskNetworks, runtime));
            this.http = join(serverBuild).start();
            closeables.add(http);
            // Returns only once the runtime is up too, so a Homeport that start() gave back is whole.
            serveTaskMetadata(late, stores, network, join(runtime));
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * What the server serves, filled in as start-up gets to it. The server is built before the services exist (its
     * class initialization is the costly part), so it looks each of these up per request; it starts listening only
     * once they are set, except the task metadata endpoint, which answers 404 until the task runtime is up.
     */
    private static final class LateEndpoints {
        final AtomicReference<AwsJsonProtocol> json = new AtomicReference<>();
        final AtomicReference<AwsQueryProtocol> query = new AtomicReference<>();
        final AtomicReference<Map<String, Object>> health = new AtomicReference<>();
        final AtomicReference<PrometheusMeterRegistry> metrics = new AtomicReference<>();
        final AtomicReference<MetricsAccess> metricsAccess = new AtomicReference<>();
        final AtomicReference<TaskMetadata> taskMetadata = new AtomicReference<>();
        final AtomicReference<TaskRoleCredentials> taskCredentials = new AtomicReference<>();
        final AtomicReference<KeyRotation> keyRotation = new AtomicReference<>();
        final AtomicReference<Registry> registry = new AtomicReference<>();
    }

    /** Stage 1, on its own thread: the web server, with every route it will serve. */
    private HttpFrontDoor buildServer(LateEndpoints late, Console console) throws IOException {
        HomeportConfig.Exposure exposure = config.exposure();
        Files.createDirectories(config.dataDir());
        List<HttpRoute> routes = new ArrayList<>(TaskMetadata.routes(late.taskMetadata::get));
        routes.addAll(TaskRoleCredentials.routes(late.taskCredentials::get));
        routes.addAll(OperatorEndpoints.create(config.dataDir(), late.keyRotation::get).routes());
        routes.addAll(console.routes());
        // The container registry (ECR's), at /v2/ on the same port: wired with the services, 503 until then.
        StreamRoute registry = new StreamRoute(Registry.PREFIX, (req, res) -> {
            Registry wired = late.registry.get();
            if (wired == null) {
                res.status(503).send();
                return;
            }
            wired.handle(req, res);
        });
        return new HttpFrontDoor(
                new HttpFrontDoor.Listening(config.bindAddress(), config.port(), exposure.limits(),
                        new HostCheck(exposure.hostnames())),
                new HttpFrontDoor.Endpoints(late.json::get, late.query::get, late.health::get,
                        () -> late.metrics.get().scrape(), late.metricsAccess::get, routes, List.of(registry)));
    }

    /** What the services keep their state in, and the keys that seal it. */
    private record Stores(Database database, Settings settings, MasterKeyStore keys, TinkSecretBarrier barrier,
                          SecretValueCodec codec, CachingSecretRepository secrets, LogsService logs,
                          EcsRepository ecs, IamStore iam, StsSessions sessions, CloudTrailRecorder trail,
                          PrometheusMeterRegistry meters, EcrStore ecr, BlobStore blobs, ServiceStore ecsServices,
                          SsmStore ssm) {
    }

    /**
     * Stage 2: the database, checked against the master keyset before anything is written (KeyCheck), and the
     * stores over it. Tink's registry and the keyset load on a thread of their own meanwhile (they wait on file I/O
     * as much as on the CPU); the meter registry (a tenth of a second of class initialization) follows them there.
     * A missing keyset is not generated there: that is decided against the database.
     */
    private Stores openStores(HomeportConfig config) {
        MasterKeyStore keys = MasterKeyStore.fromEnvironment(System.getenv(), config.dataDir());
        CompletableFuture<Optional<TinkSecretBarrier>> existingKeys = onThread("homeport-start-keys",
                () -> keys.loadExisting().map(keyset -> new TinkSecretBarrier(keys, keyset)));
        CompletableFuture<PrometheusMeterRegistry> meterRegistry =
                existingKeys.thenApply(done -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        Clock clock = Clock.systemUTC();
        Database database = Database.open(config.effectiveJdbcUrl());
        closeables.add(database);
        Settings settings = new Settings(database, clock);
        TinkSecretBarrier barrier = new KeyCheck(database, settings).barrierFor(keys, join(existingKeys));
        CachingSecretRepository secrets = new CachingSecretRepository(new JdbcSecretRepository(database));
        closeables.add(secrets);
        LogsService logs = new LogsService(database, clock);
        closeables.add(logs);
        // Closed (its last events written) before the database.
        CloudTrailRecorder trail = new CloudTrailRecorder(database, clock);
        closeables.add(trail);
        return new Stores(database, settings, keys, barrier, new SecretValueCodec(barrier), secrets, logs,
                new JdbcEcsRepository(database), new IamStore(database, barrier),
                new StsSessions(database, barrier, clock), trail, join(meterRegistry), new EcrStore(database),
                new BlobStore(config.dataDir().resolve("registry")), new JdbcServiceStore(database),
                new CachingSsmStore(new JdbcSsmStore(database)));
    }

    /** Stage 3: deleted secrets past their window, tasks stopped for over an hour, log events past retention. */
    private void startHousekeeping(Stores stores) {
        Clock clock = Clock.systemUTC();
        closeables.add(new Housekeeping()
                .every(60, "purging secrets", new SecretPurger(stores.secrets(), clock)::purgeDue)
                .every(60, "forgetting stopped tasks", new StoppedTaskPurger(stores.ecs(), clock)::purgeDue)
                // ECS keeps a deleted service describable for a while, undocumented how long; here an hour, as tasks.
                .every(60, "forgetting deleted services",
                        () -> stores.ecsServices().purgeInactive(clock.instant().minus(Duration.ofHours(1))))
                .every(60, "log retention", new RetentionJob(stores.logs(), clock)::expire)
                .every(60, "forgetting expired STS sessions", stores.sessions()::purgeExpired)
                .every(600, "collecting unreferenced registry blobs",
                        () -> new BlobCollector(stores.blobs(), stores.ecr(), clock).collect())
                .every(3600, "CloudTrail event history retention", stores.trail()::expire));
    }

    /**
     * Stage 4, on its own thread: the task runtime. With Docker, making the client and re-adopting the last run's
     * tasks took longer than all the rest of the start-up together. Secrets Manager and Logs answer as soon as the
     * server listens; ECS operations wait for the runtime (GatedModule).
     */
    private CompletableFuture<TaskRuntime> startRuntime(NetworkConfig network, TaskNetworks taskNetworks,
                                                        Stores stores, CompletableFuture<AwsJsonProtocol> api) {
        CompletableFuture<TaskRuntime> runtime = onThread("homeport-start-runtime", () -> TaskRuntime.start(
                config, network, taskNetworks, stores.ecs(), api, stores.logs(),
                new ServiceRoles(stores.iam(), stores.sessions()), Clock.systemUTC(), this::registryHost));
        // Closed before the stores it uses and after the HTTP server (closeables close in reverse order).
        closeables.add(() -> {
            TaskRuntime started = runtime.handle((r, failure) -> r).join(); // null: it failed to start
            if (started != null) {
                started.close();
            }
        });
        return runtime;
    }

    /** Stage 5: the services behind the protocols, one authenticator for every way in, the console, key rotation. */
    private AwsJsonProtocol wireServices(LateEndpoints late, Console console, CredentialStore credentials,
                                         Stores stores, NetworkConfig network, TaskNetworks taskNetworks,
                                         CompletableFuture<TaskRuntime> runtime) {
        Clock clock = Clock.systemUTC();
        // Root keys from the credentials file, then IAM users' keys, then STS sessions; one authenticator for every way
        // in, so a guesser's failures are counted together; one authorizer and one audit trail for every operation.
        KeyDirectory keys = credentials.then(new IamKeys(stores.iam())).then(stores.sessions());
        RegistryTokens registryTokens = new RegistryTokens(serverKey(stores.settings(), stores.barrier(),
                "ecr-token-key"), keys, clock);
        EcrModule ecr = new EcrModule(stores.ecr(), stores.blobs(), registryTokens, keys, this::registryHost, clock);
        this.ecr = ecr;
        // ECR applies lifecycle policies "within 24 hours" of a change; here every minute.
        closeables.add(new Housekeeping().every(60, "applying ECR lifecycle policies", ecr::applyLifecyclePolicies));
        EcsModule ecs = new EcsModule(stores.ecs(), stores.ecsServices(), new PendingTaskSupervisor(
                runtime.thenApply(TaskRuntime::supervisor)), clock, taskNetworks,
                new ServiceRoles(stores.iam(), stores.sessions()), config.serviceSettle());
        // The service scheduler starts once the runtime has re-adopted the last run's tasks, and stops before it.
        runtime.thenRun(ecs.scheduler()::start);
        closeables.add(ecs.scheduler());
        // Parameter Store reads /aws/reference/secretsmanager/ secrets through the API as the caller, once it exists.
        AtomicReference<AwsJsonProtocol> self = new AtomicReference<>();
        SsmModule ssm = new SsmModule(stores.ssm(), stores.barrier(), (caller, input) -> self.get().call(
                new Credentials(caller.accessKeyId(), "", caller.principal()),
                caller.region(), "secretsmanager.GetSecretValue", input, caller.sourceAddress()));
        List<ServiceModule> modules = List.of(secretsManager, new GatedModule(ecs, runtime),
                new LogsModule(stores.logs()), new CloudTrailModule(stores.trail(), clock), ecr, ssm);
        Authenticator authenticator = new Authenticator(new SigV4Verifier(keys, clock),
                AuthenticationThrottle.defaults());
        ManagedPolicies awsPolicies = new ManagedPolicies();
        // Tags of the resources whose permissions do not carry them, for aws:ResourceTag conditions (secrets and
        // parameters carry theirs).
        ResourceTags resourceTags = ResourceTags.byService(Map.of(
                "ecs", stores.ecs()::resourceTags,
                "ecr", arn -> EcrAccess.repositoryTags(stores.ecr(), arn),
                "logs", stores.logs()::groupTags,
                "iam", arn -> stores.iam().snapshot().tagsOf(arn)));
        Authorizer authorizer = new IamAuthorizer(stores.iam(), stores.sessions(), awsPolicies, resourceTags, clock);
        AwsJsonProtocol protocol = new AwsJsonProtocol(modules, authenticator, authorizer, stores.trail(),
                stores.meters(), clock, HttpFrontDoor.MAX_REQUEST_BYTES);
        self.set(protocol);
        AwsQueryProtocol query = new AwsQueryProtocol(List.of(new Ec2Module(network),
                new StsModule(stores.iam(), awsPolicies, stores.sessions()),
                new IamModule(stores.iam(), awsPolicies, clock)), authenticator, authorizer, stores.trail(), clock,
                HttpFrontDoor.MAX_REQUEST_BYTES);
        late.registry.set(new Registry(stores.blobs(), stores.ecr(), registryTokens, authorizer, stores.trail(),
                clock));
        late.metrics.set(stores.meters());
        late.health.set(health(protocol, query));
        late.metricsAccess.set(new MetricsAccess(authenticator, config.exposure().metricsToken()));
        late.keyRotation.set(new KeyRotation(stores.keys(), stores.barrier(),
                new Resealer(stores.secrets(), stores.codec()), stores.iam(), stores.sessions(), stores.ssm(),
                stores.settings(), clock));
        console.wire(new Console.Backend(protocol, query, keys, authenticator.throttle(),
                () -> runtime.isDone() && !runtime.isCompletedExceptionally()
                        ? Optional.ofNullable(runtime.join().driver()).map(TaskDriver::capabilities) : Optional.empty()));
        late.query.set(query);
        late.json.set(protocol);
        return protocol;
    }

    /** Stage 6, once the runtime is up: its section of the health document, and the task metadata endpoint. */
    private void serveTaskMetadata(LateEndpoints late, Stores stores, NetworkConfig network, TaskRuntime runtime) {
        late.health.set(withRuntime(late.health.get(), runtime.driver()));
        TaskRunner running = runtime.running();
        if (running == null) {
            return;
        }
        byte[] endpointKey = taskMetadataKey(stores.settings(), stores.barrier());
        TaskDriver driver = runtime.driver();
        TaskMetadata endpoint = new TaskMetadata(running::liveTask, subnetId -> network.subnets().stream()
                .filter(s -> s.id().equals(subnetId)).map(NetworkConfig.Subnet::cidr).findFirst(), driver::stats,
                endpointKey);
        TaskRoleCredentials credentials = new TaskRoleCredentials(running::liveTask,
                new ServiceRoles(stores.iam(), stores.sessions()), Clock.systemUTC(), endpointKey);
        late.taskMetadata.set(endpoint);
        late.taskCredentials.set(credentials);
        int port = http.port();
        String bind = config.bindAddress();
        String agent = driver.agentAddress().filter(address -> serveAgentAddress(late, address, endpoint,
                credentials.agentRoute(driver::agentClientAddress))).orElse(null);
        running.serveTaskMetadata(host -> reachable(bind, host)
                ? Optional.of("http://" + host + ":" + port) : Optional.empty(), endpoint, credentials, agent);
    }

    /**
     * Listens at the ECS agent's address ({@code 169.254.170.2:80}, on the runtime's agent network) as the agent does
     * for its tasks: the task metadata and credentials at the agent's paths, and the API, so the SDKs in a task reach
     * Homeport at {@code AWS_ENDPOINT_URL=http://169.254.170.2} whatever Homeport's own bind address. Only the agent
     * network's addresses (the tasks) are answered: the address is link-local, and a machine beside this one on the
     * LAN could otherwise send to it.
     *
     * @return false when the address can't be served (port 80 needs root or CAP_NET_BIND_SERVICE; another Homeport
     * on this host may hold it): tasks then reach Homeport as before, at its own address when they can
     */
    private boolean serveAgentAddress(LateEndpoints late, String address, TaskMetadata metadata,
                                      HttpRoute credentials) {
        List<HttpRoute> routes = new ArrayList<>(TaskMetadata.agentRoutes(() -> metadata));
        routes.add(credentials);
        HttpFrontDoor door = new HttpFrontDoor(new HttpFrontDoor.Listening(address, 80, config.exposure().limits(),
                new HostCheck(config.exposure().hostnames()), Homeport::onAgentNetwork),
                new HttpFrontDoor.Endpoints(late.json::get, late.query::get, late.health::get,
                        () -> late.metrics.get().scrape(), late.metricsAccess::get, routes));
        try {
            door.start();
        } catch (RuntimeException e) {
            System.getLogger(Homeport.class.getName()).log(System.Logger.Level.WARNING, "cannot listen on " + address
                    + ":80 (" + e.getMessage() + "): Docker tasks get no task-role credentials and reach Homeport only "
                    + "where it listens");
            door.close();
            return false;
        }
        closeables.add(door);
        return true;
    }

    /** 169.254.170.0/23: the agent network's block, where tasks' second addresses are. */
    static boolean onAgentNetwork(java.net.InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == 4 && (a[0] & 0xff) == 169 && (a[1] & 0xff) == 254 && (a[2] & 0xfe) == 170;
    }

    /** The task runtime: its supervisor, and the driver under it unless there is none. */
    private record TaskRuntime(TaskSupervisor supervisor, TaskRunner running, TaskDriver driver) {
        static TaskRuntime start(HomeportConfig config, NetworkConfig network, TaskNetworks taskNetworks,
                                 EcsRepository ecsRepository, CompletableFuture<AwsJsonProtocol> api, LogsService logs,
                                 ServiceRoles roles, Clock clock, Supplier<String> registryHost) {
            if ("none".equalsIgnoreCase(config.runtime())) {
                return new TaskRuntime(new NoRuntimeSupervisor(ecsRepository, clock), null, null);
            }
            NetworkConfig.Subnet first = network.subnets().isEmpty() ? null : network.subnets().getFirst();
            DockerDriverConfig docker = dockerConfig(System.getenv());
            TaskDriver driver = TaskDrivers.create(TaskDrivers.Choice.parse(config.runtime()),
                    first == null ? docker : docker.withWarmNetwork(new NetworkRequest(first.id(), first.cidr(), null)),
                    processConfig(config));
            try {
                // The agent's calls go through the API, as the task's execution role; the API is wired after the
                // runtime starts, so a call waits for it.
                AgentApi agent = (caller, region, target, input) -> api.join().call(caller, region, target, input, null);
                TaskRunner running = new TaskRunner(ecsRepository, driver,
                        new SecretResolver(new SecretsManagerValueSource(agent), new SsmParameterSource(agent)), clock, taskNetworks,
                        new AwsLogsShipper(logs, driver, agent), roles);
                running.pullImagesFrom(registryHost, agent);
                // Before ECS answers: re-adopt what still runs, settle what doesn't, remove orphans.
                running.recover();
                return new TaskRuntime(running, running, driver);
            } catch (RuntimeException e) {
                driver.close();
                throw e;
            }
        }

        /** The supervisor first (it stops using the driver), then the driver. */
        void close() {
            try {
                supervisor.close();
            } finally {
                if (driver != null) {
                    driver.close();
                }
            }
        }
    }

    /** Runs {@code work} on a new daemon platform thread of its own; the future holds its result or failure. */
    private static <T> CompletableFuture<T> onThread(String name, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** The result of a start-up task, its failure rethrown as is (unchecked) on the calling thread. */
    private static <T> T join(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("start-up task failed", cause);
        }
    }

    /**
     * The key of task metadata paths: random, made once per database and kept there sealed (so the database alone
     * does not give it away), the same across restarts so that re-adopted tasks keep working URIs.
     */
    private static byte[] taskMetadataKey(Settings settings, SecretBarrier barrier) {
        return serverKey(settings, barrier, "task-metadata-key");
    }

    /** A random 256-bit key of this server's, made once and kept sealed in its settings under {@code name}. */
    private static byte[] serverKey(Settings settings, SecretBarrier barrier, String name) {
        String aad = Settings.aad(name);
        byte[] sealed = settings.get(name).orElseGet(() -> {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            return settings.putIfAbsent(name, barrier.seal(key, aad).bytes());
        });
        return barrier.open(Sealed.of(sealed), aad);
    }

    /**
     * The registry's address for a Docker engine on this machine: {@code localhost:<port>} when Homeport listens on
     * loopback (or everywhere), which engines speak plain HTTP to without configuration; the bind address otherwise.
     */
    private String registryHost() {
        String bind = config.bindAddress();
        boolean loopback = bind.startsWith("127.") || bind.equals("0.0.0.0") || bind.equals("::")
                || bind.equals("[::]") || bind.equals("localhost");
        return (loopback ? "localhost" : bind) + ":" + http.port();
    }

    /** True when a server bound to {@code bind} accepts connections made to {@code host}. */
    static boolean reachable(String bind, String host) {
        if (bind.equals(host) || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return true;
        }
        return host.equals("127.0.0.1") && (bind.equals("localhost") || bind.startsWith("127."));
    }

    /**
     * Process tasks must not see what holds Homeport's secrets: the data directory (keyset, database), the
     * credentials file, and a SQLite database kept elsewhere.
     */
    static ProcessDriverConfig processConfig(HomeportConfig config) {
        List<java.nio.file.Path> hidden = new ArrayList<>();
        hidden.add(config.dataDir());
        if (config.credentialsFile() != null) {
            hidden.add(config.credentialsFile());
        }
        String url = config.effectiveJdbcUrl();
        if (url.startsWith("jdbc:sqlite:") && !url.contains(":memory:")) {
            String file = url.substring("jdbc:sqlite:".length());
            int query = file.indexOf('?');
            java.nio.file.Path db = java.nio.file.Path.of(query < 0 ? file : file.substring(0, query));
            hidden.add(db.toAbsolutePath().getParent()); // with its -wal and -shm files
        }
        return ProcessDriverConfig.defaults().withHidden(hidden)
                .withAllowUnsandboxed(config.unsafeUnsandboxedProcesses());
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

    /** ECR's API, for tests that apply the lifecycle policies without waiting for the background job. */
    public EcrModule ecr() {
        return ecr;
    }

    /** The audit trail the protocols report to, for tests that write its queue out themselves. */
    public CloudTrailRecorder cloudTrail() {
        return cloudTrail;
    }

    /** The ECS store the running services use, for tests that drive background jobs themselves. */
    public EcsRepository ecsRepository() {
        return ecsRepository;
    }

    /** CloudWatch Logs: the {@link dev.homeport.logs.LogSink} task output goes to, and what tests drive. */
    public LogsService logs() {
        return logs;
    }

    public HomeportConfig config() {
        return config;
    }

    /** The health document's members: what is served; the HTTP layer adds the listener's state. */
    private static Map<String, Object> health(AwsJsonProtocol protocol, AwsQueryProtocol query) {
        TreeSet<String> services = new TreeSet<>();
        for (String target : query.targets()) {
            services.add(target.substring(0, target.lastIndexOf('.')));
        }
        for (String target : protocol.targets()) {
            services.add(target.substring(0, target.lastIndexOf('.')));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", "UP");
        doc.put("services", services);
        return doc;
    }

    /** The health document with the task runtime's section: which runtime, and how tasks are isolated. */
    private static Map<String, Object> withRuntime(Map<String, Object> health, TaskDriver driver) {
        Map<String, Object> doc = new LinkedHashMap<>(health);
        doc.put("runtime", driver == null ? Map.of("driver", "none")
                : Map.of("driver", driver.capabilities().name(), "isolation", driver.capabilities().isolation()));
        return doc;
    }

    /**
     * The public development key on a non-loopback address would make every account's root user available to
     * anyone who can reach the port (the key is in every tutorial). So that needs the operator's explicit word.
     */
    static void refusePublicDevelopmentKey(HomeportConfig config, CredentialStore credentials) {
        boolean devKey = credentials.find(CredentialStore.DEVELOPMENT.accessKeyId())
                .filter(c -> c.secretAccessKey().equals(CredentialStore.DEVELOPMENT.secretAccessKey())).isPresent();
        if (!devKey || config.exposure().allowPublicDevelopmentKey() || isLoopback(config.bindAddress())) {
            return;
        }
        throw new StartupRefusedException("Refusing to listen on " + config.bindAddress() + ": the public development "
                + "key test/test is accepted, so anyone who can reach this address would be the root user of account "
                + CredentialStore.DEVELOPMENT.accountId() + ". Give your own keys with --credentials-file "
                + "(HOMEPORT_CREDENTIALS_FILE), bind to 127.0.0.1, or, if every client of this address may have full "
                + "access, confirm it with --allow-public-development-key (HOMEPORT_ALLOW_PUBLIC_DEVELOPMENT_KEY=true).");
    }

    private static boolean isLoopback(String bindAddress) {
        try {
            return java.net.InetAddress.getByName(bindAddress.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false; // the server cannot bind it either; that error comes next
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
