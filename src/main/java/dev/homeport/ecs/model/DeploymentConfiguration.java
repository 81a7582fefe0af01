package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a service rolls out a new deployment: at most {@code maximumPercent} of the desired count running or pending
 * at once, at least {@code minimumHealthyPercent} of it healthy, and the circuit breaker. {@code alarms} is kept as
 * given (Homeport has no CloudWatch alarms to watch).
 */
public record DeploymentConfiguration(DeploymentCircuitBreaker deploymentCircuitBreaker, Integer maximumPercent,
                                      Integer minimumHealthyPercent, JsonNode alarms) {

    /** ECS's defaults for a Fargate service: 200% and 100%, the circuit breaker off. */
    public static DeploymentConfiguration defaults() {
        return new DeploymentConfiguration(new DeploymentCircuitBreaker(false, false), 200, 100, null);
    }

    /** The circuit breaker: {@code enable} fails a deployment whose tasks keep failing, {@code rollback} undoes it. */
    public record DeploymentCircuitBreaker(Boolean enable, Boolean rollback) {
        public boolean enabled() {
            return Boolean.TRUE.equals(enable);
        }

        public boolean rollsBack() {
            return Boolean.TRUE.equals(rollback);
        }
    }

    public boolean circuitBreakerEnabled() {
        return deploymentCircuitBreaker != null && deploymentCircuitBreaker.enabled();
    }

    public boolean rollsBack() {
        return deploymentCircuitBreaker != null && deploymentCircuitBreaker.rollsBack();
    }
}
