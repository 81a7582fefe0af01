package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.ecs.EcsArns;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskDefinitionView;
import dev.homeport.ecs.model.TaskOverride;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.sts.ServiceRoles;
import dev.homeport.runtime.NetworkRequest;
import dev.homeport.runtime.TaskDriver;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hooks of one task see: the task as recorded, its definition, the runtime it runs on and its network;
 * and, before the sandbox exists, the environment the containers will get beyond their definition's.
 */
public final class TaskLaunch {
    /** How long the execution role's session lasts: it is used while the task starts. */
    private static final int EXECUTION_SESSION_SECONDS = 3600;

    private final TaskRecord record;
    private final String taskArn;
    private final EcsArns.Parsed arn;
    private final JsonNode definitionDocument;
    private final TaskDefinitionView definition;
    private final TaskDriver driver;
    private final NetworkRequest network;
    private final ServiceRoles roles;
    private ServiceRoles.Session executionRole;
    /** Holds secret values between the hooks that add them and the driver: dropped as soon as it has them. */
    private Map<String, Map<String, String>> environment = new HashMap<>();
    private dev.homeport.runtime.RegistryLogin registryLogin;

    TaskLaunch(TaskRecord record, String taskArn, JsonNode definitionDocument, TaskDriver driver,
               NetworkRequest network, ServiceRoles roles) {
        this.roles = roles;
        this.record = record;
        this.taskArn = taskArn;
        this.arn = EcsArns.parse(taskArn);
        this.definitionDocument = definitionDocument;
        this.definition = TaskDefinitionView.of(definitionDocument);
        this.driver = driver;
        this.network = network;
    }

    /** The task as recorded now. */
    public Task task() {
        return record.current();
    }

    public String taskArn() {
        return taskArn;
    }

    public String taskId() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    public String account() {
        return arn.account();
    }

    public String region() {
        return arn.region();
    }

    public TaskDefinitionView definition() {
        return definition;
    }

    /** The task definition exactly as registered, for members the typed view doesn't model (logConfiguration). */
    public JsonNode definitionDocument() {
        return definitionDocument;
    }

    /** The execution role the task runs with: its overrides', else its definition's; null when it has none. */
    public String executionRoleArn() {
        TaskOverride overrides = task().overrides();
        return overrides != null && overrides.executionRoleArn() != null ? overrides.executionRoleArn()
                : definition.executionRoleArn();
    }

    /** The task role its containers act as: its overrides', else its definition's; null when it has none. */
    public String taskRoleArn() {
        TaskOverride overrides = task().overrides();
        String role = overrides != null && overrides.taskRoleArn() != null ? overrides.taskRoleArn()
                : definition.taskRoleArn();
        return role == null || role.isEmpty() ? null : role;
    }

    /**
     * Credentials of the execution role as ECS assumes it for this task: a session named after the task id
     * ({@code assumed-role/<role>/<task-id>}, as the agent's calls show in CloudTrail), assumed on first use and kept
     * for the launch.
     *
     * @throws TaskStartFailure with ECS's reason when the role can no longer be assumed (RunTask checked it; it may
     *                          have been deleted or stopped trusting ECS since)
     */
    public synchronized Credentials executionRole() throws TaskStartFailure {
        if (executionRole == null) {
            String role = executionRoleArn();
            if (role == null || role.isEmpty()) {
                // RegisterTaskDefinition refuses this for FARGATE definitions; one registered without
                // requiresCompatibilities may still get here.
                throw new TaskStartFailure("Fargate requires task definition to have execution role ARN to support "
                        + "secrets and log driver awslogs.", null);
            }
            executionRole = roles.assume(ServiceRoles.ECS_TASKS, role, new ServiceRoles.Source(account(), taskArn),
                    taskId(), EXECUTION_SESSION_SECONDS).orElseThrow(() -> new TaskStartFailure(
                    ServiceRoles.unableToAssume(role), null));
        }
        return executionRole.signing();
    }

    /**
     * The execution role's session for this task ends with the task, as ECS's credentials for a task do: revoked by
     * its name, so a session assumed before a restart of Homeport ends too.
     */
    public synchronized void revokeExecutionRole() {
        String role = executionRoleArn();
        if (role != null && !role.isEmpty()) {
            roles.revoke(role, account(), taskId());
        }
        executionRole = null;
    }

    public TaskDriver driver() {
        return driver;
    }

    public NetworkRequest network() {
        return network;
    }

    /**
     * The variables {@code container} gets on top of its definition's and its override's: add to it before the
     * sandbox is provisioned.
     *
     * @throws IllegalStateException once the sandbox is provisioned
     */
    public Map<String, String> environment(String container) {
        if (environment == null) {
            throw new IllegalStateException("the environment was handed to the runtime already");
        }
        return environment.computeIfAbsent(container, c -> new LinkedHashMap<>());
    }

    /** The login the task's images in Homeport's registry are pulled with ({@link RegistryAuthHook}). */
    void registryLogin(dev.homeport.runtime.RegistryLogin login) {
        this.registryLogin = login;
    }

    dev.homeport.runtime.RegistryLogin registryLogin() {
        return registryLogin;
    }

    /** The added environment, once: the launch forgets it (values may be secrets). */
    Map<String, Map<String, String>> takeEnvironment() {
        Map<String, Map<String, String>> env = environment;
        environment = null;
        return env;
    }
}
