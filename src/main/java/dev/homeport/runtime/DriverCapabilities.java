package dev.homeport.runtime;

/**
 * What a {@link TaskDriver} really does, so ECS can report it honestly (DescribeTasks, console)
 * instead of pretending every backend is Fargate. Modelled on Nomad's driver {@code Capabilities}.
 *
 * @param name                human-readable backend name, e.g. "docker 20.10.24 (API 1.41)"
 * @param imageIsolation      containers run from their image's filesystem; false means the
 *                            {@code image} field is ignored and commands run on the host
 * @param ownNetworkNamespace every task gets its own network namespace shared by its containers (awsvpc)
 * @param privateIpIsLoopback the reported private IP is 127.0.0.1, shared by every task
 * @param resourceLimits      cpu/memory settings are enforced
 * @param userSwitching       {@link ContainerSpec#user()} may name a user other than the server's own
 * @param recoverable         {@link TaskDriver#recover()} can find tasks started by an earlier server process
 * @param isolation           what keeps a task away from Homeport and from other tasks, in words (shown by the
 *                            health endpoint and the console)
 */
public record DriverCapabilities(
        String name,
        boolean imageIsolation,
        boolean ownNetworkNamespace,
        boolean privateIpIsLoopback,
        boolean resourceLimits,
        boolean userSwitching,
        boolean recoverable,
        String isolation) {
}
