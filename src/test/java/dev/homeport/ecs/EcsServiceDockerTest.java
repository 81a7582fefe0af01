package dev.homeport.ecs;

import dev.homeport.runtime.docker.DockerConnection;
import dev.homeport.runtime.docker.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service scenarios on a real Docker engine, and what only Docker shows: a container killed behind Homeport's back
 * is replaced, a revision whose image does not exist trips the circuit breaker, and tasks survive a restart of
 * Homeport, so a rollout interrupted by one starts no task twice.
 */
class EcsServiceDockerTest extends EcsServiceTestBase {
    DockerConnection docker;

    @Override
    String runtime() {
        docker = dev.homeport.testing.TestDocker.connect();
        TestImages.ensureBusybox(docker);
        return "docker";
    }

    @Override
    String image() {
        return TestImages.BUSYBOX;
    }

    @AfterAll
    void closeDocker() {
        if (docker != null) {
            docker.close();
        }
    }

    /** Docker tasks outlive Homeport: the two the new deployment started before the restart are the two it has. */
    @Override
    void assertNewDeploymentTasksAfterRestart(List<Task> startedByNewDeployment) {
        assertThat(startedByNewDeployment).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
    }

    @Test
    void aKilledContainerIsReplaced() {
        ecs.registerTaskDefinition(fargate("docker-kill", sh("exec sleep 600")).build());
        ecs.createService(b -> b.cluster("svc").serviceName("kill").taskDefinition("docker-kill").desiredCount(2)
                .networkConfiguration(bothSubnets()));
        awaitStable("kill");
        Task victim = tasks("kill", DesiredStatus.RUNNING).getFirst();
        docker.control().killContainerCmd(victim.containers().getFirst().runtimeId()).exec();

        Task stopped = await(ecs, victim.taskArn(), java.time.Duration.ofSeconds(60),
                t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        Service back = awaitService("kill", s -> s.runningCount() == 2 && messages(s).getFirst()
                .equals("(service kill) has reached a steady state.") && tasks("kill", DesiredStatus.RUNNING).stream()
                .noneMatch(t -> t.taskArn().equals(victim.taskArn())));
        assertThat(back.deployments()).singleElement().satisfies(d -> assertThat(d.runningCount()).isEqualTo(2));
    }

    @Test
    void aRevisionWhoseImageIsMissingTripsTheCircuitBreaker() {
        ecs.registerTaskDefinition(fargate("docker-pull", sh("exec sleep 600")).build());
        ecs.createService(b -> b.cluster("svc").serviceName("pull").taskDefinition("docker-pull").desiredCount(1)
                .networkConfiguration(bothSubnets())
                .deploymentConfiguration(c -> c.deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true))));
        String goodId = awaitService("pull", s -> s.deployments().getFirst().rolloutState()
                == DeploymentRolloutState.COMPLETED).deployments().getFirst().id();
        ecs.registerTaskDefinition(fargate("docker-pull", software.amazon.awssdk.services.ecs.model.ContainerDefinition
                .builder().name("app").image("homeport-test/no-such-image:never").build()).build());
        String badId = ecs.updateService(b -> b.cluster("svc").service("pull").taskDefinition("docker-pull"))
                .service().deployments().getFirst().id();

        Service back = awaitService("pull", s -> s.deployments().size() == 1
                && s.deployments().getFirst().rolloutState() == DeploymentRolloutState.COMPLETED
                && s.deployments().getFirst().id().equals(goodId) && messages(s).contains(
                "(service pull) rolling back to deployment " + goodId + "."));
        assertThat(messages(back)).contains("(service pull) (deployment " + badId
                + ") deployment failed: tasks failed to start.");
        List<Task> failed = tasks("pull", DesiredStatus.STOPPED).stream().filter(t -> badId.equals(t.startedBy()))
                .toList();
        assertThat(failed).hasSizeGreaterThanOrEqualTo(3).allSatisfy(t -> {
            assertThat(t.stopCodeAsString()).isEqualTo("TaskFailedToStart");
            assertThat(t.stoppedReason()).startsWith("CannotPullContainerError");
        });
    }
}
