package dev.homeport.runtime.process;

import dev.homeport.runtime.ContainerHandle;
import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.DriverCapabilities;
import dev.homeport.runtime.ExitResult;
import dev.homeport.runtime.LogLine;
import dev.homeport.runtime.LogSubscription;
import dev.homeport.runtime.NetworkAttachment;
import dev.homeport.runtime.RecoveredTask;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskHandle;
import dev.homeport.runtime.TaskSpec;
import dev.homeport.runtime.TaskStartException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs each container's entryPoint + command as a child process of the server, for machines without Docker.
 *
 * <p>Each container runs in a {@link ProcessSandbox}: by default {@link Bubblewrap}, so a task cannot read
 * Homeport's keys, database, credentials, environment or memory, nor signal it. Without a working sandbox tasks
 * are refused (they stop with TaskFailedToStart and the reason), unless the operator asked for unsandboxed
 * processes by name.
 *
 * <p>What it can't do, declared in {@link #capabilities()}: no image (the {@code image} is ignored and the
 * argv must be complete), no network namespace (the private IP is 127.0.0.1 for every task, so two tasks
 * can't bind the same port), no cpu/memory enforcement. Children don't survive the driver: {@link #close()}, a
 * JVM shutdown hook and the sandbox's {@code --die-with-parent} kill them, so {@link #recover()} finds nothing.
 *
 * <p>Each task gets a directory of its own (its default working directory and {@code HOME}, shared by its
 * containers, mode 0700), deleted by {@link #destroy}. The environment is only the task's own plus a default
 * {@code PATH}: the server's environment is never inherited, because it may hold Homeport's own secrets (e.g. the
 * master key).
 */
public final class ProcessTaskDriver implements TaskDriver {

    /** Docker's default PATH for containers whose image sets none. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The loopback interface's MAC address, reported as the "ENI" MAC because that is what tasks share. */
    static final String LOOPBACK_MAC = "00:00:00:00:00:00";

    private static final Logger LOG = Logger.getLogger(ProcessTaskDriver.class.getName());
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final ProcessDriverConfig config;
    /** Null when tasks must be refused: see {@link #unavailable}. */
    private final ProcessSandbox sandbox;
    private final String unavailable;
    private final ConcurrentHashMap<String, ProcessTask> tasks = new ConcurrentHashMap<>();
    private final Thread shutdownHook = new Thread(this::killAll, "homeport-process-driver-shutdown");

    public ProcessTaskDriver(ProcessDriverConfig config) {
        this.config = config;
        createScratchRoot(config.scratchRoot());
        Bubblewrap.Probe probe = Bubblewrap.probe(config.bubblewrap(), config.scratchRoot(), config.hidden());
        if (probe instanceof Bubblewrap.Works works) {
            sandbox = works.sandbox();
            unavailable = null;
        } else if (config.allowUnsandboxed()) {
            sandbox = new ProcessSandbox.Unsandboxed();
            unavailable = null;
            LOG.warning("process tasks run WITHOUT a sandbox (--unsafe-unsandboxed-processes): every task can read "
                    + "Homeport's keys and every secret; " + ((Bubblewrap.Unavailable) probe).reason());
        } else {
            sandbox = null;
            unavailable = ((Bubblewrap.Unavailable) probe).reason();
            LOG.severe("process tasks will fail to start: they can't be isolated from Homeport: " + unavailable);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The root of task directories: only Homeport may list it. When tasks run as another user (Homeport as root,
     * tasks as nobody), that user needs to pass through it to its own directory, so others may traverse, not list.
     */
    private static void createScratchRoot(Path root) {
        boolean traversable = CurrentUser.get().uid() == 0;
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(traversable ? "rwx--x--x" : "rwx------");
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(perms));
            Files.setPosixFilePermissions(root, perms); // an existing root from an earlier version may be wider
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public DriverCapabilities capabilities() {
        return new DriverCapabilities("process (" + System.getProperty("os.name") + ")",
                false, false, true, false, sandbox != null && sandbox.userSwitching(), false,
                sandbox != null ? sandbox.isolation() : "none available: tasks are refused (" + unavailable + ")");
    }

    @Override
    public TaskHandle provision(TaskSpec spec) {
        Instant pullStarted = Instant.now();
        if (sandbox == null) {
            throw new TaskStartException(TaskStartException.Kind.RESOURCE_INITIALIZATION, null,
                    "the process runtime cannot isolate tasks from Homeport: " + unavailable + ". Install "
                            + "bubblewrap, use the Docker runtime, or start Homeport with "
                            + "--unsafe-unsandboxed-processes to run tasks without isolation", null);
        }
        for (ContainerSpec c : spec.containers()) {
            validate(c);
        }
        Path scratch = config.scratchRoot().resolve(spec.taskId());
        ProcessTask task = new ProcessTask(spec, scratch, new LinkedHashMap<>());
        if (tasks.putIfAbsent(spec.taskId(), task) != null) {
            throw new IllegalStateException("task " + spec.taskId() + " already exists");
        }
        try {
            Files.createDirectory(scratch, OWNER_ONLY);
            sandbox.prepareScratch(scratch);
        } catch (IOException | UncheckedIOException e) {
            tasks.remove(spec.taskId());
            throw new TaskStartException(TaskStartException.Kind.RESOURCE_INITIALIZATION, null,
                    "cannot create task directory " + scratch + ": " + e.getMessage(), e);
        }
        List<ContainerHandle> handles = new ArrayList<>();
        for (ContainerSpec c : spec.containers()) {
            Path dir = c.workingDirectory() == null ? scratch : Path.of(c.workingDirectory());
            ProcessContainer pc = new ProcessContainer(c, UUID.randomUUID().toString(), environment(c, scratch), dir,
                    scratch, sandbox);
            task.containers().put(c.name(), pc);
            handles.add(new ContainerHandle(c.name(), pc.runtimeId(), null));
        }
        NetworkAttachment network = new NetworkAttachment(spec.network().subnetId(), "lo", "127.0.0.1", LOOPBACK_MAC);
        return new TaskHandle(spec.taskId(), network, handles, pullStarted, Instant.now());
    }

    /** Tasks are processes of this host: loopback. */
    @Override
    public Optional<String> hostAddress(dev.homeport.runtime.NetworkRequest network) {
        return Optional.of("127.0.0.1");
    }

    private void validate(ContainerSpec c) {
        if (c.argv().isEmpty()) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_CREATE_CONTAINER, c.name(),
                    "the process driver needs an entryPoint or command: it has no image to supply a default", null);
        }
        if (c.workingDirectory() != null && !Files.isDirectory(Path.of(c.workingDirectory()))) {
            // Docker would create it inside the container's filesystem; here it would litter the host
            throw new TaskStartException(TaskStartException.Kind.CANNOT_CREATE_CONTAINER, c.name(),
                    "working directory " + c.workingDirectory() + " does not exist on this host"
                            + " (the process driver has no image filesystem)", null);
        }
        if (c.workingDirectory() != null && config.hides(Path.of(c.workingDirectory()))) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_CREATE_CONTAINER, c.name(),
                    "working directory " + c.workingDirectory() + " is inside a directory Homeport keeps from tasks",
                    null);
        }
        if (c.user() != null && !(sandbox.userSwitching() ? Bubblewrap.isNumericUser(c.user())
                : CurrentUser.get().matches(c.user()))) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_CREATE_CONTAINER, c.name(),
                    sandbox.userSwitching()
                            ? "the process driver takes a numeric user (uid or uid:gid), not " + c.user()
                            : "the process driver runs every task as the server's user (" + CurrentUser.get()
                            + ") and cannot switch to " + c.user(), null);
        }
    }

    private static Map<String, String> environment(ContainerSpec c, Path scratch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", scratch.toString());
        env.putAll(c.environment());
        return Map.copyOf(env);
    }

    @Override
    public void startContainer(String taskId, String containerName) {
        container(taskId, containerName)
                .orElseThrow(() -> new TaskStartException(TaskStartException.Kind.CANNOT_START_CONTAINER, containerName,
                        "no container " + containerName + " in task " + taskId, null))
                .start();
    }

    @Override
    public Optional<ContainerState> inspect(String taskId, String containerName) {
        return container(taskId, containerName).map(ProcessContainer::state);
    }

    @Override
    public List<ContainerState> inspectTask(String taskId) {
        ProcessTask task = tasks.get(taskId);
        return task == null ? List.of() : task.containers().values().stream().map(ProcessContainer::state).toList();
    }

    @Override
    public Optional<ExitResult> awaitExit(String taskId, String containerName, Duration timeout) throws InterruptedException {
        Optional<ProcessContainer> c = container(taskId, containerName);
        if (c.isEmpty()) {
            return Optional.of(ExitResult.missing(containerName));
        }
        return Optional.ofNullable(c.get().awaitExit(timeout));
    }

    @Override
    public void stop(String taskId, String containerName, Duration grace) {
        Optional<ProcessContainer> c = container(taskId, containerName);
        if (c.isPresent()) {
            uninterruptibly(() -> c.get().stop(grace));
        }
    }

    @Override
    public void destroy(String taskId) {
        ProcessTask task = tasks.remove(taskId);
        if (task == null) {
            return;
        }
        for (ProcessContainer c : task.containers().values()) {
            uninterruptibly(c::destroy);
        }
        deleteRecursively(task.scratch());
    }

    /** Child processes don't outlive the server (see class doc), so there is never anything to re-adopt. */
    @Override
    public List<RecoveredTask> recover() {
        return List.of();
    }

    @Override
    public LogSubscription logs(String taskId, String containerName, Consumer<LogLine> consumer) {
        return container(taskId, containerName).map(c -> c.logs(consumer)).orElseGet(LineLog::empty);
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or ran
        }
    }

    private void killAll() {
        List.copyOf(tasks.keySet()).forEach(this::destroy);
    }

    private Optional<ProcessContainer> container(String taskId, String containerName) {
        ProcessTask task = tasks.get(taskId);
        return task == null ? Optional.empty() : Optional.ofNullable(task.containers().get(containerName));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover scratch directory harms nobody
        }
    }

    private interface Interruptible {
        void run() throws InterruptedException;
    }

    /** Stop/destroy must finish even if the caller is interrupted, or a process could be left running. */
    private static void uninterruptibly(Interruptible action) {
        boolean interrupted = false;
        while (true) {
            try {
                action.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private record ProcessTask(TaskSpec spec, Path scratch, Map<String, ProcessContainer> containers) {
    }
}
