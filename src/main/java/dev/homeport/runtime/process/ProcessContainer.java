package dev.homeport.runtime.process;

import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.ContainerStatus;
import dev.homeport.runtime.ExitResult;
import dev.homeport.runtime.HealthStatus;
import dev.homeport.runtime.LogLine;
import dev.homeport.runtime.LogSubscription;
import dev.homeport.runtime.TaskStartException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One "container" of the process driver: a child process plus its captured output and health. */
final class ProcessContainer {

    private static final int LOG_BACKLOG_LINES = 10_000;
    /** How long to wait for the output pipes to drain after the process exited. A descendant that
     *  inherited the pipes may keep them open forever; Docker would have killed it with the container. */
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(1);

    private final ContainerSpec spec;
    private final String runtimeId;
    private final Map<String, String> env;
    private final Path workDir;
    private final Path scratch;
    private final ProcessSandbox sandbox;
    private final LineLog log = new LineLog(LOG_BACKLOG_LINES);
    private final CompletableFuture<ExitResult> exit = new CompletableFuture<>();

    private Process process; // guarded by this
    private boolean destroyed; // guarded by this
    private HealthProber prober; // guarded by this
    private Thread proberThread; // guarded by this
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile Integer exitCode;

    /**
     * @param workDir where the command starts
     * @param scratch the task's own directory, the one it may write to
     */
    ProcessContainer(ContainerSpec spec, String runtimeId, Map<String, String> env, Path workDir, Path scratch,
                     ProcessSandbox sandbox) {
        this.spec = spec;
        this.runtimeId = runtimeId;
        this.env = env;
        this.workDir = workDir;
        this.scratch = scratch;
        this.sandbox = sandbox;
    }

    String name() {
        return spec.name();
    }

    String runtimeId() {
        return runtimeId;
    }

    synchronized void start() {
        if (process != null) {
            return; // ECS never restarts a container; starting twice is a no-op
        }
        if (destroyed) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_START_CONTAINER, spec.name(),
                    "container was destroyed", null);
        }
        requireExecutable();
        ProcessBuilder pb = new ProcessBuilder(sandbox.command(spec.argv(), scratch, workDir, spec.user()))
                .directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_START_CONTAINER, spec.name(),
                    "failed to start process " + spec.argv() + ": " + e.getMessage(), e);
        }
        startedAt = Instant.now();
        Process p = process;
        // The output pipes are read on platform threads: a virtual thread blocked in a pipe read holds a carrier
        // thread (the JDK adds one per blocked read, up to 256), so a hundred tasks' pumps would leave none for the
        // rest of Homeport, its HTTP requests included.
        Thread out = Thread.ofPlatform().daemon().name("out-" + runtimeId)
                .start(() -> pump(p.getInputStream(), LogLine.Stream.STDOUT));
        Thread err = Thread.ofPlatform().daemon().name("err-" + runtimeId)
                .start(() -> pump(p.getErrorStream(), LogLine.Stream.STDERR));
        Thread.ofVirtual().name("exit-" + runtimeId).start(() -> watchExit(p, out, err));
        if (spec.healthCheck() != null) {
            prober = new HealthProber(spec.healthCheck(), env,
                    argv -> sandbox.command(argv, scratch, workDir, spec.user()), workDir, p::isAlive);
            proberThread = Thread.ofVirtual().name("health-" + runtimeId).start(prober);
        }
    }

    /**
     * Docker refuses to start a container whose command is not there (CannotStartContainerError); in the sandbox
     * the command would only fail once started, so it is looked up first, by path or in the container's PATH.
     */
    private void requireExecutable() {
        String command = spec.argv().getFirst();
        boolean found = command.contains("/") ? Files.isExecutable(workDir.resolve(command))
                : Arrays.stream(env.getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
        if (!found) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_START_CONTAINER, spec.name(),
                    "failed to start process " + spec.argv() + ": " + command + ": no such executable", null);
        }
    }

    private void pump(InputStream in, LogLine.Stream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.append(new LogLine(Instant.now(), stream, line));
            }
        } catch (IOException e) {
            // the pipe was closed under us (process killed): nothing more to read
        }
    }

    private void watchExit(Process p, Thread out, Thread err) {
        int code;
        try {
            code = p.waitFor(); // the JDK reports 128+signal for a signalled process, as Docker does
        } catch (InterruptedException e) {
            return;
        }
        finishedAt = Instant.now();
        exitCode = code;
        try {
            out.join(DRAIN_AFTER_EXIT);
            err.join(DRAIN_AFTER_EXIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.complete();
        exit.complete(new ExitResult(code, finishedAt, null));
    }

    ContainerState state() {
        ContainerStatus status;
        synchronized (this) {
            status = process == null ? ContainerStatus.CREATED
                    : exitCode != null ? ContainerStatus.EXITED : ContainerStatus.RUNNING;
        }
        HealthStatus health = prober == null ? HealthStatus.UNKNOWN : prober.status();
        return new ContainerState(spec.name(), runtimeId, status, exitCode, health, startedAt, finishedAt, null);
    }

    /** @return the exit, or null on timeout */
    ExitResult awaitExit(Duration timeout) throws InterruptedException {
        try {
            return exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** SIGTERM to the main process (like {@code docker stop}), SIGKILL to it and its descendants after grace. */
    void stop(Duration grace) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            awaitIfStarted(p);
            return;
        }
        // Signals go to the container's main process, as docker stop sends them; in the sandbox it is its PID
        // namespace's init, so when it goes every other process of the container goes with it.
        ProcessHandle main = sandbox.mainProcess(p).orElse(p.toHandle());
        List<ProcessHandle> descendants = p.descendants().toList();
        if (grace.isPositive()) {
            main.destroy(); // SIGTERM
        }
        if (!p.waitFor(Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS)) {
            main.destroyForcibly(); // SIGKILL
            p.destroyForcibly();
        }
        // Without a sandbox there is no PID namespace to take the rest along: kill the descendants we saw.
        descendants.forEach(ProcessHandle::destroyForcibly);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        awaitIfStarted(p);
    }

    private void awaitIfStarted(Process p) throws InterruptedException {
        if (p != null) {
            p.waitFor();
            awaitExit(DRAIN_AFTER_EXIT.multipliedBy(2));
        }
    }

    void destroy() throws InterruptedException {
        synchronized (this) {
            destroyed = true;
            if (proberThread != null) {
                proberThread.interrupt();
            }
        }
        stop(Duration.ZERO);
        log.complete();
    }

    LogSubscription logs(Consumer<LogLine> consumer) {
        return log.subscribe(consumer);
    }
}
