package dev.homeport.ecs;

import dev.homeport.ecs.model.Attachment;
import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.ContainerOverride;
import dev.homeport.ecs.model.NetworkInterface;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskDefinitionView;
import dev.homeport.runtime.ContainerDependency;
import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.ExitResult;
import dev.homeport.runtime.HealthCheck;
import dev.homeport.runtime.HealthStatus;
import dev.homeport.runtime.NetworkAttachment;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.RecoveredTask;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskHandle;
import dev.homeport.runtime.TaskSpec;
import dev.homeport.runtime.TaskStartException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link TaskSupervisor} over a {@link TaskDriver}: one virtual thread per task walks it through
 * PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED,
 * persisting every state with its timestamp, and owns every ECS decision the driver doesn't make:
 * secrets, environment, {@code dependsOn} ordering, {@code essential}, stop codes and reasons.
 *
 * <p>Every change to a recorded task goes through {@link #mutate}, which re-reads the record under a
 * per-task lock, so StopTask and the task's own thread never overwrite each other.
 *
 * <p>Secret values are resolved on the task's thread, handed to the driver in the {@link TaskSpec}
 * and dropped; they never reach the repository or a log line.
 */
public final class DriverTaskSupervisor implements TaskSupervisor {
    private static final Logger LOG = Logger.getLogger(DriverTaskSupervisor.class.getName());
    static final String ESSENTIAL_EXITED = "Essential container in task exited";
    private static final Duration POLL = Duration.ofMillis(200);

    private final EcsRepository repository;
    private final TaskDriver driver;
    private final SecretResolver secrets;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /**
     * The last persisted version of each task this supervisor looks after. The supervisor is the only
     * writer of a recorded task (see class doc), so under the task's lock this copy is what the store holds:
     * {@link #mutate} applies a change to a copy of it instead of reading and parsing the row again. Entries
     * are never mutated once published; they go when the task reaches STOPPED.
     */
    private final Map<String, Task> current = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final TaskNetworks networks;

    private final AwsLogsShipper logs;
    /** Base URL (scheme, host, port) at which a task reaches Homeport, given the host address it sees. */
    private volatile java.util.function.Function<String, Optional<String>> metadataBase = host -> Optional.empty();
    private volatile TaskMetadata metadataEndpoint;

    public DriverTaskSupervisor(EcsRepository repository, TaskDriver driver, SecretResolver secrets, Clock clock) {
        this(repository, driver, secrets, clock, TaskNetworks.ANY, null);
    }

    /**
     * @param networks where each subnet's CIDR comes from: a task's private IP is in its subnet's block
     * @param logs     ships {@code awslogs} container output to CloudWatch Logs; {@code null} ships nothing
     */
    public DriverTaskSupervisor(EcsRepository repository, TaskDriver driver, SecretResolver secrets, Clock clock,
                                TaskNetworks networks, AwsLogsShipper logs) {
        this.networks = networks;
        this.repository = repository;
        this.driver = driver;
        this.secrets = secrets;
        this.clock = clock;
        this.logs = logs;
    }

    // --- API -------------------------------------------------------------------------------------------

    /**
     * Turns on the task metadata variables ({@code ECS_CONTAINER_METADATA_URI_V4}, {@code ECS_CONTAINER_METADATA_URI})
     * for tasks launched from now on. {@code baseForHost} maps the host address a task sees (from
     * {@link TaskDriver#hostAddress}) to Homeport's base URL there, or empty when Homeport doesn't listen
     * where the task could reach it: then the variables are not set, rather than pointing at nothing.
     */
    public void serveTaskMetadata(java.util.function.Function<String, Optional<String>> baseForHost,
                                  TaskMetadata endpoint) {
        this.metadataEndpoint = endpoint;
        this.metadataBase = baseForHost;
    }

    /** A task this supervisor runs, by task id, unless STOPPED: what the task metadata endpoint shows. */
    public Optional<Task> liveTask(String taskId) {
        for (String arn : runs.keySet()) {
            if (arn.endsWith("/" + taskId)) {
                return read(arn).filter(t -> !"STOPPED".equals(t.lastStatus));
            }
        }
        return Optional.empty();
    }

    @Override
    public void launch(List<Task> tasks) {
        for (Task t : tasks) {
            Run run = new Run(t.taskArn);
            runs.put(t.taskArn, run);
            threads.execute(() -> run.launch());
        }
    }

    @Override
    public Task requestStop(String taskArn, String reason) {
        Task after = mutate(taskArn, t -> {
            if ("STOPPED".equals(t.lastStatus) || "STOPPED".equals(t.desiredStatus)) {
                return false;
            }
            t.desiredStatus = "STOPPED";
            t.stopCode = "UserInitiated";
            t.stoppedReason = reason;
            t.stoppingAt = clock.instant();
            return true;
        });
        Run run = runs.get(taskArn);
        if (run != null) {
            run.events.add(Event.STOP);
        } else if (!"STOPPED".equals(after.lastStatus)) {
            // Nobody looks after it (a failed recovery): settle it here.
            Run orphan = new Run(taskArn);
            runs.put(taskArn, orphan);
            threads.execute(orphan::stopOnly);
        }
        return after;
    }

    /**
     * Reconciles records with what the driver still runs: tasks recorded RUNNING whose containers still
     * run are re-adopted; tasks caught mid-start or with nothing running are stopped; containers the
     * records don't know are destroyed.
     */
    @Override
    public void recover() {
        Map<String, RecoveredTask> found = new HashMap<>();
        for (RecoveredTask r : recoverFromDriver()) {
            found.put(r.taskArn(), r);
        }
        Set<String> known = new HashSet<>();
        for (Task t : repository.unstoppedTasks()) {
            known.add(t.taskArn);
            RecoveredTask r = found.get(t.taskArn);
            Run run = new Run(t.taskArn);
            runs.put(t.taskArn, run);
            if (r != null && r.anyRunning() && "RUNNING".equals(t.lastStatus)) {
                LOG.info("re-adopting task " + t.taskArn);
                threads.execute(run::adopt);
            } else {
                String reason = r != null && r.anyRunning()
                        ? "Task was starting when Homeport stopped; it was stopped on restart"
                        : "Task containers were no longer running when Homeport restarted";
                boolean wasRunning = "RUNNING".equals(t.lastStatus) || "DEACTIVATING".equals(t.lastStatus)
                        || "STOPPING".equals(t.lastStatus);
                mutate(t.taskArn, x -> {
                    if (!"STOPPED".equals(x.desiredStatus)) {
                        x.desiredStatus = "STOPPED";
                        x.stopCode = wasRunning ? "EssentialContainerExited" : "TaskFailedToStart";
                        x.stoppedReason = reason;
                        x.stoppingAt = clock.instant();
                    }
                    return true;
                });
                threads.execute(run::stopOnly);
            }
        }
        for (RecoveredTask r : found.values()) {
            if (!known.contains(r.taskArn())) {
                LOG.info("destroying orphan task " + r.taskArn());
                driver.destroy(r.taskId());
            }
        }
    }

    /**
     * The driver's view of what still runs. Retried briefly: right after a previous server stopped, the
     * backend may still be finishing that server's cleanup (Docker answers 409 for a removal in progress).
     */
    private List<RecoveredTask> recoverFromDriver() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return driver.recover();
            } catch (RuntimeException e) {
                last = e;
                LOG.log(Level.WARNING, "runtime recovery failed (attempt " + (attempt + 1) + "), retrying", e);
                try {
                    Thread.sleep(500L * (attempt + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    @Override
    public void close() {
        closed = true;
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- persistence -----------------------------------------------------------------------------------

    /**
     * Applies {@code change} to the task's current record under its lock; persists when it returns true.
     * The returned task is the record as persisted: callers must not modify it.
     */
    Task mutate(String taskArn, java.util.function.Predicate<Task> change) {
        synchronized (locks.computeIfAbsent(taskArn, k -> new Object())) {
            Task known = current.get(taskArn);
            Task t = known != null ? EcsJson.copy(known)
                    : repository.task(taskArn).orElseThrow(EcsErrors::taskNotFound);
            if (change.test(t)) {
                t.version = t.version == null ? 1 : t.version + 1;
                repository.updateTask(t);
            }
            if (runs.containsKey(taskArn) && !"STOPPED".equals(t.lastStatus)) {
                current.put(taskArn, t);
            } else {
                current.remove(taskArn);
            }
            return t;
        }
    }

    /** The task's current record (see {@link #current}); empty when it isn't recorded. Don't modify it. */
    private Optional<Task> read(String taskArn) {
        Task known = current.get(taskArn);
        if (known != null) {
            return Optional.of(known);
        }
        synchronized (locks.computeIfAbsent(taskArn, k -> new Object())) {
            Optional<Task> t = repository.task(taskArn);
            if (t.isPresent() && runs.containsKey(taskArn) && !"STOPPED".equals(t.get().lastStatus)) {
                current.putIfAbsent(taskArn, t.get());
                return Optional.of(current.get(taskArn));
            }
            return t;
        }
    }

    private void set(String taskArn, Consumer<Task> change) {
        mutate(taskArn, t -> {
            change.accept(t);
            return true;
        });
    }

    // --- one task -----------------------------------------------------------------------------------------

    private enum Event { STOP, EXIT }

    private final class Run {
        final String taskArn;
        final String taskId;
        final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final Map<String, ExitResult> exits = new ConcurrentHashMap<>();
        final Set<String> started = new HashSet<>();
        final Map<String, Duration> stopTimeouts = new HashMap<>();
        List<ContainerDefinition> containers = List.of();
        boolean provisioned;
        AwsLogsShipper.Shipping shipping;

        Run(String taskArn) {
            this.taskArn = taskArn;
            this.taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        }

        void launch() {
            try {
                Task task = read(taskArn).orElseThrow();
                if (stopRequested()) {
                    stop();
                    return;
                }
                var document = repository.taskDefinition(task.taskDefinitionArn).orElseThrow().document();
                TaskDefinitionView td = TaskDefinitionOperations.view(document);
                containers = td.containerDefinitions();
                Map<String, Map<String, String>> secretEnv;
                try {
                    secretEnv = secrets.resolve(containers);
                } catch (SecretResolutionException e) {
                    failToStart(e.getMessage(), null);
                    return;
                }
                TaskSpec spec = spec(task, td, secretEnv);
                secretEnv = null;
                // PENDING is persisted while the driver provisions; the next write waits for it.
                Instant pullStarted = clock.instant();
                writeAsync(t -> {
                    t.lastStatus = "PENDING";
                    t.pullStartedAt = pullStarted;
                });
                TaskHandle handle;
                try {
                    handle = driver.provision(spec);
                } catch (TaskStartException e) {
                    failToStart(e.reason(), e.containerName());
                    return;
                }
                provisioned = true;
                attach(handle);
                if (logs != null) {
                    EcsArns.Parsed arn = EcsArns.parse(taskArn);
                    try {
                        shipping = logs.prepare(arn.account(), arn.region(), taskId, document);
                    } catch (AwsLogsShipper.SetupFailure e) {
                        failToStart(e.getMessage(), e.containerName());
                        return;
                    }
                }
                startContainers();
            } catch (Throwable e) {
                if (closed) {
                    return;
                }
                try {
                    settle();
                } catch (RuntimeException ignored) {
                    // it failed too: failToStart below writes from the record as it stands
                }
                LOG.log(Level.SEVERE, "task " + taskArn + " failed in the supervisor", e);
                try {
                    failToStart("ResourceInitializationError: internal error while starting the task", null);
                } catch (RuntimeException ignored) {
                    // the record is gone or the store is closing
                }
            }
        }

        void adopt() {
            try {
                Task task = read(taskArn).orElseThrow();
                TaskDefinitionView td = TaskDefinitionOperations.view(repository.taskDefinition(task.taskDefinitionArn)
                        .orElseThrow().document());
                containers = td.containerDefinitions();
                provisioned = true;
                for (ContainerDefinition c : containers) {
                    stopTimeouts.put(c.name(), stopTimeout(c));
                    started.add(c.name());
                    watch(c.name());
                }
                monitor();
            } catch (Throwable e) {
                if (!closed) {
                    LOG.log(Level.SEVERE, "task " + taskArn + " could not be re-adopted", e);
                }
            }
        }

        void stopOnly() {
            try {
                Task task = read(taskArn).orElseThrow();
                TaskDefinitionView td = TaskDefinitionOperations.view(repository.taskDefinition(task.taskDefinitionArn)
                        .orElseThrow().document());
                containers = td.containerDefinitions();
                containers.forEach(c -> stopTimeouts.put(c.name(), stopTimeout(c)));
                provisioned = true;
                stop();
            } catch (Throwable e) {
                if (!closed) {
                    LOG.log(Level.SEVERE, "task " + taskArn + " could not be stopped", e);
                }
            }
        }

        private boolean stopRequested() {
            return read(taskArn).map(t -> "STOPPED".equals(t.desiredStatus)).orElse(true);
        }

        /**
         * A state write of this task started in the background while the driver works, so the driver's work
         * and the synced write overlap instead of adding up. At most one is in flight, and every later write
         * of the task's thread waits for it first: states are persisted in order, each one on its own.
         */
        private java.util.concurrent.CompletableFuture<Void> inFlight;

        /** Changes to carry with the next write (see {@link #attach}). */
        private Consumer<Task> pendingAttach;

        private Consumer<Task> withPending(Consumer<Task> change) {
            Consumer<Task> carried = pendingAttach;
            pendingAttach = null;
            return carried == null ? change : t -> {
                carried.accept(t);
                change.accept(t);
            };
        }

        private void writeAsync(Consumer<Task> change) {
            settle();
            Consumer<Task> all = withPending(change);
            inFlight = java.util.concurrent.CompletableFuture.runAsync(() -> set(taskArn, all), threads);
        }

        /** Waits for the write in flight, if any; rethrows its failure. */
        private void settle() {
            var f = inFlight;
            if (f == null) {
                return;
            }
            inFlight = null;
            try {
                f.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        private void write(Consumer<Task> change) {
            settle();
            set(taskArn, withPending(change));
        }

        private Task update(java.util.function.Predicate<Task> change) {
            settle();
            Consumer<Task> carried = pendingAttach;
            pendingAttach = null;
            return mutate(taskArn, t -> {
                if (carried != null) {
                    carried.accept(t);
                }
                return change.test(t) || carried != null;
            });
        }

        private TaskSpec spec(Task task, TaskDefinitionView td, Map<String, Map<String, String>> secretEnv) {
            String region = EcsArns.parse(task.taskArn).region();
            Optional<String> metadata = driver.hostAddress(network(task)).flatMap(metadataBase);
            List<ContainerSpec> specs = new ArrayList<>();
            for (ContainerDefinition c : td.containerDefinitions()) {
                ContainerOverride o = TaskOperations.override(task.overrides, c.name());
                Map<String, String> env = new LinkedHashMap<>();
                if (c.environment() != null) {
                    c.environment().forEach(kv -> env.put(kv.name(), kv.value() == null ? "" : kv.value()));
                }
                if (o != null && o.environment() != null) {
                    o.environment().forEach(kv -> env.put(kv.name(), kv.value() == null ? "" : kv.value()));
                }
                env.putAll(secretEnv.getOrDefault(c.name(), Map.of()));
                env.put("AWS_REGION", region);
                env.put("AWS_DEFAULT_REGION", region);
                env.put("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE");
                if (metadata.isPresent()) {
                    String base = metadata.get();
                    env.put("ECS_CONTAINER_METADATA_URI_V4", metadataEndpoint.uri(base, "v4", taskId, c.name()));
                    env.put("ECS_CONTAINER_METADATA_URI", metadataEndpoint.uri(base, "v3", taskId, c.name()));
                }
                Duration stop = stopTimeout(c);
                stopTimeouts.put(c.name(), stop);
                List<ContainerDependency> deps = new ArrayList<>();
                if (c.dependsOn() != null) {
                    c.dependsOn().forEach(d -> deps.add(new ContainerDependency(d.containerName(),
                            ContainerDependency.Condition.valueOf(d.condition()))));
                }
                specs.add(ContainerSpec.builder(c.name(), c.image())
                        .entryPoint(c.entryPoint() == null ? List.of() : c.entryPoint())
                        .command(o != null && o.command() != null ? o.command()
                                : c.command() == null ? List.of() : c.command())
                        .environment(env)
                        .workingDirectory(c.workingDirectory())
                        .user(c.user())
                        .cpuUnits(o != null && o.cpu() != null ? o.cpu() : c.cpu())
                        .memoryMiB(o != null && o.memory() != null ? o.memory() : c.memory())
                        .memoryReservationMiB(o != null && o.memoryReservation() != null ? o.memoryReservation()
                                : c.memoryReservation())
                        .healthCheck(healthCheck(c.healthCheck()))
                        .stopTimeout(stop)
                        .essential(c.isEssential())
                        .dependsOn(deps)
                        .build());
            }
            return new TaskSpec(taskId, task.taskArn, task.clusterArn, network(task), specs,
                    FargateSizes.parseCpu(task.cpu).stream().boxed().findFirst().orElse(null),
                    FargateSizes.parseMemory(task.memory).stream().boxed().findFirst().orElse(null));
        }

        /**
         * The subnet RunTask chose, with its CIDR from the network configuration: the runtime gives each subnet its
         * own network with that block. Without a configured CIDR (no network configuration), the runtime's default.
         */
        private NetworkRequest network(Task task) {
            Attachment eni = task.eni();
            String subnetId = eni == null ? null : eni.detail("subnetId");
            if (subnetId == null) {
                return NetworkRequest.DEFAULT;
            }
            return networks.subnet(subnetId)
                    .filter(s -> s.cidr() != null)
                    .map(s -> new NetworkRequest(s.id(), s.cidr(), null))
                    .orElse(NetworkRequest.DEFAULT);
        }

        /**
         * Records the network attachment and runtime ids with the task's next write (ACTIVATING, for a task
         * whose containers start in one pass), so the first containers start at once instead of after a
         * synced write of their own. Before the task waits for a dependency, it is written on its own.
         */
        private void attach(TaskHandle handle) {
            NetworkAttachment net = handle.network();
            Instant attached = clock.instant();
            pendingAttach = (t -> {
                t.pullStartedAt = handle.pullStartedAt() != null ? handle.pullStartedAt() : t.pullStartedAt;
                t.pullStoppedAt = handle.pullStoppedAt() != null ? handle.pullStoppedAt() : attached;
                t.connectivity = "CONNECTED";
                t.connectivityAt = attached;
                Attachment eni = t.eni();
                if (eni != null && net != null) {
                    eni.status = "ATTACHED";
                    eni.putDetail("networkInterfaceId", net.networkInterfaceId());
                    eni.putDetail("macAddress", net.macAddress());
                    eni.putDetail("privateDnsName", "ip-" + net.privateIpv4Address().replace('.', '-') + ".ec2.internal");
                    eni.putDetail("privateIPv4Address", net.privateIpv4Address());
                }
                for (Container c : t.containers) {
                    handle.container(c.name).ifPresent(h -> {
                        c.runtimeId = h.runtimeId();
                        c.imageDigest = h.imageDigest();
                    });
                    if (eni != null && net != null) {
                        c.networkInterfaces = List.of(new NetworkInterface(eni.id, net.privateIpv4Address(), null));
                    }
                }
            });
        }

        /** Starts containers as their dependencies allow, then marks the task RUNNING and watches it. */
        private void startContainers() throws InterruptedException {
            Set<String> startedThisPass = new HashSet<>();
            while (started.size() < containers.size()) {
                if (stopRequested()) {
                    stop();
                    return;
                }
                boolean progress = false;
                for (ContainerDefinition c : containers) {
                    if (started.contains(c.name())) {
                        continue;
                    }
                    Boolean ready = dependenciesMet(c);
                    if (ready == null) {
                        decide("TaskFailedToStart", "DependencyConditionNeverSatisfiedError: dependency of container "
                                + c.name() + " can never be satisfied");
                        stop();
                        return;
                    }
                    if (ready) {
                        try {
                            driver.startContainer(taskId, c.name());
                            if (shipping != null) {
                                shipping.follow(c.name());
                            }
                        } catch (TaskStartException e) {
                            containerReason(c.name(), e.reason());
                            decide("TaskFailedToStart", e.reason());
                            stop();
                            return;
                        }
                        started.add(c.name());
                        startedThisPass.add(c.name());
                        watch(c.name());
                        progress = true;
                    }
                }
                if (started.size() < containers.size() && !startedThisPass.isEmpty()) {
                    markRunning(startedThisPass, null);
                    startedThisPass.clear();
                }
                if (essentialExited()) {
                    decide("EssentialContainerExited", ESSENTIAL_EXITED);
                    stop();
                    return;
                }
                if (!progress) {
                    if (pendingAttach != null) {
                        write(t -> { });
                    }
                    Event e = events.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    if (e == Event.EXIT) {
                        recordExits();
                    }
                }
            }
            // The containers started in the last pass are recorded with the task's ACTIVATING state:
            // one write fewer on the way to RUNNING.
            markRunning(startedThisPass, "ACTIVATING");
            write(t -> {
                if (!"STOPPED".equals(t.desiredStatus)) {
                    t.lastStatus = "RUNNING";
                    t.startedAt = clock.instant();
                }
            });
            monitor();
        }

        private void markRunning(Set<String> names, String taskStatus) {
            Set<String> copy = Set.copyOf(names);
            write(t -> {
                for (String name : copy) {
                    Container x = t.container(name);
                    if (x != null && !"STOPPED".equals(x.lastStatus)) {
                        x.lastStatus = "RUNNING";
                    }
                }
                if (taskStatus != null) {
                    t.lastStatus = taskStatus;
                }
            });
        }

        /** True when met, false when not yet, null when it never can be. */
        private Boolean dependenciesMet(ContainerDefinition c) {
            if (c.dependsOn() == null) {
                return true;
            }
            for (var d : c.dependsOn()) {
                String dep = d.containerName();
                ExitResult exit = exits.get(dep);
                switch (d.condition()) {
                    case "START" -> {
                        if (!started.contains(dep)) {
                            return false;
                        }
                    }
                    case "COMPLETE" -> {
                        if (exit == null) {
                            return false;
                        }
                    }
                    case "SUCCESS" -> {
                        if (exit == null) {
                            return false;
                        }
                        if (exit.exitCode() == null || exit.exitCode() != 0) {
                            return null;
                        }
                    }
                    case "HEALTHY" -> {
                        if (exit != null) {
                            return null;
                        }
                        if (!started.contains(dep)) {
                            return false;
                        }
                        Optional<ContainerState> s = driver.inspect(taskId, dep);
                        if (s.isEmpty() || s.get().health() == HealthStatus.UNHEALTHY) {
                            return null;
                        }
                        if (s.get().health() != HealthStatus.HEALTHY) {
                            return false;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return true;
        }

        /** Waits for a container's exit on its own virtual thread and reports it as an event. */
        private void watch(String name) {
            threads.execute(() -> {
                try {
                    Optional<ExitResult> r = Optional.empty();
                    while (r.isEmpty() && !closed) {
                        r = driver.awaitExit(taskId, name, Duration.ofSeconds(30));
                    }
                    r.ifPresent(exit -> {
                        exits.put(name, exit);
                        events.add(Event.EXIT);
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        private boolean essentialExited() {
            for (ContainerDefinition c : containers) {
                if (c.isEssential() && exits.containsKey(c.name())) {
                    return true;
                }
            }
            return false;
        }

        /** Records container exits and health in the task document. */
        private void recordExits() {
            Map<String, ExitResult> snapshot = new HashMap<>(exits);
            write(t -> {
                for (var e : snapshot.entrySet()) {
                    Container c = t.container(e.getKey());
                    if (c != null && !"STOPPED".equals(c.lastStatus)) {
                        c.lastStatus = "STOPPED";
                        c.exitCode = e.getValue().exitCode();
                        if (e.getValue().reason() != null) {
                            c.reason = e.getValue().reason();
                        }
                    }
                }
            });
        }

        private void refreshHealth() {
            boolean anyCheck = containers.stream().anyMatch(c -> c.healthCheck() != null);
            if (!anyCheck) {
                return;
            }
            Map<String, HealthStatus> health = new HashMap<>();
            for (ContainerState s : driver.inspectTask(taskId)) {
                health.put(s.name(), s.health());
            }
            update(t -> {
                boolean changed = false;
                String taskHealth = "HEALTHY";
                boolean any = false;
                for (ContainerDefinition def : containers) {
                    if (def.healthCheck() == null) {
                        continue;
                    }
                    Container c = t.container(def.name());
                    String h = health.getOrDefault(def.name(), HealthStatus.UNKNOWN).name();
                    if (c != null && !h.equals(c.healthStatus)) {
                        c.healthStatus = h;
                        changed = true;
                    }
                    if (def.isEssential()) {
                        any = true;
                        if (h.equals("UNHEALTHY")) {
                            taskHealth = "UNHEALTHY";
                        } else if (h.equals("UNKNOWN") && !taskHealth.equals("UNHEALTHY")) {
                            taskHealth = "UNKNOWN";
                        }
                    }
                }
                String th = any ? taskHealth : "UNKNOWN";
                if (!th.equals(t.healthStatus)) {
                    t.healthStatus = th;
                    changed = true;
                }
                return changed;
            });
        }

        /** RUNNING: until an essential container exits or a stop is requested. */
        private void monitor() throws InterruptedException {
            refreshHealth();
            while (!closed) {
                Event e = events.poll(1, TimeUnit.SECONDS);
                if (e == Event.EXIT) {
                    recordExits();
                    if (essentialExited()) {
                        decide("EssentialContainerExited", ESSENTIAL_EXITED);
                        stop();
                        return;
                    }
                } else if (e == Event.STOP || stopRequested()) {
                    stop();
                    return;
                }
                refreshHealth();
            }
        }

        /** Records why the task stops unless a reason is already recorded (a user's StopTask wins). */
        private void decide(String stopCode, String reason) {
            write(t -> {
                if (!"STOPPED".equals(t.desiredStatus)) {
                    t.desiredStatus = "STOPPED";
                    t.stopCode = stopCode;
                    t.stoppedReason = reason;
                    t.stoppingAt = clock.instant();
                }
            });
        }

        private void containerReason(String name, String reason) {
            write(t -> {
                Container c = t.container(name);
                if (c != null) {
                    c.reason = reason;
                }
            });
        }

        private void failToStart(String reason, String container) {
            if (container != null) {
                containerReason(container, reason);
            }
            decide("TaskFailedToStart", reason);
            stop();
        }

        /**
         * DEACTIVATING → STOPPING (SIGTERM, SIGKILL after each container's stopTimeout) →
         * DEPROVISIONING (sandbox removed) → STOPPED.
         */
        private void stop() {
            Instant now = clock.instant();
            write(t -> {
                if (t.stoppingAt == null) {
                    t.stoppingAt = now;
                }
                t.desiredStatus = "STOPPED";
                t.lastStatus = "DEACTIVATING";
            });
            write(t -> t.lastStatus = "STOPPING");
            if (provisioned) {
                List<java.util.concurrent.Future<?>> stops = new ArrayList<>();
                for (ContainerDefinition c : containers) {
                    Duration grace = stopTimeouts.getOrDefault(c.name(), ContainerSpec.DEFAULT_STOP_TIMEOUT);
                    stops.add(threads.submit(() -> driver.stop(taskId, c.name(), grace)));
                }
                for (var f : stops) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        LOG.log(Level.WARNING, "stopping a container of " + taskArn + " failed", e);
                    }
                }
                Map<String, ContainerState> states = new HashMap<>();
                for (ContainerState s : driver.inspectTask(taskId)) {
                    states.put(s.name(), s);
                }
                write(t -> {
                    for (Container c : t.containers) {
                        ContainerState s = states.get(c.name);
                        ExitResult exit = exits.get(c.name);
                        if (s != null && s.exitCode() != null && c.exitCode == null) {
                            c.exitCode = s.exitCode();
                        } else if (exit != null && c.exitCode == null) {
                            c.exitCode = exit.exitCode();
                        }
                        if (s != null && s.reason() != null && c.reason == null) {
                            c.reason = s.reason();
                        }
                        c.lastStatus = "STOPPED";
                    }
                    t.executionStoppedAt = clock.instant();
                    t.lastStatus = "DEPROVISIONING";
                });
                if (shipping != null) {
                    shipping.close(); // the last lines reach CloudWatch Logs before the sandbox goes
                    shipping = null;
                }
                try {
                    driver.destroy(taskId);
                } catch (RuntimeException e) {
                    // Its containers have exited (above): the task is STOPPED whatever is left of its sandbox,
                    // which recovery removes at the next start. Never leave it in DEPROVISIONING.
                    LOG.log(Level.WARNING, "removing the containers of " + taskArn + " failed", e);
                }
            } else {
                write(t -> {
                    t.containers.forEach(c -> c.lastStatus = "STOPPED");
                    t.executionStoppedAt = clock.instant();
                    t.lastStatus = "DEPROVISIONING";
                });
            }
            write(t -> {
                t.lastStatus = "STOPPED";
                t.stoppedAt = clock.instant();
                t.connectivity = t.connectivity == null ? null : "DISCONNECTED";
                Attachment eni = t.eni();
                if (eni != null) {
                    eni.status = "DELETED";
                }
                if (t.healthStatus == null) {
                    t.healthStatus = "UNKNOWN";
                }
            });
            runs.remove(taskArn);
            current.remove(taskArn);
            locks.remove(taskArn);
        }
    }

    static Duration stopTimeout(ContainerDefinition c) {
        return c.stopTimeout() == null ? ContainerSpec.DEFAULT_STOP_TIMEOUT : Duration.ofSeconds(c.stopTimeout());
    }

    static HealthCheck healthCheck(dev.homeport.ecs.model.HealthCheck h) {
        if (h == null || h.command() == null || h.command().size() < 2) {
            return null;
        }
        return new HealthCheck(h.command(), Duration.ofSeconds(h.interval() == null ? 30 : h.interval()),
                Duration.ofSeconds(h.timeout() == null ? 5 : h.timeout()), h.retries() == null ? 3 : h.retries(),
                Duration.ofSeconds(h.startPeriod() == null ? 0 : h.startPeriod()));
    }

}
