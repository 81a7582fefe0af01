package dev.homeport.runtime.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.homeport.runtime.ContainerState;
import dev.homeport.runtime.ContainerStatus;
import dev.homeport.runtime.ExitResult;
import dev.homeport.runtime.HealthStatus;

import java.time.Instant;

/** Maps {@code docker inspect} to the runtime's records. */
final class DockerStates {

    /** The reason ECS gives for a container the kernel OOM-killed. */
    static final String OOM_REASON = "OutOfMemoryError: Container killed due to memory usage";

    private DockerStates() {
    }

    static ContainerState state(String name, InspectContainerResponse i) {
        InspectContainerResponse.ContainerState s = i.getState();
        ContainerStatus status = status(s.getStatus());
        Integer exit = status == ContainerStatus.EXITED && s.getExitCodeLong() != null ? s.getExitCodeLong().intValue() : null;
        return new ContainerState(name, i.getId(), status, exit, health(s), instant(s.getStartedAt()),
                status == ContainerStatus.EXITED ? instant(s.getFinishedAt()) : null, reason(s));
    }

    static ExitResult exit(InspectContainerResponse i) {
        InspectContainerResponse.ContainerState s = i.getState();
        return new ExitResult(s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue(),
                instant(s.getFinishedAt()), reason(s));
    }

    private static ContainerStatus status(String dockerStatus) {
        return switch (dockerStatus == null ? "" : dockerStatus) {
            case "created" -> ContainerStatus.CREATED;
            // paused and restarting containers still hold their processes
            case "running", "paused", "restarting" -> ContainerStatus.RUNNING;
            default -> ContainerStatus.EXITED; // exited, dead, removing
        };
    }

    private static HealthStatus health(InspectContainerResponse.ContainerState s) {
        if (s.getHealth() == null || s.getHealth().getStatus() == null) {
            return HealthStatus.UNKNOWN;
        }
        return switch (s.getHealth().getStatus()) {
            case "healthy" -> HealthStatus.HEALTHY;
            case "unhealthy" -> HealthStatus.UNHEALTHY;
            default -> HealthStatus.UNKNOWN; // "starting", "none"
        };
    }

    private static String reason(InspectContainerResponse.ContainerState s) {
        if (Boolean.TRUE.equals(s.getOOMKilled())) {
            return OOM_REASON;
        }
        return s.getError() == null || s.getError().isBlank() ? null : s.getError();
    }

    /** Docker writes "0001-01-01T00:00:00Z" for times that never happened. */
    static Instant instant(String dockerTime) {
        if (dockerTime == null || dockerTime.startsWith("0001-")) {
            return null;
        }
        return Instant.parse(dockerTime);
    }
}
