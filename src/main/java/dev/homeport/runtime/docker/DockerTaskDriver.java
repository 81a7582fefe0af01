package dev.homeport.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.homeport.runtime.ContainerHandle;
import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.ContainerStatus;
import dev.homeport.runtime.DriverCapabilities;
import dev.homeport.runtime.ExitResult;
import dev.homeport.runtime.LogLine;
import dev.homeport.runtime.LogSubscription;
import dev.homeport.runtime.RecoveredTask;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskDriverException;
import dev.homeport.runtime.TaskHandle;
import dev.homeport.runtime.TaskSpec;
import dev.homeport.runtime.TaskStartException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.homeport.runtime.docker.ContainerConfigs.containerName;

/**
 * Runs tasks on a Docker engine, emulating Fargate's awsvpc mode: each task gets a pause "sandbox" container
 * on a per-subnet bridge network, and all its containers join the sandbox's network namespace, so they share
 * one private IP (reachable from the host) and talk to each other over localhost.
 *
 * <p>The driver keeps no task state in memory: containers are named {@code homeport-<taskId>-<container>} and
 * labelled (see {@link Labels}), and every call asks the engine. So a new driver instance (a restarted server)
 * controls tasks an earlier one started, and what the driver reports is what really runs.
 *
 * <p>Several Homeport servers may share one engine when their {@link DockerDriverConfig#instance()} names differ:
 * {@link #recover()} lists and reclaims only its own instance's containers. Task ids are random, so the
 * per-task calls never collide. Networks ({@code homeport-<subnetId>}) are shared, and a subnet id must
 * keep its CIDR across instances.
 */
public final class DockerTaskDriver implements TaskDriver {

    private static final Logger LOG = Logger.getLogger(DockerTaskDriver.class.getName());
    private static final Duration CREATED_POLL = Duration.ofMillis(100);
    private static final ObjectMapper STATS_JSON = new ObjectMapper();
    private static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("homeport-docker-stats").start(task);

    private final DockerConnection docker;
    private final Networks networks;
    private final boolean agentNetwork;
    private final Sandboxes sandboxes;
    private final Images images;
    private final ContainerConfigs configs;
    private final DriverCapabilities capabilities;
    private final String instance;
    /**
     * Ids of containers this driver created and hasn't started yet, by container name: their first
     * {@link #startContainer} starts them by id without asking the engine for their state first (they
     * can't have run). The only task state kept in memory; losing it (a restart) only costs that inspect.
     */
    private final ConcurrentHashMap<String, String> createdNotStarted = new ConcurrentHashMap<>();

    /**
     * Connects to the engine, builds the pause image if missing and starts filling the sandbox pool.
     *
     * @throws TaskDriverException when the engine is unreachable or the pause image can't be built
     */
    public DockerTaskDriver(DockerDriverConfig config) {
        this.docker = DockerConnection.open(config.dockerHost(), config.apiVersion());
        this.instance = config.instance();
        try {
            ensurePauseImage(config);
            Integer cpus = docker.control().infoCmd().exec().getNCPU();
            this.networks = new Networks(docker);
            this.agentNetwork = networks.ensureAgentNetwork();
            if (!agentNetwork) {
                LOG.warning("cannot create the Docker network " + Networks.AGENT_NETWORK + " (" + Networks.AGENT_SUBNET
                        + "): tasks will not reach " + Networks.AGENT_ADDRESS + " (task-role credentials, metadata)");
            }
            this.sandboxes = new Sandboxes(docker, networks, config.pauseImage(), config.sandboxPoolSize(), config.instance(),
                    agentNetwork);
            this.images = new Images(docker);
            this.configs = new ContainerConfigs(cpus == null ? 1 : cpus, config.instance());
            this.capabilities = new DriverCapabilities(
                    "docker " + docker.engineVersion() + " (API " + docker.apiVersion() + ")",
                    true, true, false, true, true, true,
                    "Docker containers: the task's image, its own network namespace and IP; Homeport's files are not "
                            + "mounted");
            if (config.warmNetwork() != null) {
                try {
                    sandboxes.warm(config.warmNetwork());
                } catch (RuntimeException e) {
                    // e.g. the CIDR overlaps another network: tasks will fail with ResourceInitializationError,
                    // which ECS shows; refusing to start the whole server would hide the reason
                    LOG.log(Level.WARNING, "cannot prepare network " + config.warmNetwork(), e);
                }
            }
        } catch (RuntimeException e) {
            docker.close();
            throw e;
        }
    }

    private void ensurePauseImage(DockerDriverConfig config) {
        try {
            docker.control().inspectImageCmd(config.pauseImage()).exec();
        } catch (NotFoundException e) {
            try {
                // sleep as PID 1: it never exits and needs no registry; docker rm -f kills it with SIGKILL
                RootfsImage.busybox(config.busybox(), "sleep")
                        .cmd("/bin/sleep", "2147483647")
                        .label("dev.homeport.image", "pause")
                        .ensure(docker, config.pauseImage());
            } catch (RuntimeException build) {
                throw new TaskDriverException("cannot build the sandbox image " + config.pauseImage() + " from "
                        + config.busybox() + ": " + build.getMessage(), build);
            }
        }
    }

    @Override
    public DriverCapabilities capabilities() {
        return capabilities;
    }

    private final ConcurrentHashMap<String, Optional<String>> gateways = new ConcurrentHashMap<>();

    /** {@link Networks#AGENT_ADDRESS}, which every sandbox reaches on {@link Networks#AGENT_NETWORK}. */
    @Override
    public Optional<String> agentAddress() {
        return agentNetwork ? Optional.of(Networks.AGENT_ADDRESS) : Optional.empty();
    }

    /** The gateway of the task network: the host's address on that bridge. Looked up once per subnet. */
    @Override
    public Optional<String> hostAddress(dev.homeport.runtime.NetworkRequest network) {
        Optional<String> known = gateways.get(network.subnetId());
        if (known != null && known.isPresent()) {
            return known;
        }
        Optional<String> g;
        try {
            networks.ensure(network);
            g = networks.gateway(network);
        } catch (RuntimeException e) {
            g = Optional.empty();
        }
        gateways.put(network.subnetId(), g);
        return g;
    }

    /** Each task's address on the agent network (its sandbox's), looked up once. */
    private final ConcurrentHashMap<String, String> agentClients = new ConcurrentHashMap<>();

    @Override
    public Optional<String> agentClientAddress(String taskId) {
        if (!agentNetwork) {
            return Optional.empty();
        }
        String known = agentClients.get(taskId);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            ContainerNetwork endpoint = docker.control().inspectContainerCmd(Sandboxes.taskSandboxName(taskId)).exec()
                    .getNetworkSettings().getNetworks().get(Networks.AGENT_NETWORK);
            if (endpoint == null || endpoint.getIpAddress() == null || endpoint.getIpAddress().isEmpty()) {
                return Optional.empty();
            }
            agentClients.put(taskId, endpoint.getIpAddress());
            return Optional.of(endpoint.getIpAddress());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The engine's stats of the container, with the sandbox's {@code networks}: the containers share the sandbox's
     * network namespace, where the engine reports no interfaces for them; the agent reports the task's ENI there.
     * Both are sampled at once (each takes the engine about a second).
     */
    @Override
    public Optional<byte[]> stats(String taskId, String containerName) {
        CompletableFuture<Optional<byte[]>> sandbox = CompletableFuture
                .supplyAsync(() -> engineStats(Sandboxes.taskSandboxName(taskId)), VIRTUAL_THREADS);
        Optional<byte[]> own = engineStats(containerName(taskId, containerName));
        Optional<byte[]> network = sandbox.join();
        return own.map(bytes -> {
            try {
                ObjectNode doc = (ObjectNode) STATS_JSON.readTree(bytes);
                if (network.isPresent() && !doc.hasNonNull("networks")) {
                    JsonNode networks = STATS_JSON.readTree(network.get()).get("networks");
                    if (networks != null && networks.isObject()) {
                        doc.set("networks", networks);
                    }
                }
                return STATS_JSON.writeValueAsBytes(doc);
            } catch (IOException | ClassCastException e) {
                return bytes; // not an object: handed on as the engine wrote it
            }
        });
    }

    private Optional<byte[]> engineStats(String containerIdOrName) {
        try {
            return docker.get("/containers/" + containerIdOrName + "/stats?stream=false");
        } catch (RuntimeException e) {
            return Optional.empty(); // the engine went away meanwhile: no stats, as for a missing container
        }
    }

    @Override
    public TaskHandle provision(TaskSpec spec) {
        Instant pullStarted = Instant.now();
        Map<String, String> digests = images.ensureAll(spec);
        Instant pullStopped = Instant.now();

        Sandbox sandbox = sandboxes.acquire(spec);
        try {
            Parallel.Outcome<String> created = Parallel.run(spec.containers().size(), i -> create(spec, i, sandbox));
            if (created.failure() != null) {
                created.results().stream().filter(java.util.Objects::nonNull).forEach(this::forceRemove);
                sandboxes.remove(sandbox.id());
                throw created.failure();
            }
            List<ContainerHandle> handles = new ArrayList<>();
            for (int i = 0; i < spec.containers().size(); i++) {
                ContainerSpec c = spec.containers().get(i);
                handles.add(new ContainerHandle(c.name(), created.results().get(i), digests.get(c.image())));
                createdNotStarted.put(containerName(spec.taskId(), c.name()), created.results().get(i));
            }
            return new TaskHandle(spec.taskId(), sandbox.attachment(), handles, pullStarted, pullStopped);
        } finally {
            sandboxes.settled(sandbox);
        }
    }

    private String create(TaskSpec spec, int index, Sandbox sandbox) {
        ContainerSpec c = spec.containers().get(index);
        try {
            return configs.createCmd(docker.control(), spec, index, sandbox).exec().getId();
        } catch (ConflictException e) {
            throw new IllegalStateException("container " + containerName(spec.taskId(), c.name()) + " already exists", e);
        } catch (DockerException e) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_CREATE_CONTAINER, c.name(),
                    DockerErrors.daemonMessage(e), e);
        }
    }

    @Override
    public void startContainer(String taskId, String containerName) {
        String justCreated = createdNotStarted.remove(containerName(taskId, containerName));
        if (justCreated != null) {
            startCreated(justCreated, containerName);
            return;
        }
        InspectContainerResponse i;
        try {
            i = docker.control().inspectContainerCmd(containerName(taskId, containerName)).exec();
        } catch (NotFoundException e) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_START_CONTAINER, containerName,
                    "no container " + containerName + " in task " + taskId, e);
        }
        if (!"created".equals(i.getState().getStatus())) {
            return; // running, or exited: `docker start` would restart it, and ECS never restarts a container
        }
        startCreated(i.getId(), containerName);
    }

    private void startCreated(String id, String containerName) {
        try {
            docker.control().startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // already running
        } catch (DockerException e) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_START_CONTAINER, containerName,
                    DockerErrors.daemonMessage(e), e);
        }
    }

    @Override
    public Optional<ContainerState> inspect(String taskId, String containerName) {
        return inspectRaw(taskId, containerName).map(i -> DockerStates.state(containerName, i));
    }

    private Optional<InspectContainerResponse> inspectRaw(String taskId, String containerName) {
        try {
            return Optional.of(docker.control().inspectContainerCmd(containerName(taskId, containerName)).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ContainerState> inspectTask(String taskId) {
        List<ContainerState> states = new ArrayList<>();
        for (Container c : taskContainers(taskId)) {
            String name = c.getLabels().get(Labels.CONTAINER_NAME);
            try {
                states.add(DockerStates.state(name, docker.control().inspectContainerCmd(c.getId()).exec()));
            } catch (NotFoundException e) {
                // removed between list and inspect: it no longer exists, so it isn't reported
            }
        }
        return states;
    }

    /** The task's containers (not its sandbox), in spec order. */
    private List<Container> taskContainers(String taskId) {
        return docker.control().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.TASK_ID, taskId, Labels.ROLE, Labels.ROLE_CONTAINER))
                .exec().stream()
                .sorted(Comparator.comparingInt(c -> Integer.parseInt(c.getLabels().getOrDefault(Labels.CONTAINER_INDEX, "0"))))
                .toList();
    }

    @Override
    public Optional<ExitResult> awaitExit(String taskId, String containerName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<InspectContainerResponse> i = inspectRaw(taskId, containerName);
            if (i.isEmpty()) {
                return Optional.of(ExitResult.missing(containerName));
            }
            ContainerStatus status = DockerStates.state(containerName, i.get()).status();
            if (status == ContainerStatus.EXITED) {
                return Optional.of(DockerStates.exit(i.get()));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            if (status == ContainerStatus.RUNNING) {
                return waitRunning(taskId, containerName, i.get().getId(), left);
            }
            // created, not started: the engine's wait would return at once for a never-started container
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, CREATED_POLL.toMillis()));
        }
    }

    private Optional<ExitResult> waitRunning(String taskId, String containerName, String id, long timeoutNanos)
            throws InterruptedException {
        Integer code;
        try (WaitContainerResultCallback wait = docker.streaming().waitContainerCmd(id).exec(new WaitContainerResultCallback())) {
            code = wait.awaitStatusCode(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (NotFoundException e) {
            return Optional.of(ExitResult.missing(containerName));
        } catch (DockerClientException e) {
            if (e.getCause() instanceof InterruptedException) { // docker-java wraps the interrupt
                Thread.currentThread().interrupt();
                throw new InterruptedException("interrupted while waiting for " + containerName);
            }
            return Optional.empty(); // "Awaiting status code timeout."
        } catch (IOException e) {
            throw new TaskDriverException("waiting for " + containerName + " failed", e);
        }
        return Optional.of(inspectRaw(taskId, containerName).map(DockerStates::exit)
                .orElseGet(() -> new ExitResult(code, Instant.now(), null))); // removed right after exiting
    }

    @Override
    public void stop(String taskId, String containerName, Duration grace) {
        stopById(containerName(taskId, containerName), grace);
    }

    private void stopById(String idOrName, Duration grace) {
        try {
            // docker stop: the image's StopSignal (SIGTERM by default), SIGKILL after the timeout; returns when stopped
            docker.streaming().stopContainerCmd(idOrName).withTimeout(ContainerConfigs.ceilSeconds(grace)).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // missing, or not running: nothing to stop
        }
    }

    @Override
    public void destroy(String taskId) {
        agentClients.remove(taskId);
        createdNotStarted.keySet().removeIf(name -> name.startsWith(containerName(taskId, "")));
        List<Container> labelled = docker.control().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.TASK_ID, taskId)).exec();
        Set<String> sandboxIds = new LinkedHashSet<>();
        List<Thread> removers = new ArrayList<>();
        for (Container c : labelled) {
            if (Labels.ROLE_CONTAINER.equals(c.getLabels().get(Labels.ROLE))) {
                String sandbox = c.getLabels().get(Labels.SANDBOX);
                if (sandbox != null) {
                    sandboxIds.add(sandbox);
                }
                removers.add(Thread.ofVirtual().start(() -> forceRemove(c.getId())));
            } else {
                sandboxIds.add(c.getId());
            }
        }
        removers.forEach(DockerTaskDriver::joinUninterruptibly);
        // containers first: a sandbox removed under running containers would leave them without a network
        sandboxIds.add(Sandboxes.taskSandboxName(taskId)); // a pooled sandbox whose containers were never created
        sandboxIds.forEach(sandboxes::remove);
    }

    private void forceRemove(String id) {
        try {
            docker.control().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            // "removal of container ... is already in progress": a removal by another call (destroy names the
            // sandbox by id and by name) or by another server's recovery; it is going away either way
            if (e.getMessage() == null || !e.getMessage().contains("already in progress")) {
                throw e;
            }
        }
    }

    @Override
    public List<RecoveredTask> recover() {
        return new Recovery(docker, sandboxes, instance, this::inspectTask).run();
    }

    @Override
    public LogSubscription logs(String taskId, String containerName, Consumer<LogLine> consumer) {
        DockerLogSubscription subscription = new DockerLogSubscription(consumer);
        try {
            docker.streaming().logContainerCmd(containerName(taskId, containerName))
                    .withStdOut(true).withStdErr(true).withTimestamps(true).withFollowStream(true)
                    .exec(subscription);
        } catch (NotFoundException e) {
            subscription.onComplete();
        }
        return subscription;
    }

    /** Idle pooled sandboxes in a subnet (for tests and metrics). */
    int idleSandboxes(String subnetId) {
        return sandboxes.idle(subnetId);
    }

    /** Tasks keep running: they outlive the server on purpose, and {@link #recover()} finds them again. */
    @Override
    public void close() {
        sandboxes.close();
        docker.close();
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
