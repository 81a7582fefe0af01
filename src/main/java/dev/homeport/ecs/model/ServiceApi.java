package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Wire shapes of the service operations. */
public final class ServiceApi {
    private ServiceApi() {
    }

    public record CreateServiceRequest(String cluster, String serviceName, String taskDefinition,
                                       String availabilityZoneRebalancing, JsonNode loadBalancers,
                                       JsonNode serviceRegistries, Integer desiredCount, String clientToken,
                                       String launchType, JsonNode capacityProviderStrategy, String platformVersion,
                                       String role, DeploymentConfiguration deploymentConfiguration,
                                       JsonNode placementConstraints, JsonNode placementStrategy,
                                       NetworkConfiguration networkConfiguration,
                                       Integer healthCheckGracePeriodSeconds, String schedulingStrategy,
                                       JsonNode deploymentController, List<Tag> tags, Boolean enableECSManagedTags,
                                       String propagateTags, Boolean enableExecuteCommand,
                                       JsonNode serviceConnectConfiguration, JsonNode volumeConfigurations,
                                       JsonNode vpcLatticeConfigurations) {
    }

    public record CreateServiceResponse(Service service) {
    }

    public record UpdateServiceRequest(String cluster, String service, Integer desiredCount, String taskDefinition,
                                       JsonNode capacityProviderStrategy,
                                       DeploymentConfiguration deploymentConfiguration,
                                       String availabilityZoneRebalancing, NetworkConfiguration networkConfiguration,
                                       JsonNode placementConstraints, JsonNode placementStrategy,
                                       String platformVersion, Boolean forceNewDeployment,
                                       Integer healthCheckGracePeriodSeconds, JsonNode deploymentController,
                                       Boolean enableExecuteCommand, Boolean enableECSManagedTags,
                                       JsonNode loadBalancers, String propagateTags, JsonNode serviceRegistries,
                                       JsonNode serviceConnectConfiguration, JsonNode volumeConfigurations,
                                       JsonNode vpcLatticeConfigurations) {
    }

    public record UpdateServiceResponse(Service service) {
    }

    public record DeleteServiceRequest(String cluster, String service, Boolean force) {
    }

    public record DeleteServiceResponse(Service service) {
    }

    public record DescribeServicesRequest(String cluster, List<String> services, List<String> include) {
    }

    public record DescribeServicesResponse(List<Service> services, List<Failure> failures) {
    }

    public record ListServicesRequest(String cluster, String nextToken, Integer maxResults, String launchType,
                                      String schedulingStrategy, String resourceManagementType) {
    }

    public record ListServicesResponse(List<String> serviceArns, String nextToken) {
    }

    public record ListServicesByNamespaceRequest(String namespace, String nextToken, Integer maxResults) {
    }

    public record ListServicesByNamespaceResponse(List<String> serviceArns, String nextToken) {
    }
}
