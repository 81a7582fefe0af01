/**
 * The task runtime: how ECS tasks really run. ECS code depends only on this package.
 *
 * <ul>
 *   <li>{@link dev.homeport.runtime.TaskDriver}: the one interface; contracts (thread safety, what "missing"
 *       returns) are in its javadoc. The ECS {@code TaskSupervisor} makes every ECS decision (essential,
 *       dependsOn, stop codes); drivers execute and report.</li>
 *   <li>{@link dev.homeport.runtime.TaskSpec} / {@link dev.homeport.runtime.ContainerSpec}: what to run,
 *       already resolved (secrets are plain values here). {@link dev.homeport.runtime.TaskHandle},
 *       {@link dev.homeport.runtime.ContainerState}, {@link dev.homeport.runtime.ExitResult},
 *       {@link dev.homeport.runtime.RecoveredTask}: what the backend reports.</li>
 *   <li>{@link dev.homeport.runtime.DriverCapabilities}: what a driver honestly enforces, for DescribeTasks.</li>
 *   <li>{@link dev.homeport.runtime.TaskStartException}: start failures carrying ECS's reason text
 *       ({@code CannotPullContainerError: ...}).</li>
 *   <li>{@link dev.homeport.runtime.TaskDrivers}: picks Docker or processes ("auto", "docker", "process").</li>
 * </ul>
 *
 * <p>Supervisor sketch for dependsOn: {@code provision(spec)}; start the containers without dependencies;
 * for each remaining container wait for its conditions (START: {@code inspect().status() != CREATED};
 * COMPLETE: {@code awaitExit}; SUCCESS: exit code 0; HEALTHY: poll {@code inspect().health()}), then
 * {@code startContainer}. When an essential container exits: {@code stop(id, container, stopTimeout)} for each
 * container (the task runner's StopSequence: in reverse dependency order), then
 * {@code destroy(id)} once the final states are recorded.
 */
package dev.homeport.runtime;
