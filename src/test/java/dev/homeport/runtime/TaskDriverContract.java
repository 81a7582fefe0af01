package dev.homeport.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link TaskDriver} must have, run against each implementation. Commands are POSIX
 * shell so that they mean the same on the host ({@code /bin/sh}) and in the busybox test image.
 */
public abstract class TaskDriverContract {

    protected static final Duration WAIT = Duration.ofSeconds(20);

    private final List<String> tasksToDestroy = new ArrayList<>();

    /** The driver under test; shared by the tests of one class. */
    protected abstract TaskDriver driver();

    /** An image that has /bin/sh and the usual busybox applets (ignored by drivers without images). */
    protected abstract String image();

    @AfterEach
    void destroyTasks() {
        tasksToDestroy.forEach(driver()::destroy);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    protected static String newTaskId() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    protected ContainerSpec.Builder shell(String name, String script) {
        return ContainerSpec.builder(name, image()).command("/bin/sh", "-c", script);
    }

    protected TaskSpec task(ContainerSpec... containers) {
        String id = newTaskId();
        tasksToDestroy.add(id);
        return new TaskSpec(id, "arn:aws:ecs:us-east-1:000000000000:task/homeport-test/" + id,
                "arn:aws:ecs:us-east-1:000000000000:cluster/homeport-test", null, List.of(containers), 256, 512);
    }

    protected ExitResult exitOf(TaskSpec task, String container) throws InterruptedException {
        return driver().awaitExit(task.taskId(), container, WAIT).orElseThrow(() -> new AssertionError("no exit within " + WAIT));
    }

    protected List<LogLine> logsUntilExit(TaskSpec task, String container) throws InterruptedException {
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        try (LogSubscription sub = driver().logs(task.taskId(), container, lines::add)) {
            assertThat(sub.awaitCompletion(WAIT)).as("log stream completes after exit").isTrue();
        }
        return lines;
    }

    protected static List<String> messages(List<LogLine> lines, LogLine.Stream stream) {
        return lines.stream().filter(l -> l.stream() == stream).map(LogLine::message).toList();
    }

    protected static void eventually(Duration timeout, Supplier<Boolean> condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    protected ContainerState state(TaskSpec task, String container) {
        return driver().inspect(task.taskId(), container).orElseThrow();
    }

    // ---- the contract --------------------------------------------------------------------------------

    @Test
    void reportsTheExitCode() throws Exception {
        TaskSpec task = task(shell("app", "exit 3").build());
        Drivers.start(driver(), task);

        assertThat(exitOf(task, "app").exitCode()).isEqualTo(3);
        ContainerState state = state(task, "app");
        assertThat(state.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(state.startedAt()).isNotNull();
        assertThat(state.finishedAt()).isNotNull();
    }

    @Test
    void environmentReachesTheProcessButTheServersDoesNot() throws Exception {
        // surefire sets HOMEPORT_TEST for the server JVM; a task must only ever see its own environment
        TaskSpec task = task(shell("app", "echo \"FOO=$FOO\"; echo \"SPACED=$SPACED\"; echo \"leak=${HOMEPORT_TEST:-none}\"")
                .env("FOO", "bar").env("SPACED", "a b  c").build());
        Drivers.start(driver(), task);

        assertThat(messages(logsUntilExit(task, "app"), LogLine.Stream.STDOUT))
                .containsExactly("FOO=bar", "SPACED=a b  c", "leak=none");
    }

    @Test
    void entryPointAndCommandAreConcatenated() throws Exception {
        TaskSpec task = task(ContainerSpec.builder("app", image())
                .entryPoint("/bin/sh", "-c").command("echo \"$0 $1\"", "first", "second").build());
        Drivers.start(driver(), task);

        assertThat(messages(logsUntilExit(task, "app"), LogLine.Stream.STDOUT)).containsExactly("first second");
    }

    @Test
    void logsCarryStreamAndTimestampInOrder() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        TaskSpec task = task(shell("app", "echo out1; echo err1 >&2; echo out2; echo err2 >&2").build());
        Drivers.start(driver(), task);

        List<LogLine> lines = logsUntilExit(task, "app");
        assertThat(messages(lines, LogLine.Stream.STDOUT)).containsExactly("out1", "out2");
        assertThat(messages(lines, LogLine.Stream.STDERR)).containsExactly("err1", "err2");
        assertThat(lines).allSatisfy(l -> assertThat(l.timestamp()).isAfter(before).isBefore(Instant.now().plusSeconds(1)));
    }

    @Test
    void stopLetsATrappingProcessExitCleanly() throws Exception {
        TaskSpec task = task(shell("app", "trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 1 & wait $!; done").build());
        Drivers.start(driver(), task);
        awaitLine(task, "app", "ready");

        Instant t0 = Instant.now();
        driver().stop(task.taskId(), "app", Duration.ofSeconds(10));

        assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(exitOf(task, "app").exitCode()).isZero();
        assertThat(state(task, "app").status()).isEqualTo(ContainerStatus.EXITED);
    }

    @Test
    void stopKillsAProcessIgnoringSigtermAfterTheGrace() throws Exception {
        TaskSpec task = task(shell("app", "trap '' TERM; echo ready; while true; do sleep 1 & wait $!; done").build());
        Drivers.start(driver(), task);
        awaitLine(task, "app", "ready");

        Instant t0 = Instant.now();
        driver().stop(task.taskId(), "app", Duration.ofSeconds(1));

        assertThat(Duration.between(t0, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(exitOf(task, "app").exitCode()).as("128 + SIGKILL").isEqualTo(137);
    }

    @Test
    void runsSeveralContainersOfOneTaskIndependently() throws Exception {
        TaskSpec task = task(shell("web", "echo web; sleep 30").build(), shell("sidecar", "echo sidecar; exit 5").build());
        TaskHandle handle = Drivers.start(driver(), task);

        assertThat(handle.containers()).extracting(ContainerHandle::name).containsExactly("web", "sidecar");
        assertThat(exitOf(task, "sidecar").exitCode()).isEqualTo(5);
        assertThat(state(task, "web").status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(driver().inspectTask(task.taskId())).extracting(ContainerState::name).containsExactly("web", "sidecar");

        Drivers.stopTask(driver(), task.taskId(), Duration.ofSeconds(1));
        assertThat(driver().inspectTask(task.taskId())).allSatisfy(s -> assertThat(s.status()).isEqualTo(ContainerStatus.EXITED));
    }

    @Test
    void provisionCreatesWithoutStartingSoTheSupervisorCanOrderStarts() throws Exception {
        TaskSpec task = task(shell("init", "echo init done").build(), shell("app", "echo app; sleep 30").build());
        TaskHandle handle = driver().provision(task);

        assertThat(handle.network().privateIpv4Address()).isNotBlank();
        assertThat(handle.network().macAddress()).isNotBlank();
        assertThat(driver().inspectTask(task.taskId())).allSatisfy(s -> assertThat(s.status()).isEqualTo(ContainerStatus.CREATED));

        driver().startContainer(task.taskId(), "init");
        assertThat(exitOf(task, "init").exitCode()).isZero(); // dependsOn: COMPLETE
        assertThat(state(task, "app").status()).isEqualTo(ContainerStatus.CREATED);

        driver().startContainer(task.taskId(), "app");
        eventually(WAIT, () -> state(task, "app").isRunning(), "app running");
        driver().startContainer(task.taskId(), "init"); // an exited container is never restarted
        assertThat(state(task, "init").status()).isEqualTo(ContainerStatus.EXITED);
    }

    @Test
    void healthGoesFromUnknownToHealthyToUnhealthy() throws Exception {
        HealthProbe check = new HealthProbe(List.of("CMD-SHELL", "test -f ready"),
                Duration.ofMillis(300), Duration.ofSeconds(2), 2, Duration.ofSeconds(30));
        TaskSpec task = task(shell("app", "sleep 2; touch ready; sleep 3; rm ready; sleep 60")
                .healthCheck(check).build(), shell("nocheck", "sleep 60").build());
        Drivers.start(driver(), task);

        assertThat(state(task, "app").health()).isEqualTo(HealthStatus.UNKNOWN);
        eventually(Duration.ofSeconds(8), () -> state(task, "app").health() == HealthStatus.HEALTHY, "HEALTHY");
        // the start period no longer protects a container that has been healthy once
        eventually(Duration.ofSeconds(10), () -> state(task, "app").health() == HealthStatus.UNHEALTHY, "UNHEALTHY");
        assertThat(state(task, "nocheck").health()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void healthCheckInCmdFormRunsAnArgv() throws Exception {
        HealthProbe check = new HealthProbe(List.of("CMD", "/bin/sh", "-c", "exit 0"),
                Duration.ofMillis(300), Duration.ofSeconds(2), 1, Duration.ZERO);
        TaskSpec task = task(shell("app", "sleep 60").healthCheck(check).build());
        Drivers.start(driver(), task);

        eventually(Duration.ofSeconds(8), () -> state(task, "app").health() == HealthStatus.HEALTHY, "HEALTHY");
    }

    @Test
    void aContainerThatCannotStartFailsTheWholeStart() {
        TaskSpec task = task(shell("ok", "sleep 30").build(),
                ContainerSpec.builder("broken", image()).entryPoint("/nonexistent/binary").build());

        assertThatThrownBy(() -> Drivers.start(driver(), task))
                .isInstanceOfSatisfying(TaskStartException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TaskStartException.Kind.CANNOT_START_CONTAINER);
                    assertThat(e.containerName()).isEqualTo("broken");
                    assertThat(e.reason()).startsWith("CannotStartContainerError: ");
                });
        assertThat(driver().inspectTask(task.taskId())).as("start() is all or nothing").isEmpty();
    }

    @Test
    void userIsHonouredOrRefusedAsDeclared() throws Exception {
        TaskSpec task = task(shell("app", "id -u").user("4242").build());
        if (driver().capabilities().userSwitching()) {
            Drivers.start(driver(), task);
            assertThat(messages(logsUntilExit(task, "app"), LogLine.Stream.STDOUT)).containsExactly("4242");
        } else {
            assertThatThrownBy(() -> driver().provision(task)).isInstanceOfSatisfying(TaskStartException.class,
                    e -> assertThat(e.kind()).isEqualTo(TaskStartException.Kind.CANNOT_CREATE_CONTAINER));
        }
    }

    @Test
    void privateIpMatchesTheDeclaredCapabilities() {
        TaskSpec task = task(shell("app", "sleep 30").build());
        TaskHandle handle = driver().provision(task);

        String ip = handle.network().privateIpv4Address();
        if (driver().capabilities().privateIpIsLoopback()) {
            assertThat(ip).isEqualTo("127.0.0.1");
        } else {
            assertThat(ip).isNotEqualTo("127.0.0.1").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void missingTasksAndContainersAreNotErrors() throws Exception {
        String unknown = newTaskId();
        assertThat(driver().inspect(unknown, "app")).isEmpty();
        assertThat(driver().inspectTask(unknown)).isEmpty();
        assertThat(driver().awaitExit(unknown, "app", Duration.ofSeconds(1))).get()
                .satisfies(r -> assertThat(r.exitCode()).isNull());
        driver().stop(unknown, "app", Duration.ofSeconds(1));
        Drivers.stopTask(driver(), unknown, Duration.ofSeconds(1));
        driver().destroy(unknown);
        try (LogSubscription sub = driver().logs(unknown, "app", line -> { })) {
            assertThat(sub.awaitCompletion(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void destroyRemovesEverythingAndIsIdempotent() throws Exception {
        TaskSpec task = task(shell("app", "sleep 60").build(), shell("side", "sleep 60").build());
        Drivers.start(driver(), task);

        driver().destroy(task.taskId());

        assertThat(driver().inspectTask(task.taskId())).isEmpty();
        assertThat(driver().awaitExit(task.taskId(), "app", Duration.ofSeconds(1))).get()
                .satisfies(r -> assertThat(r.reason()).contains("no longer exists"));
        driver().destroy(task.taskId());
    }

    @Test
    void awaitExitTimesOutWhileRunning() throws Exception {
        TaskSpec task = task(shell("app", "sleep 30").build());
        Drivers.start(driver(), task);

        assertThat(driver().awaitExit(task.taskId(), "app", Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void provisioningTheSameTaskTwiceIsRefused() {
        TaskSpec task = task(shell("app", "sleep 30").build());
        driver().provision(task);

        assertThatThrownBy(() -> driver().provision(task)).isInstanceOf(IllegalStateException.class);
        assertThat(driver().inspectTask(task.taskId())).hasSize(1);
    }

    private void awaitLine(TaskSpec task, String container, String text) throws InterruptedException {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (LogSubscription sub = driver().logs(task.taskId(), container, l -> seen.add(l.message()))) {
            eventually(WAIT, () -> seen.contains(text), "line '" + text + "'");
        }
    }
}
