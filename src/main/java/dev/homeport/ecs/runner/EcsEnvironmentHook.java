package dev.homeport.ecs.runner;

import dev.homeport.ecs.TaskMetadata;
import dev.homeport.ecs.TaskRoleCredentials;
import dev.homeport.ecs.model.ContainerDefinition;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The variables ECS gives every container of a Fargate task: {@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
 * {@code AWS_EXECUTION_ENV=AWS_ECS_FARGATE}, and the task metadata endpoint's
 * {@code ECS_CONTAINER_METADATA_URI_V4} and {@code ECS_CONTAINER_METADATA_URI} (v3) when the task can reach it: at
 * {@code http://169.254.170.2/v4/<id>} as on Fargate where Homeport serves the agent's address (Docker), else at
 * Homeport's own address.
 *
 * <p>And one that Fargate does not set: {@code AWS_ENDPOINT_URL}, Homeport's address as the task sees it, so that
 * the AWS SDKs and CLI inside a task call Homeport rather than AWS (every current SDK reads it; on Docker the agent's
 * address, where Homeport answers the API too), unless the
 * container's definition or the task's overrides set it themselves (docs/COMPATIBILITY.md).
 */
final class EcsEnvironmentHook implements TaskHook {
    /**
     * Where a task reaches the metadata endpoint.
     *
     * @param baseForHost Homeport's base URL as seen from the host address a task sees (from
     *                    {@code TaskDriver.hostAddress}), or empty when Homeport does not listen there: then the
     *                    variables are not set, rather than pointing at nothing
     * @param credentials  the task-role credentials endpoint
     * @param agentAddress where Homeport serves tasks at the ECS agent's address ({@code 169.254.170.2}), inside each
     *                     task's network; null when it does not (the process runtime, or the address could not be
     *                     served)
     */
    record Metadata(Function<String, Optional<String>> baseForHost, TaskMetadata endpoint,
                    TaskRoleCredentials credentials, String agentAddress) {
        static final Metadata NONE = new Metadata(host -> Optional.empty(), null, null, null);
    }

    private final Metadata metadata;

    EcsEnvironmentHook(Metadata metadata) {
        this.metadata = metadata;
    }

    @Override
    public void beforeProvision(TaskLaunch launch) {
        String agent = metadata.agentAddress();
        Optional<String> base = agent != null ? Optional.of("http://" + agent)
                : launch.driver().hostAddress(launch.network()).flatMap(metadata.baseForHost());
        TaskMetadata endpoint = metadata.endpoint();
        for (ContainerDefinition c : launch.definition().containerDefinitions()) {
            Map<String, String> env = launch.environment(c.name());
            env.put("AWS_REGION", launch.region());
            env.put("AWS_DEFAULT_REGION", launch.region());
            env.put("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE");
            if (base.isEmpty()) {
                continue;
            }
            if (!setByTask(launch, c, "AWS_ENDPOINT_URL")) {
                env.put("AWS_ENDPOINT_URL", base.get());
            }
            if (agent != null) {
                env.put("ECS_CONTAINER_METADATA_URI_V4", endpoint.agentUri(agent, "v4", launch.taskId(), c.name()));
                env.put("ECS_CONTAINER_METADATA_URI", endpoint.agentUri(agent, "v3", launch.taskId(), c.name()));
            } else {
                env.put("ECS_CONTAINER_METADATA_URI_V4", endpoint.uri(base.get(), "v4", launch.taskId(), c.name()));
                env.put("ECS_CONTAINER_METADATA_URI", endpoint.uri(base.get(), "v3", launch.taskId(), c.name()));
            }
        }
    }

    /** Whether the container's definition or the task's overrides give the variable a value of their own. */
    private static boolean setByTask(TaskLaunch launch, ContainerDefinition c, String name) {
        if (c.environment() != null && c.environment().stream().anyMatch(kv -> name.equals(kv.name()))) {
            return true;
        }
        var overrides = launch.task().overrides();
        var own = overrides == null ? null : overrides.containerOverride(c.name());
        return own != null && own.environment() != null
                && own.environment().stream().anyMatch(kv -> name.equals(kv.name()));
    }
}
