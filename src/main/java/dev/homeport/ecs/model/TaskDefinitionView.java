package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A typed view of a RegisterTaskDefinition request or a stored task definition: the members
 * validated and used to run tasks. The stored document remains the source of truth.
 */
public record TaskDefinitionView(String family, String taskRoleArn, String executionRoleArn, String networkMode,
                                 List<ContainerDefinition> containerDefinitions, List<String> requiresCompatibilities,
                                 String cpu, String memory, List<Tag> tags, String pidMode, String ipcMode) {

    /**
     * The view of a task definition document.
     *
     * @throws IllegalArgumentException when a member the view types has another type in the document
     */
    public static TaskDefinitionView of(JsonNode document) {
        try {
            return EcsJson.MAPPER.treeToValue(document, TaskDefinitionView.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public ContainerDefinition containerDefinition(String name) {
        for (ContainerDefinition c : containerDefinitions) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
