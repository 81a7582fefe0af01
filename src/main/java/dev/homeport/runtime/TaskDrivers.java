package dev.homeport.runtime;

import dev.homeport.runtime.docker.DockerConnection;
import dev.homeport.runtime.docker.DockerDriverConfig;
import dev.homeport.runtime.docker.DockerTaskDriver;
import dev.homeport.runtime.process.ProcessDriverConfig;
import dev.homeport.runtime.process.ProcessTaskDriver;

import java.time.Duration;
import java.util.Locale;
import java.util.logging.Logger;

/** Picks the task driver: Docker when an engine answers, local processes otherwise, or what the user forces. */
public final class TaskDrivers {

    private static final Logger LOG = Logger.getLogger(TaskDrivers.class.getName());
    /** How long "auto" waits for the engine: a missing engine must not slow the server's start. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    /** The driver choice, e.g. from {@code --driver} or {@code HOMEPORT_DRIVER}. */
    public enum Choice {
        AUTO, DOCKER, PROCESS;

        /** "auto", "docker" or "process", any case; null or blank means AUTO. */
        public static Choice parse(String value) {
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown task driver '" + value + "': use auto, docker or process", e);
            }
        }
    }

    private TaskDrivers() {
    }

    /**
     * @return a Docker driver for DOCKER (failing if the engine is unreachable), a process driver for PROCESS,
     *         and for AUTO Docker if the engine answers a ping within {@link #PING_TIMEOUT}, else processes
     * @throws TaskDriverException when DOCKER is forced and the engine can't be used
     */
    public static TaskDriver create(Choice choice, DockerDriverConfig docker, ProcessDriverConfig processes) {
        TaskDriver driver = switch (choice) {
            case DOCKER -> new DockerTaskDriver(docker);
            case PROCESS -> new ProcessTaskDriver(processes);
            case AUTO -> {
                if (DockerConnection.ping(docker.dockerHost(), PING_TIMEOUT)) {
                    LOG.info("task runtime: Docker, which answered at " + docker.dockerHost());
                    yield new DockerTaskDriver(docker);
                }
                LOG.info("task runtime: local processes, as no Docker engine answers at " + docker.dockerHost());
                yield new ProcessTaskDriver(processes);
            }
        };
        LOG.info("task runtime " + driver.capabilities().name() + "; isolation: " + driver.capabilities().isolation());
        return driver;
    }
}
