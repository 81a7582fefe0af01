package dev.homeport.ecs.model;

import java.util.List;
import java.util.Map;

/**
 * The members of a container definition that Homeport acts on. It is a typed <em>view</em>: the
 * definition itself is stored and returned exactly as registered, so members not listed here
 * (portMappings, logConfiguration, ulimits...) survive round trips untouched.
 */
public record ContainerDefinition(String name, String image, Integer cpu, Integer memory, Integer memoryReservation,
                                  Boolean essential, List<String> entryPoint, List<String> command,
                                  List<KeyValuePair> environment, List<ContainerSecret> secrets,
                                  List<ContainerDependency> dependsOn, Integer startTimeout, Integer stopTimeout,
                                  HealthCheck healthCheck, String workingDirectory, String user,
                                  Map<String, String> dockerLabels) {
    public boolean isEssential() {
        return essential == null || essential;
    }
}
