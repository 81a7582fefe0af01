package dev.homeport.ecs.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A task as DescribeTasks shows it, and as the store records it (without tags, which live with the
 * other resources' tags). Mutable so the supervisor can move it through its states; never shared
 * between threads without a copy.
 */
public final class Task {
    public List<Attachment> attachments = new ArrayList<>();
    public List<KeyValuePair> attributes;
    public String availabilityZone;
    public String capacityProviderName;
    public String clusterArn;
    public String connectivity;
    public Instant connectivityAt;
    public List<Container> containers = new ArrayList<>();
    public String cpu;
    public Instant createdAt;
    public String desiredStatus;
    public Boolean enableExecuteCommand;
    public Instant executionStoppedAt;
    public String group;
    public String healthStatus;
    public String lastStatus;
    public String launchType;
    public String memory;
    public TaskOverride overrides;
    public String platformVersion;
    public String platformFamily;
    public Instant pullStartedAt;
    public Instant pullStoppedAt;
    public Instant startedAt;
    public String startedBy;
    public String stopCode;
    public Instant stoppedAt;
    public String stoppedReason;
    public Instant stoppingAt;
    public List<Tag> tags;
    public String taskArn;
    public String taskDefinitionArn;
    public Long version;
    public com.fasterxml.jackson.databind.JsonNode ephemeralStorage;

    public Container container(String name) {
        for (Container c : containers) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    public Attachment eni() {
        for (Attachment a : attachments) {
            if ("ElasticNetworkInterface".equals(a.type)) {
                return a;
            }
        }
        return null;
    }
}
