package dev.homeport.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A container health check in the driver's terms (the ECS layer translates ECS's {@code HealthCheck} shape into it).
 *
 * <p>{@code command} starts with {@code CMD-SHELL} (the rest is one string run by {@code /bin/sh -c})
 * or {@code CMD} (the rest is an argv). The driver does not apply ECS's range validation
 * (interval 5–300 s, timeout 2–60 s, retries 1–10, startPeriod 0–300 s); that belongs to the ECS
 * layer, and tests need shorter intervals.
 *
 * <p>Semantics (identical to Docker's, which ECS uses): the first probe runs one {@code interval}
 * after start; a probe longer than {@code timeout} fails; {@code retries} consecutive failures make
 * the container UNHEALTHY; failures inside {@code startPeriod} don't count; one success makes it HEALTHY.
 */
public record HealthProbe(List<String> command, Duration interval, Duration timeout, int retries, Duration startPeriod) {

    public HealthProbe {
        command = List.copyOf(command);
        if (command.size() < 2 || !(command.getFirst().equals("CMD") || command.getFirst().equals("CMD-SHELL"))) {
            throw new IllegalArgumentException("health check command must be [CMD, argv...] or [CMD-SHELL, script]: " + command);
        }
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
        if (retries < 1) {
            throw new IllegalArgumentException("retries must be >= 1");
        }
    }

    /** ECS's defaults: interval 30 s, timeout 5 s, retries 3, no start period. */
    public static HealthProbe of(List<String> command) {
        return new HealthProbe(command, Duration.ofSeconds(30), Duration.ofSeconds(5), 3, Duration.ZERO);
    }

    /** {@code true} for the CMD-SHELL form. */
    public boolean isShell() {
        return command.getFirst().equals("CMD-SHELL");
    }

    /** The argv to execute: {@code [/bin/sh, -c, script]} for CMD-SHELL, the given argv for CMD. */
    public List<String> argv() {
        return isShell() ? List.of("/bin/sh", "-c", String.join(" ", command.subList(1, command.size())))
                : command.subList(1, command.size());
    }
}
