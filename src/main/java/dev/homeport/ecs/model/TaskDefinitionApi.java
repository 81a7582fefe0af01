package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Wire shapes of the task definition operations. Task definitions travel as JSON trees so that
 * every member registered comes back unchanged; {@link TaskDefinitionView} is the typed view.
 */
public final class TaskDefinitionApi {
    private TaskDefinitionApi() {
    }

    public record TaskDefinitionResponse(JsonNode taskDefinition, List<Tag> tags) {
    }

    public record DescribeTaskDefinitionRequest(String taskDefinition, List<String> include) {
    }

    public record ListTaskDefinitionsRequest(String familyPrefix, String status, String sort, String nextToken,
                                             Integer maxResults) {
    }

    public record ListTaskDefinitionsResponse(List<String> taskDefinitionArns, String nextToken) {
    }

    public record ListTaskDefinitionFamiliesRequest(String familyPrefix, String status, String nextToken,
                                                    Integer maxResults) {
    }

    public record ListTaskDefinitionFamiliesResponse(List<String> families, String nextToken) {
    }

    public record DeregisterTaskDefinitionRequest(String taskDefinition) {
    }

    public record DeleteTaskDefinitionsRequest(List<String> taskDefinitions) {
    }

    public record DeleteTaskDefinitionsResponse(List<JsonNode> taskDefinitions, List<Failure> failures) {
    }
}
