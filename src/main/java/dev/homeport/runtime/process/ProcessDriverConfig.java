package dev.homeport.runtime.process;

import java.nio.file.Path;
import java.util.List;

/**
 * How the process runtime runs tasks.
 *
 * @param scratchRoot      where task directories are made ({@code <tmp>/homeport-tasks} by default)
 * @param hidden           files and directories tasks must not see: Homeport's data directory, its credentials file
 * @param bubblewrap       the {@code bwrap} executable
 * @param allowUnsandboxed run tasks without a sandbox when bubblewrap can't be used, instead of refusing them; only
 *                         with the operator's explicit {@code --unsafe-unsandboxed-processes}
 */
public record ProcessDriverConfig(Path scratchRoot, List<Path> hidden, Path bubblewrap, boolean allowUnsandboxed) {
    public static final Path BUBBLEWRAP = Path.of("/usr/bin/bwrap");

    public ProcessDriverConfig {
        scratchRoot = scratchRoot.toAbsolutePath().normalize();
        hidden = hidden.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The defaults: task directories in the system's temporary folder, nothing else hidden, sandbox required. */
    public static ProcessDriverConfig defaults() {
        return new ProcessDriverConfig(Path.of(System.getProperty("java.io.tmpdir"), "homeport-tasks"), List.of(),
                BUBBLEWRAP, false);
    }

    public ProcessDriverConfig withScratchRoot(Path root) {
        return new ProcessDriverConfig(root, hidden, bubblewrap, allowUnsandboxed);
    }

    public ProcessDriverConfig withHidden(List<Path> paths) {
        return new ProcessDriverConfig(scratchRoot, paths, bubblewrap, allowUnsandboxed);
    }

    public ProcessDriverConfig withBubblewrap(Path executable) {
        return new ProcessDriverConfig(scratchRoot, hidden, executable, allowUnsandboxed);
    }

    public ProcessDriverConfig withAllowUnsandboxed(boolean allow) {
        return new ProcessDriverConfig(scratchRoot, hidden, bubblewrap, allow);
    }

    /** True when {@code path} is, or is inside, a hidden path. */
    boolean hides(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return hidden.stream().anyMatch(p::startsWith);
    }
}
