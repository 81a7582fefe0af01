package dev.homeport.runtime.process;

import dev.homeport.runtime.ContainerSpec;
import dev.homeport.runtime.LogLine;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.TaskSpec;
import dev.homeport.runtime.TaskStartException;
import dev.homeport.testing.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A process task tries to reach what Homeport keeps from it; every attempt must fail, and the sandbox is required. */
class BubblewrapSandboxTest {
    @TempDir
    Path dir;

    static void requireBubblewrap() {
        Prerequisite.require(Files.isExecutable(ProcessDriverConfig.BUBBLEWRAP), "bubblewrap (/usr/bin/bwrap)");
    }

    @Test
    void aTaskCannotReadHomeportsKeysOrEnvironmentNorSignalIt() throws Exception {
        requireBubblewrap();
        // Outside /tmp (which tasks get a private one of), so it is the explicit hiding that is tested.
        Path outside = Files.createDirectories(Path.of("target", "sandbox-test-" + UUID.randomUUID())).toAbsolutePath();
        Path data = Files.createDirectories(outside.resolve("data"));
        Path keyset = Files.writeString(data.resolve("master-keyset.json"), "KEYSET-SECRET");
        Path database = Files.writeString(data.resolve("homeport.db"), "DATABASE-SECRET");
        Path credentials = Files.writeString(outside.resolve("credentials"), "CREDENTIALS-SECRET");
        for (Path p : List.of(keyset, database, credentials)) {
            // Readable by all: only the sandbox's hiding stands between them and the task.
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        long homeport = ProcessHandle.current().pid();
        String script = String.join("; ",
                attempt("keyset", "cat " + keyset),
                attempt("database", "cat " + database),
                attempt("credentials", "cat " + credentials),
                attempt("environ", "cat /proc/" + homeport + "/environ"),
                attempt("maps", "head -c 100 /proc/" + homeport + "/maps"),
                attempt("signal", "kill -0 " + homeport),
                attempt("other-task", "ls " + dir.resolve("tasks").resolve("other")),
                attempt("allowed", "head -c 11 /etc/os-release"),
                attempt("home", "echo written > $HOME/x && cat $HOME/x"));
        ProcessDriverConfig config = ProcessDriverConfig.defaults().withScratchRoot(dir.resolve("tasks"))
                .withHidden(List.of(data, credentials));
        try (ProcessTaskDriver driver = new ProcessTaskDriver(config)) {
            Files.createDirectory(dir.resolve("tasks").resolve("other"));
            TaskSpec task = task(ContainerSpec.builder("app", "ignored").entryPoint("sh", "-c").command(script).build());
            driver.provision(task);
            List<String> out = new ArrayList<>();
            driver.logs(task.taskId(), "app", line -> {
                if (line.stream() == LogLine.Stream.STDOUT) {
                    out.add(line.message());
                }
            });
            driver.startContainer(task.taskId(), "app");
            assertThat(driver.awaitExit(task.taskId(), "app", Duration.ofSeconds(20))).isPresent();
            driver.destroy(task.taskId());
            Thread.sleep(200); // the last lines
            assertThat(out).contains("keyset: denied", "database: denied", "credentials: denied", "environ: denied",
                    "maps: denied", "signal: denied", "other-task: denied", "allowed: PRETTY_NAME", "home: written");
            assertThat(String.join("\n", out)).doesNotContain("SECRET");
        } finally {
            dev.homeport.testing.HomeportServer.deleteRecursively(outside);
        }
    }

    /** One shell step: prints {@code name: <output>} when the command succeeds and {@code name: denied} when not. */
    private static String attempt(String name, String command) {
        return "if r=$(" + command + " 2>/dev/null); then echo \"" + name + ": $r\"; else echo \"" + name
                + ": denied\"; fi";
    }

    @Test
    void withoutBubblewrapTasksAreRefusedUnlessTheOperatorSaysOtherwise() throws Exception {
        ProcessDriverConfig missing = ProcessDriverConfig.defaults().withScratchRoot(dir.resolve("tasks"))
                .withBubblewrap(dir.resolve("no-such-bwrap"));
        try (ProcessTaskDriver driver = new ProcessTaskDriver(missing)) {
            assertThat(driver.capabilities().isolation()).startsWith("none available: tasks are refused");
            TaskSpec task = task(ContainerSpec.builder("app", "ignored").entryPoint("true").build());
            assertThatThrownBy(() -> driver.provision(task)).isInstanceOfSatisfying(TaskStartException.class, e -> {
                assertThat(e.kind()).isEqualTo(TaskStartException.Kind.RESOURCE_INITIALIZATION);
                assertThat(e.reason()).contains("cannot isolate tasks").contains("not installed")
                        .contains("--unsafe-unsandboxed-processes");
            });
        }
        try (ProcessTaskDriver driver = new ProcessTaskDriver(missing.withAllowUnsandboxed(true))) {
            assertThat(driver.capabilities().isolation()).startsWith("none: tasks run as Homeport's user");
            TaskSpec task = task(ContainerSpec.builder("app", "ignored").entryPoint("sh", "-c").command("exit 4").build());
            driver.provision(task);
            driver.startContainer(task.taskId(), "app");
            assertThat(driver.awaitExit(task.taskId(), "app", Duration.ofSeconds(20)).orElseThrow().exitCode())
                    .isEqualTo(4);
            driver.destroy(task.taskId());
        }
    }

    @Test
    void taskDirectoriesAreTheirOwnersAlone() throws Exception {
        requireBubblewrap();
        try (ProcessTaskDriver driver = new ProcessTaskDriver(ProcessDriverConfig.defaults()
                .withScratchRoot(dir.resolve("tasks")))) {
            TaskSpec task = task(ContainerSpec.builder("app", "ignored").entryPoint("true").build());
            driver.provision(task);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve("tasks").resolve(task.taskId())))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tasks"))))
                    .isIn("rwx------", "rwx--x--x");
            driver.destroy(task.taskId());
        }
    }

    @Test
    void aWorkingDirectoryInsideAHiddenPathIsRefused() throws Exception {
        requireBubblewrap();
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ProcessTaskDriver driver = new ProcessTaskDriver(ProcessDriverConfig.defaults()
                .withScratchRoot(dir.resolve("tasks")).withHidden(List.of(data)))) {
            TaskSpec task = task(ContainerSpec.builder("app", "ignored").entryPoint("true")
                    .workingDirectory(data.toString()).build());
            assertThatThrownBy(() -> driver.provision(task)).isInstanceOfSatisfying(TaskStartException.class,
                    e -> assertThat(e.reason()).contains("keeps from tasks"));
        }
    }

    private static TaskSpec task(ContainerSpec container) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return new TaskSpec(id, "arn:aws:ecs:us-east-1:000000000000:task/default/" + id, "default",
                NetworkRequest.DEFAULT, List.of(container), null, null);
    }
}
