package dev.homeport.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One container of a task, already resolved by ECS (secrets turned into environment values,
 * ECS-provided variables such as {@code AWS_REGION} added). Optional fields are {@code null}
 * (scalars) or empty (lists, maps) when unset.
 *
 * @param name                 ECS container name: letters, digits, '-' and '_' (up to 255)
 * @param image                image reference; ignored by drivers without image isolation
 * @param entryPoint           overrides the image's ENTRYPOINT when non-empty (Docker then drops the image's CMD too)
 * @param command              overrides the image's CMD when non-empty
 * @param environment          final environment; insertion order kept
 * @param workingDirectory     working directory, or null for the image default
 * @param user                 {@code user}, {@code uid}, {@code user:group} or {@code uid:gid}, or null
 * @param cpuUnits             ECS container {@code cpu} (1024 = one vCPU), a relative weight (CpuShares); null = unset
 * @param memoryMiB            ECS {@code memory}: hard limit in MiB, or null (then the task's memory caps it)
 * @param memoryReservationMiB ECS {@code memoryReservation}: soft limit in MiB, or null
 * @param healthCheck          health check, or null for none (health is then always UNKNOWN, as in ECS)
 * @param stopTimeout          ECS {@code stopTimeout}: grace between SIGTERM and SIGKILL; null = ECS default 30 s
 * @param essential            ECS {@code essential}; for the supervisor, drivers don't act on it
 * @param dependsOn            ECS {@code dependsOn}; for the supervisor, drivers don't act on it
 * @param initProcessEnabled   ECS {@code linuxParameters.initProcessEnabled}: run an init as PID 1 that forwards signals
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> entryPoint,
        List<String> command,
        Map<String, String> environment,
        String workingDirectory,
        String user,
        Integer cpuUnits,
        Integer memoryMiB,
        Integer memoryReservationMiB,
        HealthProbe healthCheck,
        Duration stopTimeout,
        boolean essential,
        List<StartDependency> dependsOn,
        boolean initProcessEnabled) {

    /** ECS's default {@code stopTimeout}. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid container name: " + name);
        }
        entryPoint = entryPoint == null ? List.of() : List.copyOf(entryPoint);
        command = command == null ? List.of() : List.copyOf(command);
        // Map.copyOf would lose the order; the order matters for humans reading `docker inspect`
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        stopTimeout = stopTimeout == null ? DEFAULT_STOP_TIMEOUT : stopTimeout;
    }

    /** entryPoint followed by command: the argv a driver without images executes. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(entryPoint);
        argv.addAll(command);
        return List.copyOf(argv);
    }

    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    /** Fluent builder; {@code essential} defaults to true as in ECS. */
    public static final class Builder {
        private final String name;
        private final String image;
        private List<String> entryPoint = List.of();
        private List<String> command = List.of();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String workingDirectory;
        private String user;
        private Integer cpuUnits;
        private Integer memoryMiB;
        private Integer memoryReservationMiB;
        private HealthProbe healthCheck;
        private Duration stopTimeout;
        private boolean essential = true;
        private List<StartDependency> dependsOn = List.of();
        private boolean initProcessEnabled;

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        public Builder entryPoint(String... argv) { this.entryPoint = List.of(argv); return this; }
        public Builder entryPoint(List<String> argv) { this.entryPoint = argv; return this; }
        public Builder command(String... argv) { this.command = List.of(argv); return this; }
        public Builder command(List<String> argv) { this.command = argv; return this; }
        public Builder env(String key, String value) { environment.put(key, value); return this; }
        public Builder environment(Map<String, String> env) { environment.putAll(env); return this; }
        public Builder workingDirectory(String dir) { this.workingDirectory = dir; return this; }
        public Builder user(String user) { this.user = user; return this; }
        public Builder cpuUnits(Integer units) { this.cpuUnits = units; return this; }
        public Builder memoryMiB(Integer mib) { this.memoryMiB = mib; return this; }
        public Builder memoryReservationMiB(Integer mib) { this.memoryReservationMiB = mib; return this; }
        public Builder healthCheck(HealthProbe check) { this.healthCheck = check; return this; }
        public Builder stopTimeout(Duration timeout) { this.stopTimeout = timeout; return this; }
        public Builder essential(boolean essential) { this.essential = essential; return this; }
        public Builder dependsOn(List<StartDependency> deps) { this.dependsOn = deps; return this; }
        public Builder initProcessEnabled(boolean enabled) { this.initProcessEnabled = enabled; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(name, image, entryPoint, command, environment, workingDirectory, user,
                    cpuUnits, memoryMiB, memoryReservationMiB, healthCheck, stopTimeout, essential, dependsOn,
                    initProcessEnabled);
        }
    }
}
