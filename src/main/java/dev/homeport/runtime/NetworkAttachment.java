package dev.homeport.runtime;

/**
 * The task's network interface, i.e. what DescribeTasks shows as the {@code ElasticNetworkInterface}
 * attachment and in every container's {@code networkInterfaces}.
 *
 * @param subnetId           the subnet the interface is in
 * @param networkInterfaceId a stable id of the interface (the Docker driver uses the sandbox container id)
 * @param privateIpv4Address the task's private IP, shared by all its containers
 * @param macAddress         the interface's MAC address
 */
public record NetworkAttachment(String subnetId, String networkInterfaceId, String privateIpv4Address, String macAddress) {
}
