package dev.homeport.ecs.runner;

import dev.homeport.ecs.TaskRoleCredentials;
import dev.homeport.ecs.model.ContainerDefinition;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The task role: each container of a task with one learns where to fetch the role's credentials, and when the task
 * stops its sessions are revoked ({@link TaskRoleCredentials}). A task without a task role gets no variable, as on
 * ECS, and its SDKs fall back to their other providers.
 *
 * <p>Where Homeport serves the agent's address inside the task's network (Docker), the containers get
 * {@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}, as on ECS: the SDKs fetch {@code http://169.254.170.2} + that path.
 * On the process runtime, where tasks share the host's loopback, the containers get
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} on Homeport's own address with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
 * (the SDKs accept a full URI on loopback and send the token as {@code Authorization}).
 */
final class TaskRoleHook implements TaskHook {
    /** Read when called: a task re-adopted at start-up runs before the endpoints are served. */
    private final Supplier<EcsEnvironmentHook.Metadata> endpoints;

    TaskRoleHook(Supplier<EcsEnvironmentHook.Metadata> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void beforeProvision(TaskLaunch launch) {
        EcsEnvironmentHook.Metadata metadata = endpoints.get();
        TaskRoleCredentials credentials = metadata.credentials();
        if (launch.taskRoleArn() == null || credentials == null) {
            return;
        }
        if (metadata.agentAddress() != null) {
            for (ContainerDefinition c : launch.definition().containerDefinitions()) {
                launch.environment(c.name()).put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                        credentials.relativeUri(launch.taskId()));
            }
            return;
        }
        Optional<String> base = launch.driver().hostAddress(launch.network())
                .filter(TaskRoleHook::isLoopback).flatMap(metadata.baseForHost());
        if (base.isEmpty()) {
            return;
        }
        for (ContainerDefinition c : launch.definition().containerDefinitions()) {
            Map<String, String> env = launch.environment(c.name());
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.fullUri(base.get(), launch.taskId()));
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.authorizationToken(launch.taskId()));
        }
    }

    @Override
    public void beforeDestroy(TaskLaunch launch) {
        TaskRoleCredentials credentials = endpoints.get().credentials();
        if (launch.taskRoleArn() != null && credentials != null) {
            credentials.revoke(launch.taskArn(), launch.taskRoleArn());
        }
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.");
    }
}
