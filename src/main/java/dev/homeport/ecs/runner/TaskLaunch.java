package dev.homeport.ecs.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.ecs.EcsArns;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskDefinitionView;
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
    private final TaskRecord record;
    private final String taskArn;
    private final EcsArns.Parsed arn;
    private final JsonNode definitionDocument;
    private final TaskDefinitionView definition;
    private final TaskDriver driver;
    private final NetworkRequest network;
    /** Holds secret values between the hooks that add them and the driver: dropped as soon as it has them. */
    private Map<String, Map<String, String>> environment = new HashMap<>();

    TaskLaunch(TaskRecord record, String taskArn, JsonNode definitionDocument, TaskDriver driver,
               NetworkRequest network) {
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

    /** The added environment, once: the launch forgets it (values may be secrets). */
    Map<String, Map<String, String>> takeEnvironment() {
        Map<String, Map<String, String>> env = environment;
        environment = null;
        return env;
    }
}
