package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

public record TaskOverride(List<ContainerOverride> containerOverrides, String cpu, String executionRoleArn,
                           String memory, String taskRoleArn, JsonNode inferenceAcceleratorOverrides,
                           JsonNode ephemeralStorage) {

    /** The override given for container {@code name}, or null. */
    public ContainerOverride containerOverride(String name) {
        if (containerOverrides == null) {
            return null;
        }
        for (ContainerOverride o : containerOverrides) {
            if (name.equals(o.name())) {
                return o;
            }
        }
        return null;
    }
}
