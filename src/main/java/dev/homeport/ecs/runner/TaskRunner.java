package dev.homeport.ecs.runner;

import dev.homeport.sts.ServiceRoles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.ecs.EcsRepository;
import dev.homeport.ecs.TaskMetadata;
import dev.homeport.ecs.TaskRoleCredentials;
import dev.homeport.ecs.TaskNetworks;
import dev.homeport.ecs.TaskSupervisor;
import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.runtime.RecoveredTask;
import dev.homeport.runtime.TaskDriver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link TaskSupervisor} over a {@link TaskDriver}: one {@link TaskRun} per task, on a virtual thread of its
 * own, with the task's {@link TaskHook}s; StopTask reaches the task's run; at start, {@link #recover()} reconciles
 * the records with what the runtime still runs. A task never shows RUNNING when nothing runs, and nothing runs
 * without a record.
 *
 * <p>The hooks, in the order they are called: the secrets, the environment ECS gives every container, the
 * {@code awslogs} shipping (when there is a log sink), health. Secret values are resolved on the task's thread,
 * handed to the driver and dropped; they never reach the store or a log line.
 */
public final class TaskRunner implements TaskSupervisor {
    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());

    private final EcsRepository repository;
    private final TaskDriver driver;
    private final Clock clock;
    private final TaskNetworks networks;
    private final List<Supplier<TaskHook>> hooks;
    private final ServiceRoles roles;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, TaskRun> runs = new ConcurrentHashMap<>();
    private volatile EcsEnvironmentHook.Metadata metadata = EcsEnvironmentHook.Metadata.NONE;
    /** Homeport's registry as images name it, and the API the agent gets its login from; none until wired. */
    private volatile RegistryAuthHook registry;

    /**
     * @param networks where each subnet's block comes from: a task's private IP is in its subnet's block
     * @param logs     ships {@code awslogs} container output to CloudWatch Logs; null ships nothing
     * @param roles    the task roles ECS assumes: the execution role reads the secrets
     */
    public TaskRunner(EcsRepository repository, TaskDriver driver, SecretResolver secrets, Clock clock,
                      TaskNetworks networks, AwsLogsShipper logs, ServiceRoles roles) {
        this.repository = repository;
        this.roles = roles;
        this.driver = driver;
        this.clock = clock;
        this.networks = networks;
        List<Supplier<TaskHook>> all = new ArrayList<>();
        all.add(() -> registry != null ? registry : TaskHook.NONE);
        all.add(() -> new SecretsHook(secrets));
        // After the secrets: ECS's own variables win over a secret of the same name.
        all.add(() -> new EcsEnvironmentHook(metadata));
        all.add(() -> new TaskRoleHook(() -> metadata));
        if (logs != null) {
            all.add(() -> new AwsLogsHook(logs));
        }
        all.add(HealthHook::new);
        this.hooks = List.copyOf(all);
    }

    /**
     * Images in Homeport's registry ({@code registryHost/...}) are pulled from now on with a login got from
     * {@code ecr:GetAuthorizationToken} as each task's execution role.
     */
    public void pullImagesFrom(Supplier<String> registryHost, AgentApi api) {
        this.registry = new RegistryAuthHook(registryHost, api);
    }

    /**
     * Turns on the task metadata variables ({@code ECS_CONTAINER_METADATA_URI_V4}, {@code ECS_CONTAINER_METADATA_URI})
     * and the task role's credentials for tasks launched from now on.
     *
     * @param baseForHost  Homeport's base URL as seen from the host address a task sees, or empty when Homeport
     *                     doesn't listen where the task could reach it (the variables are then not set)
     * @param agentAddress where Homeport serves tasks at the agent's address, or null
     */
    public void serveTaskMetadata(Function<String, Optional<String>> baseForHost, TaskMetadata endpoint,
                                  TaskRoleCredentials credentials, String agentAddress) {
        this.metadata = new EcsEnvironmentHook.Metadata(baseForHost, endpoint, credentials, agentAddress);
    }

    /** A task this runner runs, by task id, unless STOPPED: what the task metadata endpoint shows. */
    public Optional<TaskMetadata.LiveTask> liveTask(String taskId) {
        for (Map.Entry<String, TaskRun> e : runs.entrySet()) {
            if (e.getKey().endsWith("/" + taskId)) {
                Task t = e.getValue().record().current();
                if (t.lastStatus() == TaskStatus.STOPPED) {
                    return Optional.empty();
                }
                TaskLaunch launch = e.getValue().currentLaunch();
                return Optional.of(launch == null ? new TaskMetadata.LiveTask(t, Map.of(), null)
                        : new TaskMetadata.LiveTask(t, logConfigurations(launch.definitionDocument(), taskId),
                        launch.taskRoleArn()));
            }
        }
        return Optional.empty();
    }

    /**
     * Each container's log driver and options as the metadata shows them: for {@code awslogs}, the stream the
     * output goes to ({@code awslogs-stream}) instead of its prefix, as the ECS agent reports it.
     */
    private static Map<String, TaskMetadata.LogConfiguration> logConfigurations(JsonNode definition, String taskId) {
        Map<String, TaskMetadata.LogConfiguration> out = new LinkedHashMap<>();
        for (JsonNode c : definition.path("containerDefinitions")) {
            JsonNode config = c.path("logConfiguration");
            String driver = config.path("logDriver").asText("");
            if (driver.isEmpty()) {
                continue;
            }
            Map<String, String> options = new TreeMap<>();
            config.path("options").properties().forEach(o -> options.put(o.getKey(), o.getValue().asText()));
            if (driver.equals("awslogs")) {
                options.remove("awslogs-stream-prefix");
                options.put("awslogs-stream", AwsLogsShipper.streamName(config.path("options"), c.path("name").asText(),
                        taskId));
            }
            out.put(c.path("name").asText(), new TaskMetadata.LogConfiguration(driver, options));
        }
        return out;
    }

    @Override
    public void launch(List<Task> tasks) {
        for (Task t : tasks) {
            threads.execute(newRun(t.taskArn())::launch);
        }
    }

    @Override
    public Task requestStop(String taskArn, StopCode code, String reason) {
        TaskRun run = runs.get(taskArn);
        TaskRecord record = run != null ? run.record() : new TaskRecord(taskArn, repository, threads);
        Task after = record.update(t -> t.lastStatus() == TaskStatus.STOPPED || t.desiredStatus() == TaskStatus.STOPPED
                ? t : t.with(b -> b.desiredStatus(TaskStatus.STOPPED).stopCode(code)
                .stoppedReason(reason).stoppingAt(clock.instant())));
        if (run != null) {
            run.signalStop();
        } else if (after.lastStatus() != TaskStatus.STOPPED) {
            // Nobody looks after it (a failed recovery): settle it here.
            threads.execute(newRun(taskArn)::stopOnly);
        }
        return after;
    }

    /**
     * Reconciles the records with what the runtime still runs: a task recorded RUNNING whose containers still run
     * is re-adopted; a task caught mid-start, or with nothing running, is stopped; containers no record knows are
     * removed.
     */
    @Override
    public void recover() {
        Map<String, RecoveredTask> found = new HashMap<>();
        for (RecoveredTask r : recoverFromDriver()) {
            found.put(r.taskArn(), r);
        }
        Set<String> known = new HashSet<>();
        for (Task t : repository.unstoppedTasks()) {
            known.add(t.taskArn());
            RecoveredTask r = found.get(t.taskArn());
            TaskRun run = newRun(t.taskArn());
            if (r != null && r.anyRunning() && t.lastStatus() == TaskStatus.RUNNING) {
                LOG.info("re-adopting task " + t.taskArn());
                threads.execute(run::adopt);
                continue;
            }
            String reason = r != null && r.anyRunning()
                    ? "Task was starting when Homeport stopped; it was stopped on restart"
                    : "Task containers were no longer running when Homeport restarted";
            boolean wasRunning = t.lastStatus() == TaskStatus.RUNNING || t.lastStatus() == TaskStatus.DEACTIVATING
                    || t.lastStatus() == TaskStatus.STOPPING;
            StopCode code = wasRunning ? StopCode.ESSENTIAL_CONTAINER_EXITED : StopCode.TASK_FAILED_TO_START;
            run.record().update(x -> x.desiredStatus() == TaskStatus.STOPPED ? x : x.with(b -> b
                    .desiredStatus(TaskStatus.STOPPED).stopCode(code).stoppedReason(reason).stoppingAt(clock.instant())));
            threads.execute(run::stopOnly);
        }
        for (RecoveredTask r : found.values()) {
            if (!known.contains(r.taskArn())) {
                LOG.info("destroying orphan task " + r.taskArn());
                driver.destroy(r.taskId());
            }
        }
    }

    /**
     * The runtime's view of what still runs. Retried briefly: right after a previous server stopped, the runtime
     * may still be finishing that server's cleanup (Docker answers 409 for a removal in progress).
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

    private TaskRun newRun(String taskArn) {
        List<TaskHook> taskHooks = hooks.stream().map(Supplier::get).toList();
        TaskRun.Context ctx = new TaskRun.Context(driver, threads, clock, this::definitionDocument, networks, taskHooks,
                roles);
        TaskRun run = new TaskRun(taskArn, new TaskRecord(taskArn, repository, threads), ctx,
                () -> runs.remove(taskArn));
        runs.put(taskArn, run);
        return run;
    }

    private JsonNode definitionDocument(String taskDefinitionArn) {
        return repository.taskDefinition(taskDefinitionArn)
                .orElseThrow(() -> new IllegalStateException("no task definition " + taskDefinitionArn))
                .document();
    }

    @Override
    public void close() {
        runs.values().forEach(TaskRun::close);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
