package dev.homeport.ecs;

import software.amazon.awssdk.services.ecs.model.Task;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The service scenarios on the process runtime (no Docker needed). */
class EcsServiceProcessTest extends EcsServiceTestBase {
    @Override
    String runtime() {
        return "process";
    }

    @Override
    String image() {
        return "busybox";
    }

    /** Process tasks end with Homeport: the ones it had are settled STOPPED after the restart and replaced. */
    @Override
    void assertNewDeploymentTasksAfterRestart(List<Task> startedByNewDeployment) {
        assertThat(startedByNewDeployment.stream().filter(t -> "RUNNING".equals(t.lastStatus()))).hasSize(2);
    }
}
