package dev.homeport.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Each container of a process task in a bubblewrap ({@code bwrap}) sandbox: new user, PID, IPC and UTS namespaces,
 * the host's file system read-only, a private {@code /tmp}, {@code /proc} of its own PID namespace, Homeport's
 * data directory, credentials and every other task's directory hidden, and only its own task directory writable.
 * When Homeport runs as root, bwrap sets the sandbox up as root and the command then becomes the unprivileged
 * {@code nobody} (uid 65534, or the container's numeric {@code user}; no capabilities, no new privileges;
 * {@code setpriv} from util-linux), so even a path that was not hidden is read with nobody's rights, and Homeport's
 * processes can't be signalled. Otherwise it gets a user namespace of its own. The network is the host's (loopback), as the
 * process runtime has always given it.
 *
 * <p>bwrap's own init is the PID namespace's init and the command runs under it, as with ECS's
 * {@code initProcessEnabled}: a stop's SIGTERM reaches the command with its default action (a process that is its
 * namespace's init ignores signals it has no handler for, which would turn every stop of a plain {@code sleep} into
 * a 30-second wait for SIGKILL), and when the command exits the init exits and every other process of the
 * container dies with it. {@code --die-with-parent} makes the container die with Homeport.
 */
final class Bubblewrap implements ProcessSandbox {
    /** Debian's {@code nobody}: an identity that owns nothing. */
    static final int NOBODY = 65534;
    private static final Pattern NUMERIC_USER = Pattern.compile("\\d{1,9}(:\\d{1,9})?");
    private static final Duration MAIN_PROCESS_WAIT = Duration.ofSeconds(2);

    private final Path bwrap;
    private final boolean dropToNobody;
    private final Path scratchRoot;
    private final List<Path> hidden;

    private Bubblewrap(Path bwrap, boolean dropToNobody, Path scratchRoot, List<Path> hidden) {
        this.bwrap = bwrap;
        this.dropToNobody = dropToNobody;
        this.scratchRoot = scratchRoot;
        this.hidden = List.copyOf(hidden);
    }

    /** Whether bubblewrap can run here, and why not when it can't. */
    sealed interface Probe permits Works, Unavailable {
    }

    record Works(Bubblewrap sandbox) implements Probe {
    }

    record Unavailable(String reason) implements Probe {
    }

    /**
     * Tries the sandbox once (a {@code true} inside it), so a machine where it can't work is found at start rather
     * than at the first task.
     *
     * @param hidden paths tasks must not see (Homeport's data directory, its credentials file, ...)
     */
    static Probe probe(Path bwrap, Path scratchRoot, List<Path> hidden) {
        if (!Files.isExecutable(bwrap)) {
            return new Unavailable(bwrap + " is not installed (Debian: apt-get install bubblewrap)");
        }
        boolean root = CurrentUser.get().uid() == 0;
        Bubblewrap sandbox = new Bubblewrap(bwrap, root, scratchRoot, hidden);
        List<String> check = sandbox.command(List.of("true"), null, Path.of("/"), null);
        try {
            Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Unavailable("bubblewrap did not finish a trial run within 10 s");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                return new Unavailable("bubblewrap cannot create a sandbox here (exit " + p.exitValue() + "): "
                        + (output.length() > 300 ? output.substring(0, 300) : output));
            }
        } catch (IOException e) {
            return new Unavailable("bubblewrap could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted while trying bubblewrap");
        }
        return new Works(sandbox);
    }

    @Override
    public List<String> command(List<String> argv, Path scratch, Path workingDir, String user) {
        List<String> cmd = new ArrayList<>(List.of(bwrap.toString(), "--die-with-parent", "--new-session",
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"));
        String[] ids = user == null ? null : user.split(":", 2);
        if (!dropToNobody) {
            // Unprivileged: a user namespace of its own, where the declared uid is honoured as it is in a container.
            cmd.add("--unshare-user");
            if (ids != null) {
                cmd.addAll(List.of("--uid", ids[0], "--gid", ids.length > 1 ? ids[1] : ids[0]));
            }
        }
        cmd.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
        for (Path h : hidden) {
            if (Files.isDirectory(h)) {
                cmd.addAll(List.of("--tmpfs", h.toString()));
            } else if (Files.exists(h)) {
                cmd.addAll(List.of("--ro-bind", "/dev/null", h.toString()));
            }
        }
        // Every task's directory is hidden, then the task's own is put back, writable.
        cmd.addAll(List.of("--tmpfs", scratchRoot.toString()));
        if (scratch != null) {
            cmd.addAll(List.of("--bind", scratch.toString(), scratch.toString()));
        }
        cmd.addAll(List.of("--chdir", workingDir.toString(), "--"));
        if (dropToNobody) {
            // bwrap sets the sandbox up as root (so it reaches any path it must mount), then the command becomes an
            // unprivileged user for good: no capabilities, none to regain, no setuid programs.
            String uid = ids == null ? Integer.toString(NOBODY) : ids[0];
            String gid = ids == null ? uid : ids.length > 1 ? ids[1] : ids[0];
            cmd.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs", "--"));
        }
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * bwrap starts the namespace's init as its only child, and the init starts the command as its only child: that
     * grandchild is the container's main process.
     */
    @Override
    public Optional<ProcessHandle> mainProcess(Process started) {
        long deadline = System.nanoTime() + MAIN_PROCESS_WAIT.toNanos();
        while (started.isAlive()) {
            Optional<ProcessHandle> command = started.toHandle().children().findFirst()
                    .flatMap(init -> init.children().findFirst());
            if (command.isPresent() || System.nanoTime() > deadline) {
                return command;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public String isolation() {
        return "bubblewrap sandbox: own user, PID, IPC and UTS namespaces; host file system read-only; Homeport's "
                + "data, credentials and other tasks hidden" + (dropToNobody ? "; runs as nobody (uid 65534)" : "");
    }

    /** A numeric uid (and gid) is honoured inside the user namespace, as Docker honours it inside a container. */
    @Override
    public boolean userSwitching() {
        return true;
    }

    static boolean isNumericUser(String user) {
        return NUMERIC_USER.matcher(user).matches();
    }

    /** The task's directory belongs to the identity the task runs as, so only that identity can write there. */
    @Override
    public void prepareScratch(Path scratch) {
        if (!dropToNobody) {
            return;
        }
        try {
            Files.setAttribute(scratch, "unix:uid", NOBODY);
            Files.setAttribute(scratch, "unix:gid", NOBODY);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot give " + scratch + " to uid " + NOBODY, e);
        }
    }
}
