package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.runtime.RegistryLogin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Images in Homeport's registry (ECR's) are pulled as the ECS agent pulls from ECR: it calls
 * {@code ecr:GetAuthorizationToken} as the task's execution role and logs in with the token, so the role must be
 * allowed to get a token and to pull ({@code ecr:BatchGetImage}, {@code ecr:GetDownloadUrlForLayer}: what
 * AmazonECSTaskExecutionRolePolicy grants). A role that may not get the token stops the task with the agent's
 * ResourceInitializationError; one that may not pull, with the registry's denial as a CannotPullContainerError.
 */
final class RegistryAuthHook implements TaskHook {
    static final String GET_AUTHORIZATION_TOKEN = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";

    private final Supplier<String> registryHost;
    private final AgentApi api;

    /** @param registryHost the registry's {@code host:port} as image references name it */
    RegistryAuthHook(Supplier<String> registryHost, AgentApi api) {
        this.registryHost = registryHost;
        this.api = api;
    }

    @Override
    public void beforeProvision(TaskLaunch launch) throws TaskStartFailure {
        String registry = registryHost.get();
        var fromRegistry = launch.definition().containerDefinitions().stream()
                .filter(c -> c.image() != null && c.image().startsWith(registry + "/")).findFirst();
        if (fromRegistry.isEmpty()) {
            return;
        }
        if (!launch.driver().capabilities().imageIsolation()) {
            // The process runtime runs a container's command on this machine: it has nowhere to put an image.
            throw new TaskStartFailure("CannotPullContainerError: " + fromRegistry.get().image() + " is an image of "
                    + "Homeport's registry, and the task runtime " + launch.driver().capabilities().name() + " runs "
                    + "no images: run Homeport with the Docker runtime (--runtime docker) for tasks whose images are "
                    + "pulled from it", fromRegistry.get().name());
        }
        JsonNode answer;
        try {
            answer = api.call(launch.executionRole(), launch.region(), GET_AUTHORIZATION_TOKEN,
                    JsonNodeFactory.instance.objectNode());
        } catch (AwsServiceException e) {
            throw new TaskStartFailure("ResourceInitializationError: unable to pull secrets or registry auth: "
                    + "execution resource retrieval failed: unable to retrieve ecr registry auth: service call has "
                    + "been retried 3 time(s): " + e.errorType() + ": " + e.getMessage(), null);
        }
        String token = answer.path("authorizationData").path(0).path("authorizationToken").asText();
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        launch.registryLogin(new RegistryLogin(registry, decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
