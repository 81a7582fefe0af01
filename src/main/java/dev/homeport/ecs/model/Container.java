package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.runtime.HealthStatus;

import java.util.List;
import java.util.function.UnaryOperator;

/** A container of a task as DescribeTasks shows it. Immutable: part of a {@link Task}. */
public record Container(
        String containerArn,
        String taskArn,
        String name,
        String image,
        String imageDigest,
        String runtimeId,
        ContainerLastStatus lastStatus,
        Integer exitCode,
        String reason,
        JsonNode networkBindings,
        List<NetworkInterface> networkInterfaces,
        HealthStatus healthStatus,
        String cpu,
        String memory,
        String memoryReservation) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with {@code change} applied to its builder. */
    public Container with(UnaryOperator<Builder> change) {
        return change.apply(toBuilder()).build();
    }

    public static final class Builder {
        private String containerArn;
        private String taskArn;
        private String name;
        private String image;
        private String imageDigest;
        private String runtimeId;
        private ContainerLastStatus lastStatus;
        private Integer exitCode;
        private String reason;
        private JsonNode networkBindings;
        private List<NetworkInterface> networkInterfaces;
        private HealthStatus healthStatus;
        private String cpu;
        private String memory;
        private String memoryReservation;

        private Builder() {
        }

        private Builder(Container from) {
            this.containerArn = from.containerArn;
            this.taskArn = from.taskArn;
            this.name = from.name;
            this.image = from.image;
            this.imageDigest = from.imageDigest;
            this.runtimeId = from.runtimeId;
            this.lastStatus = from.lastStatus;
            this.exitCode = from.exitCode;
            this.reason = from.reason;
            this.networkBindings = from.networkBindings;
            this.networkInterfaces = from.networkInterfaces;
            this.healthStatus = from.healthStatus;
            this.cpu = from.cpu;
            this.memory = from.memory;
            this.memoryReservation = from.memoryReservation;
        }

        public Builder containerArn(String containerArn) {
            this.containerArn = containerArn;
            return this;
        }

        public Builder taskArn(String taskArn) {
            this.taskArn = taskArn;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder imageDigest(String imageDigest) {
            this.imageDigest = imageDigest;
            return this;
        }

        public Builder runtimeId(String runtimeId) {
            this.runtimeId = runtimeId;
            return this;
        }

        public Builder lastStatus(ContainerLastStatus lastStatus) {
            this.lastStatus = lastStatus;
            return this;
        }

        public Builder exitCode(Integer exitCode) {
            this.exitCode = exitCode;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder networkBindings(JsonNode networkBindings) {
            this.networkBindings = networkBindings;
            return this;
        }

        public Builder networkInterfaces(List<NetworkInterface> networkInterfaces) {
            this.networkInterfaces = networkInterfaces;
            return this;
        }

        public Builder healthStatus(HealthStatus healthStatus) {
            this.healthStatus = healthStatus;
            return this;
        }

        public Builder cpu(String cpu) {
            this.cpu = cpu;
            return this;
        }

        public Builder memory(String memory) {
            this.memory = memory;
            return this;
        }

        public Builder memoryReservation(String memoryReservation) {
            this.memoryReservation = memoryReservation;
            return this;
        }

        public Container build() {
            return new Container(containerArn, taskArn, name, image, imageDigest, runtimeId, lastStatus, exitCode, reason, networkBindings, networkInterfaces, healthStatus, cpu, memory, memoryReservation);
        }
    }
}
