package dev.homeport.ecs.model;

import java.util.List;
import java.util.Map;

/**
 * The members of a container definition that Homeport acts on. It is a typed <em>view</em>: the
 * definition itself is stored and returned exactly as registered, so members not listed here
 * (portMappings, ulimits...) survive round trips untouched.
 */
public record ContainerDefinition(String name, String image, Integer cpu, Integer memory, Integer memoryReservation,
                                  Boolean essential, List<String> entryPoint, List<String> command,
                                  List<KeyValuePair> environment, List<ContainerSecret> secrets,
                                  List<ContainerDependency> dependsOn, Integer startTimeout, Integer stopTimeout,
                                  HealthCheck healthCheck, String workingDirectory, String user,
                                  Map<String, String> dockerLabels, LogConfiguration logConfiguration) {
    public boolean isEssential() {
        return essential == null || essential;
    }

    /** The log driver's secret options ({@code logConfiguration.secretOptions}); empty when there are none. */
    public List<ContainerSecret> logSecretOptions() {
        return logConfiguration == null || logConfiguration.secretOptions() == null ? List.of()
                : logConfiguration.secretOptions();
    }

    /** Whether the container reads anything from Secrets Manager or SSM at start: secrets or log secret options. */
    public boolean hasSecrets() {
        return secrets != null && !secrets.isEmpty() || !logSecretOptions().isEmpty();
    }

    /**
     * {@code logConfiguration}: the driver, its options, and options whose values come from Secrets Manager or SSM
     * ({@code secretOptions}, each a {@code name} and a {@code valueFrom}, read as the container's secrets are).
     */
    public record LogConfiguration(String logDriver, Map<String, String> options, List<ContainerSecret> secretOptions) {
    }
}
