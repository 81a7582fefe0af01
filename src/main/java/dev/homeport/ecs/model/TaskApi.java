package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Wire shapes of the task operations. */
public final class TaskApi {
    private TaskApi() {
    }

    public record RunTaskRequest(JsonNode capacityProviderStrategy, String cluster, Integer count,
                                 Boolean enableECSManagedTags, Boolean enableExecuteCommand, String group,
                                 String launchType, NetworkConfiguration networkConfiguration, TaskOverride overrides,
                                 JsonNode placementConstraints, JsonNode placementStrategy, String platformVersion,
                                 String propagateTags, String referenceId, String startedBy, List<Tag> tags,
                                 String taskDefinition, String clientToken, JsonNode volumeConfigurations) {
    }

    public record RunTaskResponse(List<Task> tasks, List<Failure> failures) {
    }

    public record StopTaskRequest(String cluster, String task, String reason) {
    }

    public record StopTaskResponse(Task task) {
    }

    public record DescribeTasksRequest(String cluster, List<String> tasks, List<String> include) {
    }

    public record DescribeTasksResponse(List<Task> tasks, List<Failure> failures) {
    }

    public record ListTasksRequest(String cluster, String containerInstance, String family, String nextToken,
                                   Integer maxResults, String startedBy, String serviceName, String desiredStatus,
                                   String launchType, String daemonName) {
    }

    public record ListTasksResponse(List<String> taskArns, String nextToken) {
    }
}
