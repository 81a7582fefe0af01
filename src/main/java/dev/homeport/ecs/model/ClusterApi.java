package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Wire shapes of the cluster operations. */
public final class ClusterApi {
    private ClusterApi() {
    }

    public record CreateClusterRequest(String clusterName, List<Tag> tags, List<ClusterSetting> settings,
                                       JsonNode configuration, List<String> capacityProviders,
                                       JsonNode defaultCapacityProviderStrategy, JsonNode serviceConnectDefaults) {
    }

    public record CreateClusterResponse(Cluster cluster) {
    }

    public record DescribeClustersRequest(List<String> clusters, List<String> include) {
    }

    public record DescribeClustersResponse(List<Cluster> clusters, List<Failure> failures) {
    }

    public record ListClustersRequest(String nextToken, Integer maxResults) {
    }

    public record ListClustersResponse(List<String> clusterArns, String nextToken) {
    }

    public record DeleteClusterRequest(String cluster) {
    }

    public record DeleteClusterResponse(Cluster cluster) {
    }
}
