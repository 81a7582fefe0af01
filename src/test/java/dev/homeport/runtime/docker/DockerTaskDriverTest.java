package dev.homeport.runtime.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.Drivers;
import dev.homeport.runtime.ContainerStatus;
import dev.homeport.runtime.LogLine;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.RecoveredTask;
import dev.homeport.runtime.TaskDriver;
import dev.homeport.runtime.TaskDriverContract;
import dev.homeport.runtime.TaskHandle;
import dev.homeport.runtime.TaskSpec;
import dev.homeport.runtime.TaskStartException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on a real Docker engine, plus what only Docker can do. Fails (not skips) without an engine
 * when CI=true, so a broken CI machine can't pass silently.
 */
class DockerTaskDriverTest extends TaskDriverContract {

    static final String TEST_CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/homeport-test";
    /** Other Homeport servers and test suites may share this engine: touch only this instance's objects. */
    static final String TEST_INSTANCE = "runtime-driver-test";
    static final NetworkRequest SUBNET_B = new NetworkRequest("subnet-homeport-test-b", "10.200.12.0/24", null);

    static DockerConnection docker;
    private static DockerTaskDriver driver;

    @BeforeAll
    static void connect() {
        docker = connectOrSkip();
        TestImages.ensureBusybox(docker);
        driver = new DockerTaskDriver(testConfig());
    }

    static DockerDriverConfig testConfig() {
        return DockerDriverConfig.defaults().withInstance(TEST_INSTANCE);
    }

    static DockerConnection connectOrSkip() {
        return dev.homeport.testing.TestDocker.connect();
    }

    @AfterAll
    static void cleanUp() {
        if (driver != null) {
            driver.close();
        }
        if (docker != null) {
            removeTestContainers(docker);
            docker.close();
        }
    }

    /** Everything this suite's drivers left: tasks and idle pooled sandboxes, nothing of other instances. */
    static void removeTestContainers(DockerConnection docker) {
        removeInstance(docker, TEST_INSTANCE);
        try {
            docker.control().removeNetworkCmd(Networks.name(SUBNET_B.subnetId())).exec();
        } catch (RuntimeException e) {
            // not created, or still in use by something that isn't ours
        }
    }

    static void removeInstance(DockerConnection docker, String instance) {
        for (Container c : docker.control().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.INSTANCE, instance)).exec()) {
            try {
                docker.control().removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (NotFoundException e) {
                // removed meanwhile
            } catch (com.github.dockerjava.api.exception.ConflictException e) {
                // "removal ... is already in progress": the instance's own close is removing it; it is going away
                if (e.getMessage() == null || !e.getMessage().contains("already in progress")) {
                    throw e;
                }
            }
        }
    }

    @Override
    protected TaskDriver driver() {
        return driver;
    }

    @Override
    protected String image() {
        return TestImages.BUSYBOX;
    }

    private TaskSpec taskIn(NetworkRequest network, ContainerSpec... containers) {
        TaskSpec t = task(containers);
        return new TaskSpec(t.taskId(), t.taskArn(), t.cluster(), network, t.containers(), t.cpuUnits(), t.memoryMiB());
    }

    private InspectContainerResponse inspectDocker(TaskSpec task, String container) {
        return docker.control().inspectContainerCmd(ContainerConfigs.containerName(task.taskId(), container)).exec();
    }

    // ---- awsvpc emulation ----------------------------------------------------------------------------

    @Test
    void containersOfATaskShareOneNetworkNamespace() throws Exception {
        TaskSpec task = task(
                shell("web", "ip -o -4 addr show eth0; httpd -f -p 8080 -h /www").build(),
                shell("probe", "ip -o -4 addr show eth0; for i in 1 2 3 4 5 6 7 8 9 10; do "
                        + "wget -q -O - http://127.0.0.1:8080/ && exit 0; sleep 0.5; done; exit 1").build());
        TaskHandle handle = Drivers.start(driver, task);
        String ip = handle.network().privateIpv4Address();

        assertThat(exitOf(task, "probe").exitCode()).as("probe reached web over localhost").isZero();
        List<LogLine> probe = logsUntilExit(task, "probe");
        assertThat(messages(probe, LogLine.Stream.STDOUT)).anySatisfy(l -> assertThat(l).contains("inet " + ip + "/24"))
                .contains(TestImages.INDEX_HTML);
        List<String> web = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var sub = driver.logs(task.taskId(), "web", l -> web.add(l.message()))) {
            eventually(WAIT, () -> !web.isEmpty(), "web's first line");
        }
        assertThat(web.getFirst()).contains("inet " + ip + "/24");
        assertThat(handle.network().macAddress()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    }

    @Test
    void privateIpIsReachableFromTheHost() throws Exception {
        TaskSpec task = task(shell("web", "httpd -f -p 8080 -h /www").build());
        String ip = Drivers.start(driver, task).network().privateIpv4Address();
        assertThat(ip).startsWith("10.200.11.");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).timeout(Duration.ofSeconds(2)).build();
        String[] body = new String[1];
        eventually(WAIT, () -> {
            try {
                body[0] = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
                return true;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "HTTP answer from " + ip);
        assertThat(body[0]).isEqualToIgnoringNewLines(TestImages.INDEX_HTML);
    }

    @Test
    void aRequestedIpInAnotherSubnetCreatesThatNetwork() throws Exception {
        TaskSpec task = taskIn(SUBNET_B.withRequestedIp("10.200.12.77"), shell("app", "ip -o -4 addr show eth0").build());
        TaskHandle handle = Drivers.start(driver, task);

        assertThat(handle.network().privateIpv4Address()).isEqualTo("10.200.12.77");
        assertThat(handle.network().subnetId()).isEqualTo(SUBNET_B.subnetId());
        assertThat(messages(logsUntilExit(task, "app"), LogLine.Stream.STDOUT)).singleElement()
                .satisfies(l -> assertThat(l).contains("inet 10.200.12.77/24"));
        // homeport-<subnetId>, or an earlier Homeport network with exactly this block (Docker refuses overlaps)
        assertThat(docker.control().listNetworksCmd().exec()).filteredOn(n -> n.getIpam() != null
                        && n.getIpam().getConfig() != null && !n.getIpam().getConfig().isEmpty()
                        && "10.200.12.0/24".equals(n.getIpam().getConfig().getFirst().getSubnet()))
                .singleElement().satisfies(n -> assertThat(n.getName()).startsWith("homeport-"));
    }

    @Test
    void aSubnetKeepsItsCidr() {
        Drivers.start(driver, taskIn(SUBNET_B, shell("app", "true").build()));
        TaskSpec clash = taskIn(new NetworkRequest(SUBNET_B.subnetId(), "10.200.13.0/24", null), shell("app", "true").build());

        assertThatThrownBy(() -> driver.provision(clash)).isInstanceOfSatisfying(TaskStartException.class,
                e -> assertThat(e.reason()).startsWith("ResourceInitializationError: ").contains("10.200.12.0/24"));
    }

    // ---- labels, limits, recovery --------------------------------------------------------------------

    @Test
    void everyContainerIsLabelledAndTiedToItsSandbox() {
        TaskSpec task = task(shell("a", "sleep 30").build(), shell("b", "sleep 30").build());
        TaskHandle handle = Drivers.start(driver, task);

        for (String name : List.of("a", "b")) {
            Map<String, String> labels = inspectDocker(task, name).getConfig().getLabels();
            assertThat(labels).containsEntry(Labels.INSTANCE, TEST_INSTANCE).containsEntry(Labels.TASK_ARN, task.taskArn()).containsEntry(Labels.CLUSTER, task.cluster())
                    .containsEntry(Labels.TASK_ID, task.taskId()).containsEntry(Labels.CONTAINER_NAME, name)
                    .containsEntry(Labels.ROLE, Labels.ROLE_CONTAINER);
            String sandbox = labels.get(Labels.SANDBOX);
            assertThat(handle.network().networkInterfaceId()).isEqualTo("eni-" + sandbox.substring(0, 17));
            assertThat(inspectDocker(task, name).getHostConfig().getNetworkMode()).isEqualTo("container:" + sandbox);
        }
        InspectContainerResponse sandbox = docker.control().inspectContainerCmd(Sandboxes.taskSandboxName(task.taskId())).exec();
        assertThat(sandbox.getConfig().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_SANDBOX);
        assertThat(sandbox.getState().getRunning()).isTrue();
    }

    @Test
    void cpuAndMemoryBecomeEngineLimits() {
        TaskSpec task = task(shell("app", "sleep 30").cpuUnits(128).memoryMiB(64).memoryReservationMiB(32).build(),
                shell("side", "sleep 30").build());
        driver.provision(task);

        HostConfig app = inspectDocker(task, "app").getHostConfig();
        assertThat(app.getCpuShares()).isEqualTo(128);
        assertThat(app.getNanoCPUs()).isEqualTo(250_000_000L); // task cpu 256 = 0.25 vCPU
        assertThat(app.getMemory()).isEqualTo(64L << 20);
        assertThat(app.getMemoryReservation()).isEqualTo(32L << 20);
        assertThat(app.getMemorySwap()).isEqualTo(64L << 20);
        HostConfig side = inspectDocker(task, "side").getHostConfig();
        assertThat(side.getMemory()).as("task memory caps a container without its own").isEqualTo(512L << 20);
    }

    @Test
    void workingDirectoryAndUserAreApplied() throws Exception {
        TaskSpec task = task(shell("app", "pwd; id -u; id -g").workingDirectory("/tmp").user("1234:5678").build());
        Drivers.start(driver, task);

        assertThat(messages(logsUntilExit(task, "app"), LogLine.Stream.STDOUT)).containsExactly("/tmp", "1234", "5678");
    }

    @Test
    void aNewDriverInstanceRecoversRunningTasks() throws Exception {
        TaskSpec task = task(shell("web", "sleep 60").build(), shell("done", "exit 4").build());
        TaskHandle handle = Drivers.start(driver, task);
        exitOf(task, "done");

        try (DockerTaskDriver restarted = new DockerTaskDriver(testConfig().withSandboxPoolSize(0))) {
            List<RecoveredTask> found = restarted.recover();

            RecoveredTask recovered = found.stream().filter(t -> t.taskId().equals(task.taskId())).findFirst().orElseThrow();
            assertThat(recovered.taskArn()).isEqualTo(task.taskArn());
            assertThat(recovered.cluster()).isEqualTo(task.cluster());
            assertThat(recovered.network()).isEqualTo(handle.network());
            assertThat(recovered.anyRunning()).isTrue();
            assertThat(recovered.containers()).extracting(c -> c.name() + ":" + c.status() + ":" + c.exitCode())
                    .containsExactly("web:RUNNING:null", "done:EXITED:4");

            Drivers.stopTask(restarted, task.taskId(), Duration.ofSeconds(1)); // the new instance controls the old task
            restarted.destroy(task.taskId());
        }
        assertThat(driver.inspectTask(task.taskId())).isEmpty();
    }

    @Test
    void recoverReclaimsASandboxWithoutContainers() {
        TaskSpec task = task(shell("app", "sleep 30").build());
        TaskHandle handle = driver.provision(task);
        docker.control().removeContainerCmd(handle.container("app").orElseThrow().runtimeId()).withForce(true).exec();

        try (DockerTaskDriver restarted = new DockerTaskDriver(testConfig().withSandboxPoolSize(0))) {
            assertThat(restarted.recover()).noneMatch(t -> t.taskId().equals(task.taskId()));
        }
        assertThatThrownBy(() -> docker.control().inspectContainerCmd(Sandboxes.taskSandboxName(task.taskId())).exec())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void recoverLeavesOtherInstancesAlone() throws Exception {
        String other = TEST_INSTANCE + "-other";
        try (DockerTaskDriver neighbour = new DockerTaskDriver(testConfig().withInstance(other))) {
            eventually(WAIT, () -> neighbour.idleSandboxes(NetworkRequest.DEFAULT.subnetId()) == 2, "neighbour's pool filled");
            TaskSpec theirs = task(shell("app", "sleep 30").build());
            Drivers.start(neighbour, theirs);
            // The task took a pooled sandbox; the pool refills in the background.
            eventually(WAIT, () -> neighbour.idleSandboxes(NetworkRequest.DEFAULT.subnetId()) == 2, "neighbour's pool refilled");

            try (DockerTaskDriver restarted = new DockerTaskDriver(testConfig().withSandboxPoolSize(0))) {
                assertThat(restarted.recover()).noneMatch(t -> t.taskId().equals(theirs.taskId()));
            }

            assertThat(docker.control().listContainersCmd()
                    .withLabelFilter(Map.of(Labels.INSTANCE, other, Labels.POOLED, "true")).exec()).hasSize(3); // 2 idle + 1 taken
            assertThat(neighbour.inspect(theirs.taskId(), "app").orElseThrow().isRunning()).isTrue();
            neighbour.destroy(theirs.taskId());
        } finally {
            removeInstance(docker, other);
        }
    }

    @Test
    void aContainerRemovedBehindOurBackIsReportedMissing() throws Exception {
        TaskSpec task = task(shell("app", "sleep 60").build());
        Drivers.start(driver, task);
        docker.control().removeContainerCmd(inspectDocker(task, "app").getId()).withForce(true).exec();

        assertThat(driver.inspect(task.taskId(), "app")).isEmpty();
        assertThat(driver.awaitExit(task.taskId(), "app", Duration.ofSeconds(2))).get()
                .satisfies(r -> assertThat(r.exitCode()).isNull());
    }

    // ---- images --------------------------------------------------------------------------------------

    @Test
    void aMissingImageIsACannotPullContainerError() {
        // a registry on a closed loopback port: the pull fails at once and never leaves this machine
        TaskSpec task = task(shell("app", "true").build(),
                ContainerSpec.builder("ghost", "127.0.0.1:1/homeport-test/missing:1.0").build());

        assertThatThrownBy(() -> Drivers.start(driver, task)).isInstanceOfSatisfying(TaskStartException.class, e -> {
            assertThat(e.kind()).isEqualTo(TaskStartException.Kind.CANNOT_PULL_CONTAINER);
            assertThat(e.containerName()).isEqualTo("ghost");
            assertThat(e.reason()).startsWith("CannotPullContainerError: Error response from daemon: ").contains("127.0.0.1:1");
        });
        assertThat(driver.inspectTask(task.taskId())).isEmpty();
        assertThatThrownBy(() -> docker.control().inspectContainerCmd(Sandboxes.taskSandboxName(task.taskId())).exec())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void imageReferencesSplitForThePullApi() {
        assertThat(Images.Reference.parse("nginx")).isEqualTo(new Images.Reference("nginx", "latest"));
        assertThat(Images.Reference.parse("nginx:1.27")).isEqualTo(new Images.Reference("nginx", "1.27"));
        assertThat(Images.Reference.parse("127.0.0.1:5000/a/b")).isEqualTo(new Images.Reference("127.0.0.1:5000/a/b", "latest"));
        assertThat(Images.Reference.parse("r.example:5000/a:v2")).isEqualTo(new Images.Reference("r.example:5000/a", "v2"));
        assertThat(Images.Reference.parse("a@sha256:abc")).isEqualTo(new Images.Reference("a", "sha256:abc"));
    }

    // ---- sandbox pool --------------------------------------------------------------------------------

    @Test
    void startTakesAPreStartedSandboxAndThePoolRefills() throws Exception {
        // an instance of its own: recover() in other tests reclaims idle sandboxes of other instances
        try (DockerTaskDriver own = new DockerTaskDriver(testConfig())) {
            String subnet = NetworkRequest.DEFAULT.subnetId();
            eventually(WAIT, () -> own.idleSandboxes(subnet) == 2, "pool filled");
            TaskSpec task = task(shell("app", "sleep 30").build());
            TaskHandle handle = Drivers.start(own, task);

            InspectContainerResponse sandbox = docker.control().inspectContainerCmd(Sandboxes.taskSandboxName(task.taskId())).exec();
            assertThat(sandbox.getConfig().getLabels()).containsEntry(Labels.POOLED, "true");
            assertThat(handle.network().networkInterfaceId()).isEqualTo("eni-" + sandbox.getId().substring(0, 17));
            eventually(WAIT, () -> own.idleSandboxes(subnet) == 2, "pool refilled");
        }
    }

    @Test
    void aStoppedPooledSandboxIsNotHandedOut() throws Exception {
        try (DockerTaskDriver own = new DockerTaskDriver(testConfig())) {
            String subnet = NetworkRequest.DEFAULT.subnetId();
            eventually(WAIT, () -> own.idleSandboxes(subnet) == 2, "pool filled");
            // what an engine restart does to idle sandboxes
            docker.control().listContainersCmd().withLabelFilter(Map.of(Labels.POOLED, "true", Labels.INSTANCE, TEST_INSTANCE)).exec()
                    .forEach(c -> docker.control().killContainerCmd(c.getId()).exec());

            TaskSpec task = task(shell("app", "sleep 30").build());
            Drivers.start(own, task);

            assertThat(own.inspect(task.taskId(), "app").orElseThrow().isRunning()).isTrue();
        }
    }

    @Test
    void negotiatesTheApiVersion() {
        assertThat(DockerConnection.negotiate("1.12", "1.41")).isEqualTo("1.41");
        assertThat(DockerConnection.negotiate("1.12", "1.40")).isEqualTo("1.40");
        assertThat(DockerConnection.negotiate("1.44", "1.51")).isEqualTo("1.44");
        assertThat(driver.capabilities().name()).contains("API 1.41");
    }

    @Test
    void anOomKilledContainerSaysSo() throws Exception {
        // tail keeps the current line in memory, and /dev/zero has no newline
        TaskSpec task = task(shell("hog", "head -c 100000000 /dev/zero | tail").memoryMiB(16).build());
        Drivers.start(driver, task);

        var exit = exitOf(task, "hog");
        assertThat(exit.reason()).isEqualTo(DockerStates.OOM_REASON);
        assertThat(driver.inspect(task.taskId(), "hog").orElseThrow().status()).isEqualTo(ContainerStatus.EXITED);
    }
}
