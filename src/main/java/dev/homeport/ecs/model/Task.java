package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.runtime.HealthStatus;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A task as DescribeTasks shows it, and as the store records it (without tags, which live with the other
 * resources' tags; {@code tags} is filled in for answers that include them). Immutable: change it with
 * {@link #with} or {@link #toBuilder()}; the task runner's record writer is the only one that stores changes.
 * {@code attachments} and {@code containers} are never null.
 */
public record Task(
        List<Attachment> attachments,
        List<KeyValuePair> attributes,
        String availabilityZone,
        String capacityProviderName,
        String clusterArn,
        Connectivity connectivity,
        Instant connectivityAt,
        List<Container> containers,
        String cpu,
        Instant createdAt,
        TaskStatus desiredStatus,
        Boolean enableExecuteCommand,
        Instant executionStoppedAt,
        String group,
        HealthStatus healthStatus,
        TaskStatus lastStatus,
        String launchType,
        String memory,
        TaskOverride overrides,
        String platformVersion,
        String platformFamily,
        Instant pullStartedAt,
        Instant pullStoppedAt,
        Instant startedAt,
        String startedBy,
        StopCode stopCode,
        Instant stoppedAt,
        String stoppedReason,
        Instant stoppingAt,
        List<Tag> tags,
        String taskArn,
        String taskDefinitionArn,
        Long version,
        JsonNode ephemeralStorage) {

    public Task {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with {@code change} applied to its builder. */
    public Task with(UnaryOperator<Builder> change) {
        return change.apply(toBuilder()).build();
    }

    /** The last part of the ARN. */
    public String taskId() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    public Container container(String name) {
        for (Container c : containers) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** A copy with every container changed by {@code change}. */
    public Task withContainers(UnaryOperator<Container> change) {
        return with(b -> b.containers(containers.stream().map(change).toList()));
    }

    /** A copy with the container {@code name} changed by {@code change}; the same task when there is none. */
    public Task withContainer(String name, UnaryOperator<Container> change) {
        return withContainers(c -> c.name().equals(name) ? change.apply(c) : c);
    }

    /** The {@code ElasticNetworkInterface} attachment every Fargate task has; null for a task without one. */
    public Attachment eni() {
        for (Attachment a : attachments) {
            if (Attachment.ENI.equals(a.type())) {
                return a;
            }
        }
        return null;
    }

    /** A copy with the ENI attachment changed by {@code change}; the same task when there is none. */
    public Task withEni(UnaryOperator<Attachment> change) {
        return with(b -> b.attachments(attachments.stream()
                .map(a -> Attachment.ENI.equals(a.type()) ? change.apply(a) : a).toList()));
    }

    public static final class Builder {
        private List<Attachment> attachments;
        private List<KeyValuePair> attributes;
        private String availabilityZone;
        private String capacityProviderName;
        private String clusterArn;
        private Connectivity connectivity;
        private Instant connectivityAt;
        private List<Container> containers;
        private String cpu;
        private Instant createdAt;
        private TaskStatus desiredStatus;
        private Boolean enableExecuteCommand;
        private Instant executionStoppedAt;
        private String group;
        private HealthStatus healthStatus;
        private TaskStatus lastStatus;
        private String launchType;
        private String memory;
        private TaskOverride overrides;
        private String platformVersion;
        private String platformFamily;
        private Instant pullStartedAt;
        private Instant pullStoppedAt;
        private Instant startedAt;
        private String startedBy;
        private StopCode stopCode;
        private Instant stoppedAt;
        private String stoppedReason;
        private Instant stoppingAt;
        private List<Tag> tags;
        private String taskArn;
        private String taskDefinitionArn;
        private Long version;
        private JsonNode ephemeralStorage;

        private Builder() {
        }

        private Builder(Task from) {
            this.attachments = from.attachments;
            this.attributes = from.attributes;
            this.availabilityZone = from.availabilityZone;
            this.capacityProviderName = from.capacityProviderName;
            this.clusterArn = from.clusterArn;
            this.connectivity = from.connectivity;
            this.connectivityAt = from.connectivityAt;
            this.containers = from.containers;
            this.cpu = from.cpu;
            this.createdAt = from.createdAt;
            this.desiredStatus = from.desiredStatus;
            this.enableExecuteCommand = from.enableExecuteCommand;
            this.executionStoppedAt = from.executionStoppedAt;
            this.group = from.group;
            this.healthStatus = from.healthStatus;
            this.lastStatus = from.lastStatus;
            this.launchType = from.launchType;
            this.memory = from.memory;
            this.overrides = from.overrides;
            this.platformVersion = from.platformVersion;
            this.platformFamily = from.platformFamily;
            this.pullStartedAt = from.pullStartedAt;
            this.pullStoppedAt = from.pullStoppedAt;
            this.startedAt = from.startedAt;
            this.startedBy = from.startedBy;
            this.stopCode = from.stopCode;
            this.stoppedAt = from.stoppedAt;
            this.stoppedReason = from.stoppedReason;
            this.stoppingAt = from.stoppingAt;
            this.tags = from.tags;
            this.taskArn = from.taskArn;
            this.taskDefinitionArn = from.taskDefinitionArn;
            this.version = from.version;
            this.ephemeralStorage = from.ephemeralStorage;
        }

        public Builder attachments(List<Attachment> attachments) {
            this.attachments = attachments;
            return this;
        }

        public Builder attributes(List<KeyValuePair> attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder availabilityZone(String availabilityZone) {
            this.availabilityZone = availabilityZone;
            return this;
        }

        public Builder capacityProviderName(String capacityProviderName) {
            this.capacityProviderName = capacityProviderName;
            return this;
        }

        public Builder clusterArn(String clusterArn) {
            this.clusterArn = clusterArn;
            return this;
        }

        public Builder connectivity(Connectivity connectivity) {
            this.connectivity = connectivity;
            return this;
        }

        public Builder connectivityAt(Instant connectivityAt) {
            this.connectivityAt = connectivityAt;
            return this;
        }

        public Builder containers(List<Container> containers) {
            this.containers = containers;
            return this;
        }

        public Builder cpu(String cpu) {
            this.cpu = cpu;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder desiredStatus(TaskStatus desiredStatus) {
            this.desiredStatus = desiredStatus;
            return this;
        }

        public Builder enableExecuteCommand(Boolean enableExecuteCommand) {
            this.enableExecuteCommand = enableExecuteCommand;
            return this;
        }

        public Builder executionStoppedAt(Instant executionStoppedAt) {
            this.executionStoppedAt = executionStoppedAt;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder healthStatus(HealthStatus healthStatus) {
            this.healthStatus = healthStatus;
            return this;
        }

        public Builder lastStatus(TaskStatus lastStatus) {
            this.lastStatus = lastStatus;
            return this;
        }

        public Builder launchType(String launchType) {
            this.launchType = launchType;
            return this;
        }

        public Builder memory(String memory) {
            this.memory = memory;
            return this;
        }

        public Builder overrides(TaskOverride overrides) {
            this.overrides = overrides;
            return this;
        }

        public Builder platformVersion(String platformVersion) {
            this.platformVersion = platformVersion;
            return this;
        }

        public Builder platformFamily(String platformFamily) {
            this.platformFamily = platformFamily;
            return this;
        }

        public Builder pullStartedAt(Instant pullStartedAt) {
            this.pullStartedAt = pullStartedAt;
            return this;
        }

        public Builder pullStoppedAt(Instant pullStoppedAt) {
            this.pullStoppedAt = pullStoppedAt;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder startedBy(String startedBy) {
            this.startedBy = startedBy;
            return this;
        }

        public Builder stopCode(StopCode stopCode) {
            this.stopCode = stopCode;
            return this;
        }

        public Builder stoppedAt(Instant stoppedAt) {
            this.stoppedAt = stoppedAt;
            return this;
        }

        public Builder stoppedReason(String stoppedReason) {
            this.stoppedReason = stoppedReason;
            return this;
        }

        public Builder stoppingAt(Instant stoppingAt) {
            this.stoppingAt = stoppingAt;
            return this;
        }

        public Builder tags(List<Tag> tags) {
            this.tags = tags;
            return this;
        }

        public Builder taskArn(String taskArn) {
            this.taskArn = taskArn;
            return this;
        }

        public Builder taskDefinitionArn(String taskDefinitionArn) {
            this.taskDefinitionArn = taskDefinitionArn;
            return this;
        }

        public Builder version(Long version) {
            this.version = version;
            return this;
        }

        public Builder ephemeralStorage(JsonNode ephemeralStorage) {
            this.ephemeralStorage = ephemeralStorage;
            return this;
        }

        public Task build() {
            return new Task(attachments, attributes, availabilityZone, capacityProviderName, clusterArn, connectivity, connectivityAt, containers, cpu, createdAt, desiredStatus, enableExecuteCommand, executionStoppedAt, group, healthStatus, lastStatus, launchType, memory, overrides, platformVersion, platformFamily, pullStartedAt, pullStoppedAt, startedAt, startedBy, stopCode, stoppedAt, stoppedReason, stoppingAt, tags, taskArn, taskDefinitionArn, version, ephemeralStorage);
        }
    }
}
