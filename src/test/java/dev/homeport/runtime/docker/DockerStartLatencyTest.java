package dev.homeport.runtime.docker;

import com.github.dockerjava.api.model.HostConfig;
import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.TaskSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN: RunTask → RUNNING should take at most 1.2× {@code docker run -d}. Measures the driver's start()
 * (sandbox from the pool + create + start) against the Docker CLI and the bare API doing create + start.
 */
class DockerStartLatencyTest {

    private static final int WARMUP = 3;
    private static final int RUNS = 9;
    private static final String LABEL = "dev.homeport.latency-test";

    private static DockerConnection docker;
    private static DockerTaskDriver pooled;
    private static DockerTaskDriver unpooled;

    @BeforeAll
    static void setUp() {
        docker = DockerTaskDriverTest.connectOrSkip();
        TestImages.ensureBusybox(docker);
        pooled = new DockerTaskDriver(DockerTaskDriverTest.testConfig());
        unpooled = new DockerTaskDriver(DockerTaskDriverTest.testConfig().withSandboxPoolSize(0).withWarmNetwork(null));
    }

    @AfterAll
    static void tearDown() {
        if (pooled != null) {
            pooled.close();
            unpooled.close();
        }
        if (docker != null) {
            docker.control().listContainersCmd().withShowAll(true).withLabelFilter(List.of(LABEL)).exec()
                    .forEach(c -> docker.control().removeContainerCmd(c.getId()).withForce(true).exec());
            DockerTaskDriverTest.removeTestContainers(docker);
            docker.close();
        }
    }

    @Test
    void startIsCloseToDockerRun() throws Exception {
        long cli = median(this::dockerRunCli);
        long api = median(this::createAndStartViaApi);
        long withPool = median(() -> driverStart(pooled, true));
        long withoutPool = median(() -> driverStart(unpooled, false));

        System.out.printf("start latency, median of %d: docker run -d (CLI) %d ms | API create+start %d ms | "
                        + "DockerTaskDriver.start pooled sandbox %d ms (%.2fx CLI) | without pool %d ms (%.2fx CLI)%n",
                RUNS, cli / 1000, api / 1000, withPool / 1000, (double) withPool / cli, withoutPool / 1000, (double) withoutPool / cli);
        assertThat(withPool).as("pooled start() vs docker run -d").isLessThanOrEqualTo((long) (cli * 1.2));
    }

    private long median(LongSupplier microsRun) {
        for (int i = 0; i < WARMUP; i++) {
            microsRun.getAsLong();
        }
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            samples.add(microsRun.getAsLong());
        }
        samples.sort(null);
        return samples.get(RUNS / 2);
    }

    private long dockerRunCli() {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("/usr/bin/docker", "run", "-d", "--label", LABEL + "=1",
                    "--network", Networks.name(NetworkRequest.DEFAULT.subnetId()), TestImages.BUSYBOX, "sleep", "30")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
            return (System.nanoTime() - t0) / 1000;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private long createAndStartViaApi() {
        long t0 = System.nanoTime();
        String id = docker.control().createContainerCmd(TestImages.BUSYBOX).withCmd("sleep", "30")
                .withLabels(Map.of(LABEL, "1"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(Networks.name(NetworkRequest.DEFAULT.subnetId())))
                .exec().getId();
        docker.control().startContainerCmd(id).exec();
        return (System.nanoTime() - t0) / 1000;
    }

    private long driverStart(DockerTaskDriver driver, boolean waitForPool) {
        if (waitForPool) {
            awaitPool(driver);
        }
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        TaskSpec spec = new TaskSpec(id, "arn:aws:ecs:us-east-1:000000000000:task/homeport-test/" + id,
                DockerTaskDriverTest.TEST_CLUSTER, null,
                List.of(ContainerSpec.builder("app", TestImages.BUSYBOX).command("sleep", "30").build()), 256, 512);
        long t0 = System.nanoTime();
        driver.start(spec);
        long micros = (System.nanoTime() - t0) / 1000;
        assertThat(driver.inspect(id, "app").orElseThrow().isRunning()).isTrue();
        return micros;
    }

    /** Between RunTask calls the pool refills in the background; measure the steady state, not a burst. */
    private static void awaitPool(DockerTaskDriver driver) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (driver.idleSandboxes(NetworkRequest.DEFAULT.subnetId()) < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
