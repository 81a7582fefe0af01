package dev.homeport.runtime;

/** ECS container {@code healthStatus}. UNKNOWN when there is no health check or no verdict yet. */
public enum HealthStatus { HEALTHY, UNHEALTHY, UNKNOWN }
