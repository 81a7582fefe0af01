package dev.homeport.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs ECS tasks on some backend (Docker engine, local processes, ...). The ECS {@code TaskSupervisor}
 * drives it and owns every ECS decision: {@code essential}, {@code dependsOn}, stop codes, timestamps.
 * A driver only does what it is told and reports what it sees.
 *
 * <h2>Lifecycle</h2>
 * {@link #provision} (network sandbox, images, containers created but not started) → {@link #startContainer}
 * per container in the order the supervisor chooses → {@link #inspect}/{@link #awaitExit} → {@link #stop}
 * → {@link #destroy}. {@link #start} is provision plus starting every container in spec order.
 *
 * <h2>Thread safety</h2>
 * Implementations are thread-safe: any method may be called from any thread, concurrently, for the
 * same or different tasks. Blocking methods ({@link #awaitExit}, {@link #stop}) block only the caller;
 * call them from virtual threads freely.
 *
 * <h2>Missing things</h2>
 * A task or container the driver doesn't know (never provisioned, destroyed, or removed behind Homeport's
 * back) is never an exception except where noted: {@link #inspect} returns empty, {@link #awaitExit}
 * returns {@link ExitResult#missing}, {@link #stop}/{@link #destroy} do nothing, {@link #logs} completes
 * at once. So a task can never look RUNNING when nothing runs.
 */
public interface TaskDriver extends AutoCloseable {

    /** What this driver really enforces. Constant for the driver's lifetime. */
    DriverCapabilities capabilities();

    /**
     * Prepares a task without starting any container: resolves (pulls if needed) every image,
     * acquires the task's network sandbox, creates every container with its limits, health check and labels.
     *
     * @return the task's network attachment and created containers
     * @throws TaskStartException when something can't be prepared; then nothing of the task remains
     *         (no destroy needed). {@link TaskStartException#reason()} has ECS's text, e.g. CannotPullContainerError
     * @throws IllegalStateException when a task with this id already exists in the driver
     */
    TaskHandle provision(TaskSpec spec);

    /**
     * Starts one provisioned container. Starting a running or exited container does nothing
     * (an exited container is not restarted: ECS never restarts containers).
     *
     * @throws TaskStartException (CannotStartContainerError) when the backend refuses, or the
     *         container doesn't exist. The task's other containers are left as they are.
     */
    void startContainer(String taskId, String containerName);

    /**
     * The host's address as seen from a task on {@code network}: where a task reaches services of the
     * server itself (Homeport's task metadata endpoint). Empty when tasks can't reach the host.
     */
    default Optional<String> hostAddress(NetworkRequest network) {
        return Optional.empty();
    }

    /**
     * The address at which every task reaches the ECS agent's endpoints inside its own network, as on ECS
     * ({@code 169.254.170.2}): the host, where Homeport may listen for tasks only. Empty when the runtime has none.
     */
    default Optional<String> agentAddress() {
        return Optional.empty();
    }

    /**
     * The address a task's containers send from when they reach {@link #agentAddress()}: how the agent's endpoints
     * tell which task is asking. Empty when the task is missing or the runtime has no agent address.
     */
    default Optional<String> agentClientAddress(String taskId) {
        return Optional.empty();
    }

    /**
     * A container's resource usage in the Docker Engine API's stats document ({@code GET /containers/{id}/stats}:
     * {@code read}, {@code cpu_stats}, {@code precpu_stats}, {@code memory_stats}, {@code networks}, ...), the shape
     * the ECS agent's metadata endpoint serves. {@code networks} holds the task network's counters (a task's
     * containers share one network namespace). Empty when the container is missing or the runtime has no such stats.
     * Takes about a second: the engine samples CPU twice.
     */
    default Optional<byte[]> stats(String taskId, String containerName) {
        return Optional.empty();
    }

    /** A snapshot of one container; empty when the task or container is missing. Never blocks long. */
    Optional<ContainerState> inspect(String taskId, String containerName);

    /** Snapshots of all containers of a task, in spec order when known; empty when the task is missing. */
    List<ContainerState> inspectTask(String taskId);

    /**
     * Waits until the container has exited (it may not have been started yet).
     *
     * @return the exit, at once if it already exited, {@link ExitResult#missing} if the container doesn't
     *         exist or vanishes while waiting; empty if {@code timeout} passed first
     */
    Optional<ExitResult> awaitExit(String taskId, String containerName, Duration timeout) throws InterruptedException;

    /**
     * Stops one container as {@code docker stop} / ECS StopTask do: SIGTERM to its main process, then
     * SIGKILL after {@code grace}. Blocks until it has exited. Does nothing when it is missing, not started,
     * or already exited. The Docker engine counts the grace in whole seconds (rounded up).
     */
    void stop(String taskId, String containerName, Duration grace);

    /**
     * Removes everything of the task: containers (killed if still running), network sandbox, scratch
     * files; its private IP becomes free. Idempotent; logs are gone afterwards.
     */
    void destroy(String taskId);

    /**
     * Lists the tasks this backend still holds, found from what the backend itself records (labels),
     * so a restarted server can re-adopt tasks it has records for and {@link #destroy} the others.
     * Also reclaims leftovers that belong to no task (e.g. idle pooled sandboxes of a dead server).
     * Call it at startup, before provisioning. Drivers that can't recover (see
     * {@link DriverCapabilities#recoverable()}) return an empty list.
     */
    List<RecoveredTask> recover();

    /**
     * Streams a container's stdout and stderr, line by line: first the lines already written, then new ones
     * until the container exits (or the subscription is closed). The consumer is called from a driver thread,
     * one line at a time per subscription, in order per stream; it must return quickly. Subscribe after
     * {@link #startContainer}. A missing container gives a subscription that completes with no lines.
     */
    LogSubscription logs(String taskId, String containerName, Consumer<LogLine> consumer);

    /**
     * Releases the driver's own resources (connections, idle pooled sandboxes, threads). Running tasks
     * keep running when the backend can outlive the server (Docker); drivers that can't (processes) kill them.
     */
    @Override
    void close();
}
