package dev.homeport.ecs.model;

import java.util.List;

/** RunTask's per-container overrides; only the members set replace the task definition's. */
public record ContainerOverride(String name, List<String> command, List<KeyValuePair> environment, Integer cpu,
                                Integer memory, Integer memoryReservation) {
}
