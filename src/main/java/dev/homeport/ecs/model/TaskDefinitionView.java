package dev.homeport.ecs.model;

import java.util.List;

/**
 * A typed view of a RegisterTaskDefinition request or a stored task definition: the members
 * validated and used to run tasks. The stored document remains the source of truth.
 */
public record TaskDefinitionView(String family, String taskRoleArn, String executionRoleArn, String networkMode,
                                 List<ContainerDefinition> containerDefinitions, List<String> requiresCompatibilities,
                                 String cpu, String memory, List<Tag> tags, String pidMode, String ipcMode) {
}
