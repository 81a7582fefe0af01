package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A cluster as DescribeClusters shows it. Counts are computed from the tasks recorded. */
public record Cluster(String clusterArn, String clusterName, String status, Integer registeredContainerInstancesCount,
                      Integer runningTasksCount, Integer pendingTasksCount, Integer activeServicesCount,
                      List<KeyValuePair> statistics, List<Tag> tags, List<ClusterSetting> settings,
                      List<String> capacityProviders, JsonNode defaultCapacityProviderStrategy,
                      JsonNode configuration, JsonNode serviceConnectDefaults) {
}
