package dev.homeport.ecs;

import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.EcsRepository.TaskDefinitionRecord;
import dev.homeport.ecs.ServiceStore.StoredService;
import dev.homeport.ecs.model.Deployment;
import dev.homeport.ecs.model.DeploymentStatus;
import dev.homeport.ecs.model.RolloutState;
import dev.homeport.ecs.model.Service;
import dev.homeport.ecs.model.ServiceEvent;
import dev.homeport.ecs.model.ServiceStatus;
import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.runtime.HealthStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * ECS's service scheduler for the rolling update ({@code ECS}) deployment controller: keeps each ACTIVE service at
 * its desired count, rolls a new deployment out within {@code maximumPercent} and {@code minimumHealthyPercent},
 * replaces tasks that stop or fail their container health checks, trips the deployment circuit breaker, and drains a
 * deleted service. Once a second (and at once after an API change) it reconciles every service with its tasks.
 *
 * <p>It keeps no state of its own that matters: what a service should be is in the {@link ServiceStore}, and what it
 * has is read from its tasks (a task belongs to the deployment whose id is its {@code startedBy}). Tasks are stored
 * before they are launched, so after a restart the re-adopted tasks count and nothing is started twice; a rollout
 * half done simply continues. Only the launch throttle (the back-off after tasks keep failing to start) lives in
 * memory.
 */
public final class ServiceScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServiceScheduler.class.getName());
    /**
     * ECS: "If a task has no essential containers with a health check defined, the service scheduler will wait for
     * 40 seconds after a task reaches a RUNNING state before the task is counted towards the minimum healthy percent
     * total" (DeploymentConfiguration.minimumHealthyPercent).
     */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(40);
    /** DescribeServices shows "a maximum of 100 of the latest events". */
    static final int MAX_EVENTS = 100;
    /** ECS repeats a message only after the cause was resolved or 6 hours have passed. */
    static final Duration REPEAT_AFTER = Duration.ofHours(6);
    /** The service throttle's longest wait between launch attempts (service-throttle-logic: 15 minutes). */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    static final String HEALTH_CHECK_REASON = "Task failed container health checks";

    private final ServiceStore store;
    private final EcsRepository repository;
    private final TaskOperations tasks;
    private final TaskSupervisor supervisor;
    private final Clock clock;
    private final Duration settle;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "homeport-service-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean queued = new AtomicBoolean();
    /** Per service ARN: no launch before this instant (the throttle, or a launch that failed). */
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

    /**
     * @param settle how long a RUNNING task without health checks must run before it counts as healthy (ECS: 40 s)
     */
    public ServiceScheduler(ServiceStore store, EcsRepository repository, TaskOperations tasks,
                            TaskSupervisor supervisor, Clock clock, Duration settle) {
        this.store = store;
        this.repository = repository;
        this.tasks = tasks;
        this.supervisor = supervisor;
        this.clock = clock;
        this.settle = settle;
    }

    /** Starts reconciling, once the task runtime has re-adopted the last run's tasks. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            timer.scheduleWithFixedDelay(this::reconcileAll, 0, 1, TimeUnit.SECONDS);
        }
    }

    /** Reconciles soon, without waiting for the next second: a service was created, changed or deleted. */
    void wake() {
        if (started.get() && queued.compareAndSet(false, true)) {
            timer.execute(() -> {
                queued.set(false);
                reconcileAll();
            });
        }
    }

    private void reconcileAll() {
        for (StoredService s : store.live()) {
            try {
                reconcile(s);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reconciling " + s.service().serviceArn() + " failed; will try again", e);
            }
        }
    }

    // ---------------------------------------------------------------- one round for one service

    /** What one round decided: events, deployment changes, and what it did to tasks. */
    private final class Round {
        final Service service;
        final Instant now = clock.instant();
        final List<String> events = new ArrayList<>();
        final Map<String, Deployment> changed = new LinkedHashMap<>();
        final List<String> removed = new ArrayList<>();
        /** Tasks this round asked to stop: no longer live, whatever the view read before says. */
        final java.util.Set<String> stopped = new java.util.HashSet<>();
        /** Tasks stopped for failing their health checks this round, which the next start replaces. */
        int unhealthy;
        Deployment rollback;
        Deployment completed;
        boolean inactive;

        Round(Service service) {
            this.service = service;
        }

        String name() {
            return "(service " + service.serviceName() + ")";
        }

        void stop(List<Task> stopping, String reason) {
            if (stopping.isEmpty()) {
                return;
            }
            List<Task> running = new ArrayList<>();
            int pending = 0;
            for (Task t : stopping) {
                supervisor.requestStop(t.taskArn(), StopCode.SERVICE_SCHEDULER_INITIATED, reason);
                stopped.add(t.taskArn());
                if (t.lastStatus() == TaskStatus.RUNNING) {
                    running.add(t);
                } else {
                    pending++;
                }
            }
            if (!running.isEmpty()) {
                events.add(name() + " has stopped " + running.size() + " running tasks: " + ids(running) + ".");
            }
            if (pending > 0) {
                events.add(name() + " stopped " + pending + " pending tasks.");
            }
        }
    }

    private static String ids(List<Task> list) {
        return list.stream().map(t -> "(task " + t.taskId() + ")").collect(Collectors.joining(" "));
    }

    void reconcile(StoredService stored) {
        Service s = stored.service();
        Round round = new Round(s);
        ServiceTasks view = ServiceTasks.of(repository, s);

        replaceUnhealthy(round, view);
        Deployment primary = countFailures(round, view, s.primary());
        if (s.status() == ServiceStatus.DRAINING) {
            drain(round, view);
        } else {
            primary = circuitBreaker(round, stored, primary);
            roll(round, view, primary);
        }
        save(stored, round);
    }

    /**
     * A RUNNING task whose container health checks fail, past the grace period, is stopped and replaced; it counts
     * as a failed task of its deployment.
     */
    private void replaceUnhealthy(Round round, ServiceTasks view) {
        Duration grace = Duration.ofSeconds(round.service.healthCheckGracePeriodSeconds() == null ? 0
                : round.service.healthCheckGracePeriodSeconds());
        for (Task t : view.live()) {
            if (t.lastStatus() == TaskStatus.RUNNING && t.healthStatus() == HealthStatus.UNHEALTHY
                    && t.startedAt() != null && !t.startedAt().plus(grace).isAfter(round.now)) {
                round.events.add(round.name() + " (task " + t.taskId() + ") failed container health checks.");
                round.stop(List.of(t), HEALTH_CHECK_REASON);
                round.unhealthy++;
            }
        }
    }

    /**
     * The deployment's failedTasks: its tasks that stopped before they ever counted as healthy (failed to start,
     * exited, or were stopped for failing health checks). As ECS documents, once one of its tasks runs healthy the
     * count is zero and no longer evaluated.
     */
    private Deployment countFailures(Round round, ServiceTasks view, Deployment deployment) {
        Deployment primary = deployment;
        String id = primary.id();
        List<Task> mine = view.all().stream().filter(t -> id.equals(t.startedBy())).toList();
        int failed = 0;
        for (Task t : mine) {
            if (ServiceTasks.isHealthy(t) && settled(t, round.now) || wasHealthy(t)) {
                failed = 0;
                break;
            }
            if (failedBeforeHealthy(t)) {
                failed++;
            }
        }
        if (primary.failedTasks() == null || failed != primary.failedTasks()) {
            primary = primary.withFailedTasks(failed);
            round.changed.put(primary.id(), primary);
        }
        return primary;
    }

    private boolean settled(Task t, Instant now) {
        return ServiceTasks.hasHealthChecks(t) || t.startedAt() != null && !t.startedAt().plus(settle).isAfter(now);
    }

    /** A stopped task that had counted as healthy before it stopped. */
    private boolean wasHealthy(Task t) {
        if (t.lastStatus() != TaskStatus.STOPPED || t.startedAt() == null) {
            return false;
        }
        if (ServiceTasks.hasHealthChecks(t)) {
            return t.healthStatus() == HealthStatus.HEALTHY;
        }
        Instant end = t.executionStoppedAt() != null ? t.executionStoppedAt() : t.stoppedAt();
        return end != null && !t.startedAt().plus(settle).isAfter(end);
    }

    private boolean failedBeforeHealthy(Task t) {
        if (t.lastStatus() != TaskStatus.STOPPED || wasHealthy(t)) {
            return false;
        }
        if (t.stopCode() == StopCode.SERVICE_SCHEDULER_INITIATED) {
            return HEALTH_CHECK_REASON.equals(t.stoppedReason());
        }
        return t.stopCode() != StopCode.USER_INITIATED;
    }

    /**
     * The deployment circuit breaker: with {@code enable}, a primary deployment in progress whose failedTasks reach
     * the threshold (half the desired count, at least 3 and at most 200) fails and launches nothing more; with
     * {@code rollback}, a new deployment of the last completed one takes over.
     */
    private Deployment circuitBreaker(Round round, StoredService stored, Deployment primary) {
        Service s = round.service;
        if (!s.deploymentConfiguration().circuitBreakerEnabled() || primary.rolloutState() != RolloutState.IN_PROGRESS
                || primary.failedTasks() < threshold(s.desiredCount())) {
            return primary;
        }
        Deployment failed = primary.withRollout(RolloutState.FAILED,
                "ECS deployment circuit breaker: tasks failed to start.", round.now);
        round.changed.put(failed.id(), failed);
        round.events.add(round.name() + " (deployment " + failed.id() + ") deployment failed: tasks failed to start.");
        Deployment target = stored.rollbackTo();
        if (!s.deploymentConfiguration().rollsBack() || target == null || target.id().equals(failed.id())) {
            return failed;
        }
        // ECS rolls back with a new deployment of the last completed one, under that deployment's id.
        round.rollback = new Deployment(target.id(), DeploymentStatus.PRIMARY, target.taskDefinition(),
                s.desiredCount(), 0, 0, 0, round.now, round.now, target.launchType(), target.platformVersion(),
                target.platformFamily(), target.networkConfiguration(), RolloutState.IN_PROGRESS,
                "ECS deployment circuit breaker: rolling back to deploymentId " + target.id() + ".");
        round.events.add(round.name() + " rolling back to deployment " + target.id() + ".");
        return round.rollback;
    }

    static int threshold(int desiredCount) {
        return Math.min(200, Math.max(3, (desiredCount + 1) / 2));
    }

    /** A deleted service: every task stopped, then INACTIVE. */
    private void drain(Round round, ServiceTasks view) {
        List<Task> live = view.live();
        round.stop(live, "Scaling activity initiated by (deployment " + round.service.primary().id() + ")");
        if (live.isEmpty()) {
            round.inactive = true;
        }
    }

    /**
     * One step of the rolling update: start the primary deployment's missing tasks within maximumPercent, stop older
     * deployments' tasks while minimumHealthyPercent of the desired count stays healthy, drop deployments without
     * tasks, and complete the primary one when it alone runs the desired count, healthy.
     */
    private void roll(Round round, ServiceTasks view, Deployment primary) {
        Service s = round.service;
        int desired = s.desiredCount();
        int maxTotal = desired * s.deploymentConfiguration().maximumPercent() / 100;
        int minHealthy = (desired * s.deploymentConfiguration().minimumHealthyPercent() + 99) / 100;
        List<Task> live = new ArrayList<>(view.live().stream().filter(t -> !round.stopped.contains(t.taskArn()))
                .toList());
        List<Task> primaryLive = live.stream().filter(t -> primary.id().equals(t.startedBy())).toList();
        String scaling = "Scaling activity initiated by (deployment " + primary.id() + ")";

        // Scale in: the primary deployment has more than the desired count (the least useful tasks go first).
        if (primaryLive.size() > desired) {
            List<Task> excess = leastUseful(primaryLive).subList(0, primaryLive.size() - desired);
            round.stop(excess, scaling);
            live.removeAll(excess);
            primaryLive = primaryLive.stream().filter(t -> !excess.contains(t)).toList();
        }

        // Start: what the primary deployment lacks, as far as maximumPercent allows. A failed deployment launches
        // nothing more (the circuit breaker without rollback).
        int wanted = Math.min(desired - primaryLive.size(), maxTotal - live.size());
        if (wanted > 0 && primary.rolloutState() != RolloutState.FAILED && launchAllowed(round, view, primary)) {
            List<Task> startedNow = launch(round, primary, wanted, live);
            live.addAll(startedNow);
        }

        // Stop older deployments' tasks: pending and unhealthy ones at once; a running one only while at least
        // minimumHealthyPercent of the desired count stays RUNNING and healthy without it. After a failed deployment
        // without rollback, ECS leaves the older tasks alone.
        if (primary.rolloutState() != RolloutState.FAILED) {
            List<Task> old = live.stream().filter(t -> !primary.id().equals(t.startedBy())).toList();
            int healthy = (int) live.stream().filter(t -> healthyNow(t, round.now)).count();
            int running = (int) live.stream().filter(ServiceScheduler::runningWell).count();
            List<Task> stopping = new ArrayList<>();
            for (Task t : leastUseful(old)) {
                if (!runningWell(t)) {
                    stopping.add(t);
                    continue;
                }
                int healthyAfter = healthy - (healthyNow(t, round.now) ? 1 : 0);
                if (healthyAfter >= minHealthy && running - 1 >= minHealthy) {
                    stopping.add(t);
                    healthy = healthyAfter;
                    running--;
                }
            }
            round.stop(stopping, scaling);
            live.removeAll(stopping);
        }

        // Older deployments with no task left leave the list.
        for (Deployment d : s.deployments()) {
            if (!d.id().equals(primary.id()) && live.stream().noneMatch(t -> d.id().equals(t.startedBy()))) {
                round.removed.add(d.id());
            }
        }

        boolean alone = s.deployments().stream().allMatch(d -> d.id().equals(primary.id())
                || round.removed.contains(d.id()));
        long primaryHealthy = live.stream().filter(t -> primary.id().equals(t.startedBy()) && healthyNow(t, round.now))
                .count();
        boolean steady = alone && primaryHealthy == desired
                && live.stream().filter(t -> primary.id().equals(t.startedBy())).count() == desired;
        if (steady && primary.rolloutState() == RolloutState.IN_PROGRESS) {
            round.completed = primary.withRollout(RolloutState.COMPLETED, "ECS deployment " + primary.id()
                    + " completed.", round.now);
            round.changed.put(primary.id(), round.completed);
            round.events.add(round.name() + " (deployment " + primary.id() + ") deployment completed.");
        }
        if (steady && !lastEventIsSteadyState(s, round)) {
            round.events.add(round.name() + " has reached a steady state.");
        }
    }

    /** Healthy as minimumHealthyPercent counts: HEALTHY, or without health checks RUNNING for the settle time. */
    private boolean healthyNow(Task t, Instant now) {
        return ServiceTasks.isHealthy(t) && settled(t, now);
    }

    /** RUNNING and not failing its health checks: a task whose stop would lower what the service serves. */
    private static boolean runningWell(Task t) {
        return t.lastStatus() == TaskStatus.RUNNING && t.healthStatus() != HealthStatus.UNHEALTHY;
    }

    /** Not yet running first, then unhealthy, then the newest: the order in which tasks are best stopped. */
    private static List<Task> leastUseful(List<Task> list) {
        return list.stream().sorted(Comparator
                        .comparing((Task t) -> t.lastStatus() == TaskStatus.RUNNING)
                        .thenComparing(t -> t.healthStatus() != HealthStatus.UNHEALTHY)
                        .thenComparing(Task::createdAt, Comparator.reverseOrder()))
                .toList();
    }

    private static boolean lastEventIsSteadyState(Service s, Round round) {
        if (!round.events.isEmpty()) {
            return false;
        }
        return !s.events().isEmpty() && s.events().getFirst().message().endsWith(" has reached a steady state.");
    }

    /**
     * The service throttle: after tasks of the deployment keep failing to start (three in a row), the next launch
     * waits, longer each time up to 15 minutes; an API change or a task that starts ends it.
     */
    private boolean launchAllowed(Round round, ServiceTasks view, Deployment primary) {
        Instant wait = notBefore.get(round.service.serviceArn());
        if (wait != null && round.now.isBefore(wait)) {
            return false;
        }
        List<Task> mine = view.all().stream().filter(t -> primary.id().equals(t.startedBy())).toList();
        int consecutive = 0;
        Instant lastFailure = null;
        for (Task t : mine) {
            if (t.startedAt() != null) {
                consecutive = 0;
            } else if (t.lastStatus() == TaskStatus.STOPPED && t.stopCode() == StopCode.TASK_FAILED_TO_START) {
                consecutive++;
                lastFailure = t.stoppedAt();
            }
        }
        if (consecutive < 3 || lastFailure == null) {
            return true;
        }
        long factor = 1L << Math.min(20, consecutive - 3);
        Duration delay = Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 10 * factor));
        if (round.now.isBefore(lastFailure.plus(delay))) {
            addOnce(round, round.name() + " is unable to consistently start tasks successfully. For more "
                    + "information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
            return false;
        }
        return true;
    }

    /** Adds an event unless the same message was shown in the last 6 hours (ECS leaves such repeats out). */
    private void addOnce(Round round, String message) {
        boolean recent = round.service.events().stream().anyMatch(e -> e.message().equals(message)
                && e.createdAt().plus(REPEAT_AFTER).isAfter(round.now));
        if (!recent && !round.events.contains(message)) {
            round.events.add(message);
        }
    }

    /** Starts {@code count} tasks of the deployment, each in the service's subnet with the fewest of its tasks. */
    private List<Task> launch(Round round, Deployment d, int count, List<Task> live) {
        Service s = round.service;
        try {
            ClusterRecord cluster = repository.cluster(s.clusterArn()).orElseThrow(EcsErrors::clusterNotFound);
            TaskDefinitionRecord td = repository.taskDefinition(d.taskDefinition())
                    .orElseThrow(EcsErrors::taskDefinitionDoesNotExist);
            List<TaskNetworks.SubnetInfo> subnets = tasks.subnets(d.networkConfiguration());
            Map<String, Integer> perSubnet = new HashMap<>();
            for (Task t : live) {
                perSubnet.merge(subnetOf(t), 1, Integer::sum);
            }
            List<TaskNetworks.SubnetInfo> chosen = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TaskNetworks.SubnetInfo pick = subnets.stream()
                        .min(Comparator.comparingInt(n -> perSubnet.getOrDefault(n.id(), 0))).orElseThrow();
                perSubnet.merge(pick.id(), 1, Integer::sum);
                chosen.add(pick);
            }
            TaskOperations.TaskShape shape = new TaskOperations.TaskShape(null, td.document().path("cpu").asText(null),
                    td.document().path("memory").asText(null), ServiceTasks.group(s.serviceName()), d.id(),
                    d.platformVersion(), Boolean.TRUE.equals(s.enableExecuteCommand()));
            List<Task> created = tasks.startServiceTasks(cluster, td, chosen, shape, taskTags(s, td));
            notBefore.remove(s.serviceArn());
            String replaced = round.unhealthy == 0 ? "" : " Amazon ECS replaced " + round.unhealthy
                    + " tasks due to an unhealthy status.";
            round.events.add(round.name() + " has started " + created.size() + " tasks: " + ids(created) + "."
                    + replaced);
            return created;
        } catch (AwsServiceException e) {
            // ECS reports a launch it could not make as an event, and tries again later.
            notBefore.put(s.serviceArn(), round.now.plusSeconds(10));
            addOnce(round, round.name() + " was unable to place a task. Reason: " + e.getMessage());
            return List.of();
        }
    }

    private static String subnetOf(Task t) {
        String subnet = t.eni() == null ? null : t.eni().detail("subnetId");
        return subnet == null ? "" : subnet;
    }

    /** The tags a service's task gets: propagated from the service or task definition, and ECS's managed tags. */
    private Map<String, String> taskTags(Service s, TaskDefinitionRecord td) {
        Map<String, String> out = new LinkedHashMap<>();
        if ("SERVICE".equals(s.propagateTags())) {
            out.putAll(repository.tags(s.serviceArn()));
        } else if ("TASK_DEFINITION".equals(s.propagateTags())) {
            out.putAll(repository.tags(td.arn()));
        }
        if (Boolean.TRUE.equals(s.enableECSManagedTags())) {
            out.put("aws:ecs:clusterName", EcsArns.nameOf(s.clusterArn()));
            out.put("aws:ecs:serviceName", s.serviceName());
        }
        return out;
    }

    // ---------------------------------------------------------------- saving the round

    /**
     * Writes what the round decided, reading the service again if the API changed it meanwhile: events are added in
     * any case (they happened); deployment changes only to deployments still there, and a rollback or completion
     * only if the primary deployment is still the one the round saw.
     */
    private void save(StoredService stored, Round round) {
        if (round.events.isEmpty() && round.changed.isEmpty() && round.removed.isEmpty() && round.rollback == null
                && !round.inactive) {
            return;
        }
        String primaryId = stored.service().primary().id();
        StoredService current = stored;
        for (int attempt = 0; attempt < 20; attempt++) {
            Service s = current.service();
            boolean samePrimary = s.primary().id().equals(primaryId);
            List<Deployment> deployments = new ArrayList<>();
            if (round.rollback != null && samePrimary) {
                deployments.add(round.rollback);
            }
            for (Deployment d : s.deployments()) {
                Deployment next = round.changed.getOrDefault(d.id(), d);
                if (round.removed.contains(d.id()) || round.rollback != null && samePrimary
                        && d.id().equals(round.rollback.id())) {
                    continue;
                }
                if (round.rollback != null && samePrimary && next.status() == DeploymentStatus.PRIMARY) {
                    next = next.withStatus(DeploymentStatus.ACTIVE, round.now);
                }
                deployments.add(next);
            }
            List<ServiceEvent> events = new ArrayList<>();
            for (int i = round.events.size() - 1; i >= 0; i--) {
                events.add(new ServiceEvent(UUID.randomUUID().toString(), round.now, round.events.get(i)));
            }
            events.addAll(s.events());
            List<ServiceEvent> kept = events.subList(0, Math.min(MAX_EVENTS, events.size()));
            Service next = s.with(b -> {
                b.deployments(deployments).events(kept);
                if (round.rollback != null && samePrimary) {
                    b.taskDefinition(round.rollback.taskDefinition())
                            .networkConfiguration(round.rollback.networkConfiguration());
                }
                if (round.inactive && s.status() == ServiceStatus.DRAINING) {
                    b.status(ServiceStatus.INACTIVE);
                }
                return b;
            });
            StoredService write = current.with(next);
            if (round.completed != null && samePrimary) {
                write = write.withRollbackTo(round.completed);
            }
            if (store.update(write)) {
                return;
            }
            Optional<StoredService> again = store.service(stored.service().serviceArn());
            if (again.isEmpty()) {
                return;
            }
            current = again.get();
        }
        LOG.warning("could not save the scheduler's round for " + stored.service().serviceArn());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
