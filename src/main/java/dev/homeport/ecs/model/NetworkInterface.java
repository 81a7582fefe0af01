package dev.homeport.ecs.model;

/** A container's view of its task's ENI. */
public record NetworkInterface(String attachmentId, String privateIpv4Address, String ipv6Address) {
}
