package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECS services through the AWS SDK, the same scenarios on each task runtime: a service keeps its count and spreads
 * over its subnets, a stopped task is replaced, a new revision rolls out without dropping below the minimum healthy
 * count, a broken one trips the circuit breaker and rolls back, a restart of Homeport in the middle of a rollout
 * changes nothing, and a deleted service drains. The scheduler counts a task without health checks as healthy after
 * 2 seconds of RUNNING here (ECS: 40), so rollouts take seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EcsServiceTestBase extends EcsLifecycleTestBase {
    HomeportServer server;
    EcsClient ecs;
    List<String> subnets;

    /** The task runtime the scenarios run on. */
    abstract String runtime();

    /** An image with /bin/sh and sleep on this runtime. */
    abstract String image();

    @BeforeAll
    void start() {
        server = HomeportServer.start(c -> c.withRuntime(runtime()).withServiceSettle(Duration.ofSeconds(2)))
                .withExecutionRole();
        connect();
        ecs.createCluster(b -> b.clusterName("svc"));
    }

    void connect() {
        ecs = server.client(EcsClient.builder());
        try (Ec2Client ec2 = server.client(Ec2Client.builder())) {
            subnets = ec2.describeSubnets().subnets().stream().map(s -> s.subnetId()).toList();
        }
    }

    @AfterAll
    void stop() {
        if (server == null) {
            return;
        }
        List<String> services = ecs.listServices(b -> b.cluster("svc").maxResults(100)).serviceArns();
        for (String arn : services) {
            ecs.deleteService(b -> b.cluster("svc").service(arn).force(true));
        }
        for (String arn : services) {
            awaitService(arn, s -> s.status().equals("INACTIVE"));
        }
        ecs.close();
        server.close();
    }

    NetworkConfiguration bothSubnets() {
        return NetworkConfiguration.builder().awsvpcConfiguration(b -> b.subnets(subnets)).build();
    }

    ContainerDefinition sh(String script) {
        return ContainerDefinition.builder().name("app").image(image()).entryPoint("/bin/sh", "-c").command(script)
                .build();
    }

    Service describe(String name) {
        return ecs.describeServices(b -> b.cluster("svc").services(name)).services().getFirst();
    }

    void awaitStable(String name) {
        ecs.waiter().waitUntilServicesStable(b -> b.cluster("svc").services(name), w -> w
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200))).maxAttempts(600));
    }

    Service awaitService(String name, Predicate<Service> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Service s = null;
        while (System.nanoTime() < deadline) {
            s = describe(name);
            if (done.test(s)) {
                return s;
            }
            sleep(100);
        }
        throw new AssertionError("service did not get there in time; last: " + s);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<Task> tasks(String service, DesiredStatus desired) {
        List<String> arns = ecs.listTasks(b -> b.cluster("svc").serviceName(service).desiredStatus(desired)).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(b -> b.cluster("svc").tasks(arns)).tasks();
    }

    static List<String> messages(Service s) {
        return s.events().stream().map(ServiceEvent::message).toList();
    }

    @Test
    void aServiceKeepsItsCountSpreadOverItsSubnetsAndReplacesAStoppedTask() {
        ecs.registerTaskDefinition(fargate(runtime() + "-web", sh("exec sleep 600")).build());
        Service created = ecs.createService(b -> b.cluster("svc").serviceName("web")
                .taskDefinition(runtime() + "-web").desiredCount(3).networkConfiguration(bothSubnets())).service();
        assertThat(created.serviceArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/svc/web");
        assertThat(created.status()).isEqualTo("ACTIVE");
        assertThat(created.launchType().toString()).isEqualTo("FARGATE");
        assertThat(created.platformVersion()).isEqualTo("LATEST");
        assertThat(created.deploymentConfiguration().maximumPercent()).isEqualTo(200);
        assertThat(created.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
        Deployment first = created.deployments().getFirst();
        assertThat(first.id()).matches("ecs-svc/\\d{19}");
        assertThat(first.status()).isEqualTo("PRIMARY");
        assertThat(first.platformVersion()).isEqualTo("1.4.0");
        assertThat(first.rolloutState()).isEqualTo(DeploymentRolloutState.IN_PROGRESS);
        assertThat(first.rolloutStateReason()).isEqualTo("ECS deployment " + first.id() + " in progress.");

        awaitStable("web");
        Service stable = awaitService("web", s -> s.deployments().getFirst().rolloutState()
                == DeploymentRolloutState.COMPLETED);
        assertThat(stable.runningCount()).isEqualTo(3);
        assertThat(stable.pendingCount()).isZero();
        assertThat(stable.deployments()).singleElement().satisfies(d -> {
            assertThat(d.runningCount()).isEqualTo(3);
            assertThat(d.failedTasks()).isZero();
            assertThat(d.rolloutStateReason()).isEqualTo("ECS deployment " + first.id() + " completed.");
        });
        assertThat(messages(stable).getFirst()).isEqualTo("(service web) has reached a steady state.");
        assertThat(messages(stable)).contains("(service web) (deployment " + first.id() + ") deployment completed.");
        assertThat(messages(stable).getLast()).startsWith("(service web) has started 3 tasks: (task ");

        List<Task> running = tasks("web", DesiredStatus.RUNNING);
        assertThat(running).hasSize(3).allSatisfy(t -> {
            assertThat(t.startedBy()).isEqualTo(first.id());
            assertThat(t.group()).isEqualTo("service:web");
        });
        Map<String, Long> perSubnet = running.stream().collect(Collectors.groupingBy(t -> t.attachments().getFirst()
                .details().stream().filter(d -> d.name().equals("subnetId")).findFirst().orElseThrow().value(),
                Collectors.counting()));
        assertThat(perSubnet.keySet()).containsExactlyInAnyOrderElementsOf(subnets);

        // A task stopped by hand is replaced, and the service is steady again.
        String victim = running.getFirst().taskArn();
        ecs.stopTask(b -> b.cluster("svc").task(victim).reason("chaos"));
        Service replaced = awaitService("web", s -> messages(s).getFirst().equals("(service web) has reached a steady state.")
                && s.events().size() > stable.events().size());
        assertThat(replaced.runningCount()).isEqualTo(3);
        assertThat(tasks("web", DesiredStatus.RUNNING)).extracting(Task::taskArn).doesNotContain(victim).hasSize(3);
        assertThat(messages(replaced)).anyMatch(m -> m.matches("\\(service web\\) has started 1 tasks: \\(task [0-9a-f]{32}\\)\\."));
    }

    @Test
    void aNewRevisionRollsOutWithoutDroppingBelowTheMinimumHealthyCount() {
        ecs.registerTaskDefinition(fargate(runtime() + "-roll", sh("exec sleep 600")).build());
        ecs.createService(b -> b.cluster("svc").serviceName("roll").taskDefinition(runtime() + "-roll")
                .desiredCount(2).networkConfiguration(bothSubnets()));
        awaitStable("roll");
        String v2 = ecs.registerTaskDefinition(fargate(runtime() + "-roll", sh("exec sleep 601")).build())
                .taskDefinition().taskDefinitionArn();
        Service updated = ecs.updateService(b -> b.cluster("svc").service("roll")
                .taskDefinition(runtime() + "-roll").deploymentConfiguration(c -> c.maximumPercent(150).minimumHealthyPercent(50))).service();
        assertThat(updated.deployments()).hasSize(2);
        assertThat(updated.deployments().getFirst().taskDefinition()).isEqualTo(v2);
        assertThat(updated.deployments().get(1).status()).isEqualTo("ACTIVE");

        // Sampled while it rolls: never fewer than 1 (50% of 2) running, never more than 3 (150%) wanted.
        List<Integer> runningSeen = new ArrayList<>();
        Service s;
        do {
            s = describe("roll");
            runningSeen.add(s.runningCount());
            assertThat(s.deployments().stream().mapToInt(d -> d.runningCount() + d.pendingCount()).sum())
                    .isLessThanOrEqualTo(3);
            sleep(50);
        } while (!(s.deployments().size() == 1 && s.deployments().getFirst().rolloutState()
                == DeploymentRolloutState.COMPLETED));
        assertThat(runningSeen).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(1));
        assertThat(tasks("roll", DesiredStatus.RUNNING)).hasSize(2)
                .allSatisfy(t -> assertThat(t.taskDefinitionArn()).isEqualTo(v2));
        assertThat(tasks("roll", DesiredStatus.STOPPED)).hasSize(2).allSatisfy(t -> {
            assertThat(t.stopCode().toString()).isEqualTo("ServiceSchedulerInitiated");
            assertThat(t.stoppedReason()).startsWith("Scaling activity initiated by (deployment ecs-svc/");
        });
    }

    @Test
    void aBrokenRevisionTripsTheCircuitBreakerAndRollsBack() {
        ecs.registerTaskDefinition(fargate(runtime() + "-cb", sh("exec sleep 600")).build());
        ecs.createService(b -> b.cluster("svc").serviceName("cb").taskDefinition(runtime() + "-cb")
                .desiredCount(1).networkConfiguration(bothSubnets())
                .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        awaitStable("cb");
        Service good = awaitService("cb", x -> x.deployments().getFirst().rolloutState() == DeploymentRolloutState.COMPLETED);
        String goodId = good.deployments().getFirst().id();
        String goodTd = good.taskDefinition();

        ecs.registerTaskDefinition(fargate(runtime() + "-cb", sh("echo broken; exit 3")).build());
        String badId = ecs.updateService(b -> b.cluster("svc").service("cb").taskDefinition(runtime() + "-cb"))
                .service().deployments().getFirst().id();
        Service rolledBack = awaitService("cb", x -> messages(x).contains("(service cb) rolling back to deployment "
                + goodId + "."));
        assertThat(messages(rolledBack)).contains("(service cb) (deployment " + badId
                + ") deployment failed: tasks failed to start.");
        Deployment primary = rolledBack.deployments().getFirst();
        assertThat(primary.id()).isEqualTo(goodId);
        assertThat(primary.taskDefinition()).isEqualTo(goodTd);
        assertThat(rolledBack.taskDefinition()).isEqualTo(goodTd);
        assertThat(primary.rolloutStateReason()).isEqualTo("ECS deployment circuit breaker: rolling back to "
                + "deploymentId " + goodId + ".");
        Service back = awaitService("cb", x -> x.deployments().size() == 1
                && x.deployments().getFirst().rolloutState() == DeploymentRolloutState.COMPLETED);
        assertThat(back.runningCount()).isEqualTo(1);
        assertThat(tasks("cb", DesiredStatus.RUNNING)).singleElement()
                .satisfies(t -> assertThat(t.taskDefinitionArn()).isEqualTo(goodTd));
        // The threshold for a desired count of 1 is ECS's minimum, 3 failed tasks.
        assertThat(tasks("cb", DesiredStatus.STOPPED).stream().filter(t -> badId.equals(t.startedBy())).count())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aDeletedServiceDrainsAndItsNameIsGuarded() {
        ecs.registerTaskDefinition(fargate(runtime() + "-del", sh("exec sleep 600")).build());
        ecs.createService(b -> b.cluster("svc").serviceName("del").taskDefinition(runtime() + "-del")
                .desiredCount(1).networkConfiguration(bothSubnets()));
        var notIdempotent = org.assertj.core.api.Assertions.catchThrowableOfType(
                software.amazon.awssdk.services.ecs.model.InvalidParameterException.class,
                () -> ecs.createService(b -> b.cluster("svc").serviceName("del").taskDefinition(runtime() + "-del")
                        .desiredCount(1).networkConfiguration(bothSubnets())));
        assertThat(notIdempotent.awsErrorDetails().errorMessage()).isEqualTo("Creation of service was not idempotent.");
        awaitStable("del");
        var scaled = org.assertj.core.api.Assertions.catchThrowableOfType(
                software.amazon.awssdk.services.ecs.model.InvalidParameterException.class,
                () -> ecs.deleteService(b -> b.cluster("svc").service("del")));
        assertThat(scaled.awsErrorDetails().errorMessage())
                .isEqualTo("The service cannot be stopped while it is scaled above 0.");

        Service draining = ecs.deleteService(b -> b.cluster("svc").service("del").force(true)).service();
        assertThat(draining.status()).isEqualTo("DRAINING");
        assertThat(draining.desiredCount()).isZero();
        assertThat(ecs.listServices(b -> b.cluster("svc")).serviceArns()).doesNotContain(draining.serviceArn());
        Service inactive = awaitService("del", x -> x.status().equals("INACTIVE"));
        assertThat(inactive.runningCount()).isZero();
        assertThat(tasks("del", DesiredStatus.RUNNING)).isEmpty();
        var notActive = org.assertj.core.api.Assertions.catchThrowableOfType(
                software.amazon.awssdk.services.ecs.model.ServiceNotActiveException.class,
                () -> ecs.updateService(b -> b.cluster("svc").service("del").desiredCount(2)));
        assertThat(notActive.awsErrorDetails().errorMessage()).isEqualTo("Service was not ACTIVE.");
        // An INACTIVE service's name can be used again.
        ecs.createService(b -> b.cluster("svc").serviceName("del").taskDefinition(runtime() + "-del")
                .desiredCount(0).networkConfiguration(bothSubnets()));
        assertThat(describe("del").status()).isEqualTo("ACTIVE");
    }

    /**
     * Homeport restarts while a rollout is half done (the new tasks running, the old ones not yet stopped): after it,
     * the rollout finishes, with the desired count of new tasks and nothing more.
     */
    @Test
    void aRestartInTheMiddleOfARolloutChangesNothing() {
        ecs.registerTaskDefinition(fargate(runtime() + "-rs", sh("exec sleep 600")).build());
        ecs.createService(b -> b.cluster("svc").serviceName("rs").taskDefinition(runtime() + "-rs")
                .desiredCount(2).networkConfiguration(bothSubnets()));
        awaitService("rs", x -> x.deployments().getFirst().rolloutState() == DeploymentRolloutState.COMPLETED);
        String v2 = ecs.registerTaskDefinition(fargate(runtime() + "-rs", sh("exec sleep 602")).build())
                .taskDefinition().taskDefinitionArn();
        String newId = ecs.updateService(b -> b.cluster("svc").service("rs").taskDefinition(runtime() + "-rs"))
                .service().deployments().getFirst().id();
        // The new tasks run; the old ones wait for them to count as healthy (2 seconds): restart now.
        Service half = awaitService("rs", x -> x.deployments().getFirst().runningCount() == 2);
        assertThat(half.deployments()).hasSize(2);
        ecs.close();
        server = server.restart();
        connect();

        Service done = awaitService("rs", x -> x.deployments().size() == 1
                && x.deployments().getFirst().rolloutState() == DeploymentRolloutState.COMPLETED);
        assertThat(done.deployments().getFirst().id()).isEqualTo(newId);
        assertThat(done.runningCount()).isEqualTo(2);
        assertThat(tasks("rs", DesiredStatus.RUNNING)).hasSize(2)
                .allSatisfy(t -> assertThat(t.taskDefinitionArn()).isEqualTo(v2));
        List<Task> startedByNew = new ArrayList<>(tasks("rs", DesiredStatus.RUNNING));
        startedByNew.addAll(tasks("rs", DesiredStatus.STOPPED).stream().filter(t -> newId.equals(t.startedBy()))
                .toList());
        assertNewDeploymentTasksAfterRestart(startedByNew);
    }

    /** A task whose container health check fails is stopped and replaced, with ECS's events and stop reason. */
    @Test
    void aTaskFailingItsHealthChecksIsReplaced() {
        ecs.registerTaskDefinition(fargate(runtime() + "-hc", sh("exec sleep 600").toBuilder()
                .healthCheck(h -> h.command("CMD-SHELL", "exit 1").interval(5).retries(1).timeout(2)).build()).build());
        ecs.createService(b -> b.cluster("svc").serviceName("hc").taskDefinition(runtime() + "-hc")
                .desiredCount(1).networkConfiguration(bothSubnets()));
        Service replaced = awaitService("hc", x -> messages(x).stream().anyMatch(m -> m.contains(
                "Amazon ECS replaced 1 tasks due to an unhealthy status.")));
        assertThat(messages(replaced)).anyMatch(m -> m.matches(
                "\\(service hc\\) \\(task [0-9a-f]{32}\\) failed container health checks\\."));
        assertThat(tasks("hc", DesiredStatus.STOPPED)).isNotEmpty().allSatisfy(t -> {
            assertThat(t.stopCodeAsString()).isEqualTo("ServiceSchedulerInitiated");
            assertThat(t.stoppedReason()).isEqualTo("Task failed container health checks");
        });
        ecs.deleteService(b -> b.cluster("svc").service("hc").force(true));
    }

    /**
     * The new deployment's tasks, running and stopped, once the rollout finished after the restart. Where tasks
     * survive a restart (Docker) that is exactly the two started before it.
     */
    abstract void assertNewDeploymentTasksAfterRestart(List<Task> startedByNewDeployment);
}
