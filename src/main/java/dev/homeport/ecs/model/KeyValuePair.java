package dev.homeport.ecs.model;

/** A name/value pair: environment variables, attachment details, cluster statistics. */
public record KeyValuePair(String name, String value) {
}
