package dev.homeport.runtime.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the process runtime starts a container's command. A process task runs host binaries with whatever the
 * server process can reach, so without a sandbox it could read Homeport's keyset, database and credentials, or
 * its environment and memory through {@code /proc}, and signal it: any caller allowed to RunTask could read every
 * secret. {@link Bubblewrap} is the default; {@link Unsandboxed} only exists for an operator who asks for it by
 * name, and says so wherever the runtime is described.
 */
sealed interface ProcessSandbox permits Bubblewrap, ProcessSandbox.Unsandboxed {

    /**
     * The command line that runs {@code argv} in the sandbox.
     *
     * @param scratch    the task's own directory (its HOME and default working directory), the one place it may
     *                   write to on the host
     * @param workingDir where the command starts
     * @param user       the ECS {@code user} ({@code uid} or {@code uid:gid}), or null for the sandbox's default
     */
    List<String> command(List<String> argv, Path scratch, Path workingDir, String user);

    /**
     * The process that runs the container's command, given the process started with {@link #command}: what a
     * stop signals (SIGTERM, then SIGKILL), as {@code docker stop} signals a container's main process.
     */
    Optional<ProcessHandle> mainProcess(Process started);

    /** What isolation a task gets, in words for the health endpoint, the console and the logs. */
    String isolation();

    /** Whether an ECS {@code user} other than the server's own can be honoured. */
    boolean userSwitching();

    /** Prepares a new task directory for the identity the task runs as (it is created 0700 by the driver). */
    default void prepareScratch(Path scratch) {
    }

    /**
     * Runs commands as they are, as the server's user, seeing everything the server sees. Only with the operator's
     * explicit {@code --unsafe-unsandboxed-processes}: every task can then read every secret.
     */
    record Unsandboxed() implements ProcessSandbox {
        @Override
        public List<String> command(List<String> argv, Path scratch, Path workingDir, String user) {
            return argv;
        }

        @Override
        public Optional<ProcessHandle> mainProcess(Process started) {
            return Optional.of(started.toHandle());
        }

        @Override
        public String isolation() {
            return "none: tasks run as Homeport's user and can read its keys and secrets "
                    + "(--unsafe-unsandboxed-processes)";
        }

        @Override
        public boolean userSwitching() {
            return false;
        }
    }
}
