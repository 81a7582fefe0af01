package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

public record TaskOverride(List<ContainerOverride> containerOverrides, String cpu, String executionRoleArn,
                           String memory, String taskRoleArn, JsonNode inferenceAcceleratorOverrides,
                           JsonNode ephemeralStorage) {
}
