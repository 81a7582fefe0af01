package dev.homeport.ecs.runner;

import dev.homeport.sts.ServiceRoles;
import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.ContainerLastStatus;
import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskSpecs;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.ExitResult;
import dev.homeport.runtime.HealthStatus;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskHandle;
import dev.homeport.runtime.TaskSpec;
import dev.homeport.runtime.TaskStartException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The core of one task's life, on its own virtual thread: PROVISIONING → PENDING → ACTIVATING → RUNNING →
 * DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED, each state recorded before the next step, so what
 * DescribeTasks shows is what the store holds. Everything that is not the order of states is someone else's:
 * the {@link TaskHook}s (secrets, environment, logs, health), the {@link DependsOnGate}, the
 * {@link StopSequence}, the {@link NetworkSandbox} and the {@link TaskRecord} that writes.
 */
final class TaskRun {
    private static final Logger LOG = Logger.getLogger(TaskRun.class.getName());
    static final String ESSENTIAL_EXITED = "Essential container in task exited";
    /** How often a waiting start and a running task look at the runtime (health, dependencies). */
    private static final Duration POLL = Duration.ofMillis(200);

    /** What wakes the task's thread. */
    enum Event { STOP, EXIT }

    /** What the runner gives every run. */
    record Context(TaskDriver driver, ExecutorService threads, Clock clock,
                   java.util.function.Function<String, com.fasterxml.jackson.databind.JsonNode> definitions,
                   dev.homeport.ecs.TaskNetworks networks, List<TaskHook> hooks, ServiceRoles roles) {
    }

    private final String taskArn;
    private final String taskId;
    private final TaskRecord record;
    private final Context ctx;
    private final Runnable finished;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, ExitResult> exits = new ConcurrentHashMap<>();
    private final Set<String> started = new HashSet<>();
    /** Set when the run launches, adopts or stops its task; read by the metadata endpoint's threads. */
    private volatile TaskLaunch launch;
    private boolean provisioned;
    private volatile boolean closed;

    /** @param finished called once the task is STOPPED (or the runner closed) */
    TaskRun(String taskArn, TaskRecord record, Context ctx, Runnable finished) {
        this.taskArn = taskArn;
        this.taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        this.record = record;
        this.ctx = ctx;
        this.finished = finished;
    }

    /** The launch, or null before the run has made one. */
    TaskLaunch currentLaunch() {
        return launch;
    }

    TaskRecord record() {
        return record;
    }

    /** Wakes the task's thread: a stop was requested. */
    void signalStop() {
        events.add(Event.STOP);
    }

    /** The runner is closing: the thread ends without touching the task (the next start recovers it). */
    void close() {
        closed = true;
    }

    // --- the three ways a run begins --------------------------------------------------------------------

    /** A task RunTask just recorded: start it, run it, stop it. */
    void launch() {
        try {
            if (stopRequested()) {
                stop();
                return;
            }
            launch = newLaunch();
            try {
                for (TaskHook hook : ctx.hooks()) {
                    hook.beforeProvision(launch);
                }
            } catch (TaskStartFailure e) {
                failToStart(e);
                return;
            }
            TaskSpec spec = TaskSpecs.of(record.current(), launch.definition(), launch.network(),
                    launch.takeEnvironment(), launch.registryLogin());
            // PENDING is recorded while the runtime provisions; the next update waits for it.
            Instant pullStarted = ctx.clock().instant();
            record.updateInBackground(t -> t.with(b -> b.lastStatus(TaskStatus.PENDING).pullStartedAt(pullStarted)));
            TaskHandle handle;
            try {
                handle = ctx.driver().provision(spec);
            } catch (TaskStartException e) {
                failToStart(new TaskStartFailure(e.reason(), e.containerName()));
                return;
            }
            spec = null; // it holds the secret values
            provisioned = true;
            // Recorded with the next state, so the first containers start without a write of their own.
            record.carry(NetworkSandbox.attached(handle, ctx.clock().instant()));
            try {
                for (TaskHook hook : ctx.hooks()) {
                    hook.afterProvision(launch);
                }
            } catch (TaskStartFailure e) {
                failToStart(e);
                return;
            }
            startContainers();
        } catch (Throwable e) {
            if (closed) {
                return;
            }
            LOG.log(Level.SEVERE, "task " + taskArn + " failed in the runner", e);
            try {
                record.settle();
            } catch (RuntimeException ignored) {
                // it failed too: the failure below is written from the record as it stands
            }
            try {
                failToStart(new TaskStartFailure("ResourceInitializationError: internal error while starting the task",
                        null));
            } catch (RuntimeException ignored) {
                // the record is gone or the store is closing
            }
        }
    }

    /** A task an earlier run of Homeport started, whose containers still run: watch it again. */
    void adopt() {
        try {
            launch = newLaunch();
            provisioned = true;
            for (ContainerDefinition c : containers()) {
                started.add(c.name());
                watch(c.name());
            }
            ctx.hooks().forEach(h -> h.adopted(launch));
            monitor();
        } catch (Throwable e) {
            if (!closed) {
                LOG.log(Level.SEVERE, "task " + taskArn + " could not be re-adopted", e);
            }
        }
    }

    /** A task to be stopped and nothing else (its start was cut short, or nobody was looking after it). */
    void stopOnly() {
        try {
            launch = newLaunch();
            provisioned = true;
            stop();
        } catch (Throwable e) {
            if (!closed) {
                LOG.log(Level.SEVERE, "task " + taskArn + " could not be stopped", e);
            }
        }
    }

    private TaskLaunch newLaunch() {
        Task task = record.current();
        return new TaskLaunch(record, taskArn, ctx.definitions().apply(task.taskDefinitionArn()), ctx.driver(),
                NetworkSandbox.request(task, ctx.networks()), ctx.roles());
    }

    private List<ContainerDefinition> containers() {
        return launch.definition().containerDefinitions();
    }

    private boolean stopRequested() {
        return record.current().desiredStatus() == TaskStatus.STOPPED;
    }

    // --- starting ------------------------------------------------------------------------------------------

    /** Starts containers as their dependencies allow, then records RUNNING and watches the task. */
    private void startContainers() throws InterruptedException {
        Set<String> startedThisPass = new HashSet<>();
        List<ContainerDefinition> containers = containers();
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
                DependsOnGate.Readiness readiness = DependsOnGate.check(c, started, exits,
                        name -> ctx.driver().inspect(taskId, name));
                if (readiness == DependsOnGate.Readiness.NEVER) {
                    decide(StopCode.TASK_FAILED_TO_START, "DependencyConditionNeverSatisfiedError: dependency of "
                            + "container " + c.name() + " can never be satisfied");
                    stop();
                    return;
                }
                if (readiness == DependsOnGate.Readiness.READY) {
                    try {
                        ctx.driver().startContainer(taskId, c.name());
                    } catch (TaskStartException e) {
                        containerReason(c.name(), e.reason());
                        decide(StopCode.TASK_FAILED_TO_START, e.reason());
                        stop();
                        return;
                    }
                    for (TaskHook hook : ctx.hooks()) {
                        hook.containerStarted(launch, c.name());
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
                decide(StopCode.ESSENTIAL_CONTAINER_EXITED, ESSENTIAL_EXITED);
                stop();
                return;
            }
            if (!progress) {
                if (record.carrying()) {
                    record.update(t -> t); // what was carried is recorded before the task waits
                }
                if (events.poll(POLL.toMillis(), TimeUnit.MILLISECONDS) == Event.EXIT) {
                    recordExits();
                }
            }
        }
        // The containers started in the last pass are recorded with the task's ACTIVATING state.
        markRunning(startedThisPass, TaskStatus.ACTIVATING);
        Instant now = ctx.clock().instant();
        record.update(t -> t.desiredStatus() == TaskStatus.STOPPED ? t
                : t.with(b -> b.lastStatus(TaskStatus.RUNNING).startedAt(now)));
        monitor();
    }

    private void markRunning(Set<String> names, TaskStatus taskStatus) {
        Set<String> copy = Set.copyOf(names);
        record.update(task -> {
            Task t = task.withContainers(c -> copy.contains(c.name()) && c.lastStatus() != ContainerLastStatus.STOPPED
                    ? c.with(b -> b.lastStatus(ContainerLastStatus.RUNNING)) : c);
            return taskStatus == null ? t : t.with(b -> b.lastStatus(taskStatus));
        });
    }

    /** Waits for a container's exit on a virtual thread of its own and reports it as an event. */
    private void watch(String name) {
        ctx.threads().execute(() -> {
            try {
                Optional<ExitResult> r = Optional.empty();
                while (r.isEmpty() && !closed) {
                    r = ctx.driver().awaitExit(taskId, name, Duration.ofSeconds(30));
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
        return containers().stream().anyMatch(c -> c.isEssential() && exits.containsKey(c.name()));
    }

    /** Records the exits seen so far on their containers. */
    private void recordExits() {
        Map<String, ExitResult> snapshot = new HashMap<>(exits);
        record.update(t -> t.withContainers(c -> {
            ExitResult exit = snapshot.get(c.name());
            if (exit == null || c.lastStatus() == ContainerLastStatus.STOPPED) {
                return c;
            }
            return c.with(b -> b.lastStatus(ContainerLastStatus.STOPPED).exitCode(exit.exitCode())
                    .reason(exit.reason() != null ? exit.reason() : c.reason()));
        }));
    }

    // --- running -------------------------------------------------------------------------------------------

    /** RUNNING: until an essential container exits or a stop is requested. */
    private void monitor() throws InterruptedException {
        runHooks();
        while (!closed) {
            Event e = events.poll(1, TimeUnit.SECONDS);
            if (e == Event.EXIT) {
                recordExits();
                if (essentialExited()) {
                    decide(StopCode.ESSENTIAL_CONTAINER_EXITED, ESSENTIAL_EXITED);
                    stop();
                    return;
                }
            } else if (e == Event.STOP || stopRequested()) {
                stop();
                return;
            }
            runHooks();
        }
    }

    private void runHooks() {
        for (TaskHook hook : ctx.hooks()) {
            UnaryOperator<Task> change = hook.whileRunning(launch);
            if (change != null) {
                record.update(change);
            }
        }
    }

    // --- stopping ------------------------------------------------------------------------------------------

    /** Records why the task stops, unless a reason is recorded already (a user's StopTask wins). */
    private void decide(StopCode code, String reason) {
        Instant now = ctx.clock().instant();
        record.update(t -> t.desiredStatus() == TaskStatus.STOPPED ? t : t.with(b -> b
                .desiredStatus(TaskStatus.STOPPED).stopCode(code).stoppedReason(reason).stoppingAt(now)));
    }

    private void containerReason(String name, String reason) {
        record.update(t -> t.withContainer(name, c -> c.with(b -> b.reason(reason))));
    }

    private void failToStart(TaskStartFailure failure) {
        if (failure.containerName() != null) {
            containerReason(failure.containerName(), failure.reason());
        }
        decide(StopCode.TASK_FAILED_TO_START, failure.reason());
        stop();
    }

    /**
     * DEACTIVATING → STOPPING (the {@link StopSequence}) → DEPROVISIONING (the sandbox removed) → STOPPED.
     */
    private void stop() {
        Instant now = ctx.clock().instant();
        record.update(t -> t.with(b -> b.stoppingAt(t.stoppingAt() == null ? now : t.stoppingAt())
                .desiredStatus(TaskStatus.STOPPED).lastStatus(TaskStatus.DEACTIVATING)));
        record.update(t -> t.with(b -> b.lastStatus(TaskStatus.STOPPING)));
        if (provisioned) {
            Map<String, ContainerState> states = StopSequence.stopAll(ctx.driver(), taskId, containers(), ctx.threads());
            Instant stoppedAt = ctx.clock().instant();
            record.update(t -> t.withContainers(c -> finalState(c, states.get(c.name()), exits.get(c.name())))
                    .with(b -> b.executionStoppedAt(stoppedAt).lastStatus(TaskStatus.DEPROVISIONING)));
            if (launch != null) {
                for (TaskHook hook : ctx.hooks()) {
                    hook.beforeDestroy(launch);
                }
            }
            try {
                ctx.driver().destroy(taskId);
            } catch (RuntimeException e) {
                // Its containers have exited (above): the task is STOPPED whatever is left of its sandbox, which
                // recovery removes at the next start. Never leave it in DEPROVISIONING.
                LOG.log(Level.WARNING, "removing the containers of " + taskArn + " failed", e);
            }
        } else {
            Instant stoppedAt = ctx.clock().instant();
            record.update(t -> t.withContainers(c -> c.with(b -> b.lastStatus(ContainerLastStatus.STOPPED)))
                    .with(b -> b.executionStoppedAt(stoppedAt).lastStatus(TaskStatus.DEPROVISIONING)));
        }
        if (launch != null) {
            launch.revokeExecutionRole();
        }
        Instant stopped = ctx.clock().instant();
        record.update(t -> NetworkSandbox.detached(t).with(b -> b.lastStatus(TaskStatus.STOPPED).stoppedAt(stopped)
                .healthStatus(t.healthStatus() == null ? HealthStatus.UNKNOWN : t.healthStatus())));
        finished.run();
    }

    /** A container once stopped: its exit code and reason as the runtime saw them, unless recorded already. */
    private static Container finalState(Container c, ContainerState state, ExitResult exit) {
        return c.with(b -> {
            if (state != null && state.exitCode() != null && c.exitCode() == null) {
                b.exitCode(state.exitCode());
            } else if (exit != null && c.exitCode() == null) {
                b.exitCode(exit.exitCode());
            }
            if (state != null && state.reason() != null && c.reason() == null) {
                b.reason(state.reason());
            }
            return b.lastStatus(ContainerLastStatus.STOPPED);
        });
    }
}
