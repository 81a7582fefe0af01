package dev.homeport.runtime;

import dev.homeport.runtime.docker.DockerConnection;
import dev.homeport.runtime.docker.DockerDriverConfig;
import dev.homeport.runtime.process.ProcessDriverConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskDriversTest {

    private static final URI NO_ENGINE = URI.create("unix:///nonexistent/docker.sock");

    @Test
    void parsesChoices() {
        assertThat(TaskDrivers.Choice.parse(null)).isEqualTo(TaskDrivers.Choice.AUTO);
        assertThat(TaskDrivers.Choice.parse(" Docker ")).isEqualTo(TaskDrivers.Choice.DOCKER);
        assertThat(TaskDrivers.Choice.parse("process")).isEqualTo(TaskDrivers.Choice.PROCESS);
        assertThatThrownBy(() -> TaskDrivers.Choice.parse("kubernetes")).hasMessageContaining("auto, docker or process");
    }

    @Test
    void autoFallsBackToProcessesWithoutAnEngine() {
        try (TaskDriver driver = TaskDrivers.create(TaskDrivers.Choice.AUTO, DockerDriverConfig.defaults().withDockerHost(NO_ENGINE),
                ProcessDriverConfig.defaults())) {
            assertThat(driver.capabilities().imageIsolation()).isFalse();
        }
    }

    @Test
    void autoGivesUpOnAnEngineThatDoesNotAnswerWithinASecond() throws Exception {
        // the kernel completes TCP handshakes on a listening socket nobody accepts from: a hung "engine"
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI host = URI.create("tcp://127.0.0.1:" + silent.getLocalPort());
            DockerConnection.ping(NO_ENGINE, Duration.ofSeconds(1)); // load docker-java's classes outside the timing
            Instant t0 = Instant.now();
            try (TaskDriver driver = TaskDrivers.create(TaskDrivers.Choice.AUTO, DockerDriverConfig.defaults().withDockerHost(host),
                    ProcessDriverConfig.defaults())) {
                assertThat(driver.capabilities().imageIsolation()).isFalse();
            }
            assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void forcedDockerFailsWithoutAnEngine() {
        assertThatThrownBy(() -> TaskDrivers.create(TaskDrivers.Choice.DOCKER, DockerDriverConfig.defaults().withDockerHost(NO_ENGINE),
                ProcessDriverConfig.defaults()))
                .isInstanceOf(TaskDriverException.class).hasMessageContaining("not reachable");
    }

    @Test
    void autoPicksDockerWhenAnEngineAnswers() {
        dev.homeport.testing.Prerequisite.require(DockerConnection.ping(DockerConnection.defaultHost(), Duration.ofSeconds(1)),
                "no Docker engine answers");
        try (TaskDriver driver = TaskDrivers.create(TaskDrivers.Choice.AUTO, DockerDriverConfig.defaults().withSandboxPoolSize(0).withInstance("runtime-driver-test"),
                ProcessDriverConfig.defaults())) {
            assertThat(driver.capabilities().imageIsolation()).isTrue();
            assertThat(driver.capabilities().name()).startsWith("docker");
        }
    }
}
