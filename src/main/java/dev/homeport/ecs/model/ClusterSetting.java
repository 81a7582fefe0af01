package dev.homeport.ecs.model;

/** A cluster setting such as {@code containerInsights}. */
public record ClusterSetting(String name, String value) {
}
