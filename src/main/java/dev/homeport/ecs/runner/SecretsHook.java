package dev.homeport.ecs.runner;

import dev.homeport.ecs.model.ContainerDefinition;

import java.util.List;
import java.util.Map;

/**
 * The containers' {@code secrets}: each {@code valueFrom} is read (as the ECS agent does before it creates the
 * containers), as the task's execution role, and its value added to the container's environment under the secret's
 * {@code name}; so are the log drivers' {@code secretOptions}. A secret that can't be read stops the task with the
 * agent's ResourceInitializationError.
 */
final class SecretsHook implements TaskHook {
    private final SecretResolver resolver;

    SecretsHook(SecretResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void beforeProvision(TaskLaunch launch) throws TaskStartFailure {
        List<ContainerDefinition> containers = launch.definition().containerDefinitions();
        if (containers.stream().noneMatch(ContainerDefinition::hasSecrets)) {
            return; // no secrets: the execution role is not needed for them
        }
        Map<String, Map<String, String>> values;
        try {
            values = resolver.resolve(launch.executionRole(), launch.region(), containers);
        } catch (SecretResolutionException e) {
            throw new TaskStartFailure(e.getMessage(), null);
        }
        values.forEach((container, env) -> launch.environment(container).putAll(env));
    }
}
