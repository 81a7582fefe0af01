package dev.homeport.ecs;

import java.util.Optional;

/**
 * The subnets and security groups RunTask may place a task in (Homeport's network configuration, seen by EC2's
 * Describe* calls). ECS only asks; it never changes the network.
 */
public interface TaskNetworks {
    /** @param availabilityZone the zone's letter, such as {@code a}; the zone is the region plus it */
    record SubnetInfo(String id, String cidr, String availabilityZone) {
    }

    Optional<SubnetInfo> subnet(String subnetId);

    boolean securityGroupExists(String groupId);
}
