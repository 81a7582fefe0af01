package dev.homeport.ecs.runner;

import java.util.Map;

/**
 * The containers' {@code secrets}: each {@code valueFrom} is read (as the ECS agent does before it creates the
 * containers) and its value added to the container's environment under the secret's {@code name}. A secret
 * that can't be read stops the task with the agent's ResourceInitializationError.
 */
final class SecretsHook implements TaskHook {
    private final SecretResolver resolver;

    SecretsHook(SecretResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void beforeProvision(TaskLaunch launch) throws TaskStartFailure {
        Map<String, Map<String, String>> values;
        try {
            values = resolver.resolve(launch.account(), launch.definition().containerDefinitions());
        } catch (SecretResolutionException e) {
            throw new TaskStartFailure(e.getMessage(), null);
        }
        values.forEach((container, env) -> launch.environment(container).putAll(env));
    }
}
