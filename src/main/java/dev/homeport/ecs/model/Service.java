package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A service as DescribeServices shows it, and as the store records it: without tags (kept with the other resources'
 * tags) and without running and pending counts, which are counted from the tasks when the service is described.
 * {@code deployments} lists the PRIMARY deployment first, then the ACTIVE ones; {@code events} newest first.
 * Immutable: change it with {@link #with}.
 */
public record Service(
        String serviceArn,
        String serviceName,
        String clusterArn,
        JsonNode loadBalancers,
        JsonNode serviceRegistries,
        ServiceStatus status,
        Integer desiredCount,
        Integer runningCount,
        Integer pendingCount,
        String launchType,
        String platformVersion,
        String platformFamily,
        String taskDefinition,
        DeploymentConfiguration deploymentConfiguration,
        List<Deployment> deployments,
        String roleArn,
        List<ServiceEvent> events,
        Instant createdAt,
        JsonNode placementConstraints,
        JsonNode placementStrategy,
        NetworkConfiguration networkConfiguration,
        Integer healthCheckGracePeriodSeconds,
        String schedulingStrategy,
        JsonNode deploymentController,
        List<Tag> tags,
        String createdBy,
        Boolean enableECSManagedTags,
        String propagateTags,
        Boolean enableExecuteCommand,
        String availabilityZoneRebalancing) {

    public Service {
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A copy with {@code change} applied to its builder. */
    public Service with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(this)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The PRIMARY deployment: the one the service is rolling out, or has rolled out. */
    public Deployment primary() {
        return deployments.getFirst();
    }

    public static final class Builder {
        private String serviceArn;
        private String serviceName;
        private String clusterArn;
        private JsonNode loadBalancers;
        private JsonNode serviceRegistries;
        private ServiceStatus status;
        private Integer desiredCount;
        private Integer runningCount;
        private Integer pendingCount;
        private String launchType;
        private String platformVersion;
        private String platformFamily;
        private String taskDefinition;
        private DeploymentConfiguration deploymentConfiguration;
        private List<Deployment> deployments;
        private String roleArn;
        private List<ServiceEvent> events;
        private Instant createdAt;
        private JsonNode placementConstraints;
        private JsonNode placementStrategy;
        private NetworkConfiguration networkConfiguration;
        private Integer healthCheckGracePeriodSeconds;
        private String schedulingStrategy;
        private JsonNode deploymentController;
        private List<Tag> tags;
        private String createdBy;
        private Boolean enableECSManagedTags;
        private String propagateTags;
        private Boolean enableExecuteCommand;
        private String availabilityZoneRebalancing;

        Builder() {
        }

        Builder(Service s) {
            serviceArn = s.serviceArn;
            serviceName = s.serviceName;
            clusterArn = s.clusterArn;
            loadBalancers = s.loadBalancers;
            serviceRegistries = s.serviceRegistries;
            status = s.status;
            desiredCount = s.desiredCount;
            runningCount = s.runningCount;
            pendingCount = s.pendingCount;
            launchType = s.launchType;
            platformVersion = s.platformVersion;
            platformFamily = s.platformFamily;
            taskDefinition = s.taskDefinition;
            deploymentConfiguration = s.deploymentConfiguration;
            deployments = s.deployments;
            roleArn = s.roleArn;
            events = s.events;
            createdAt = s.createdAt;
            placementConstraints = s.placementConstraints;
            placementStrategy = s.placementStrategy;
            networkConfiguration = s.networkConfiguration;
            healthCheckGracePeriodSeconds = s.healthCheckGracePeriodSeconds;
            schedulingStrategy = s.schedulingStrategy;
            deploymentController = s.deploymentController;
            tags = s.tags;
            createdBy = s.createdBy;
            enableECSManagedTags = s.enableECSManagedTags;
            propagateTags = s.propagateTags;
            enableExecuteCommand = s.enableExecuteCommand;
            availabilityZoneRebalancing = s.availabilityZoneRebalancing;
        }

        public Builder serviceArn(String value) {
            serviceArn = value;
            return this;
        }

        public Builder serviceName(String value) {
            serviceName = value;
            return this;
        }

        public Builder clusterArn(String value) {
            clusterArn = value;
            return this;
        }

        public Builder loadBalancers(JsonNode value) {
            loadBalancers = value;
            return this;
        }

        public Builder serviceRegistries(JsonNode value) {
            serviceRegistries = value;
            return this;
        }

        public Builder status(ServiceStatus value) {
            status = value;
            return this;
        }

        public Builder desiredCount(Integer value) {
            desiredCount = value;
            return this;
        }

        public Builder runningCount(Integer value) {
            runningCount = value;
            return this;
        }

        public Builder pendingCount(Integer value) {
            pendingCount = value;
            return this;
        }

        public Builder launchType(String value) {
            launchType = value;
            return this;
        }

        public Builder platformVersion(String value) {
            platformVersion = value;
            return this;
        }

        public Builder platformFamily(String value) {
            platformFamily = value;
            return this;
        }

        public Builder taskDefinition(String value) {
            taskDefinition = value;
            return this;
        }

        public Builder deploymentConfiguration(DeploymentConfiguration value) {
            deploymentConfiguration = value;
            return this;
        }

        public Builder deployments(List<Deployment> value) {
            deployments = value;
            return this;
        }

        public Builder roleArn(String value) {
            roleArn = value;
            return this;
        }

        public Builder events(List<ServiceEvent> value) {
            events = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder placementConstraints(JsonNode value) {
            placementConstraints = value;
            return this;
        }

        public Builder placementStrategy(JsonNode value) {
            placementStrategy = value;
            return this;
        }

        public Builder networkConfiguration(NetworkConfiguration value) {
            networkConfiguration = value;
            return this;
        }

        public Builder healthCheckGracePeriodSeconds(Integer value) {
            healthCheckGracePeriodSeconds = value;
            return this;
        }

        public Builder schedulingStrategy(String value) {
            schedulingStrategy = value;
            return this;
        }

        public Builder deploymentController(JsonNode value) {
            deploymentController = value;
            return this;
        }

        public Builder tags(List<Tag> value) {
            tags = value;
            return this;
        }

        public Builder createdBy(String value) {
            createdBy = value;
            return this;
        }

        public Builder enableECSManagedTags(Boolean value) {
            enableECSManagedTags = value;
            return this;
        }

        public Builder propagateTags(String value) {
            propagateTags = value;
            return this;
        }

        public Builder enableExecuteCommand(Boolean value) {
            enableExecuteCommand = value;
            return this;
        }

        public Builder availabilityZoneRebalancing(String value) {
            availabilityZoneRebalancing = value;
            return this;
        }

        public Service build() {
            return new Service(serviceArn, serviceName, clusterArn, loadBalancers, serviceRegistries, status, desiredCount, runningCount, pendingCount, launchType, platformVersion, platformFamily, taskDefinition, deploymentConfiguration, deployments, roleArn, events, createdAt, placementConstraints, placementStrategy, networkConfiguration, healthCheckGracePeriodSeconds, schedulingStrategy, deploymentController, tags, createdBy, enableECSManagedTags, propagateTags, enableExecuteCommand, availabilityZoneRebalancing);
        }
    }
}
