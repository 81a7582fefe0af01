package dev.homeport.ecs.model;

import java.util.List;

/** A container health check as in the task definition: {@code ["CMD-SHELL", "..."]} or {@code ["CMD", ...]}. */
public record HealthCheck(List<String> command, Integer interval, Integer timeout, Integer retries, Integer startPeriod) {
}
