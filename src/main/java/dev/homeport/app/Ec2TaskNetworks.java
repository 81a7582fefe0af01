package dev.homeport.app;

import dev.homeport.ec2.NetworkConfig;
import dev.homeport.ecs.TaskNetworks;

import java.util.Optional;

/** ECS's view of the network configuration EC2 describes: the wiring that keeps the two services apart. */
final class Ec2TaskNetworks implements TaskNetworks {
    private final NetworkConfig network;

    Ec2TaskNetworks(NetworkConfig network) {
        this.network = network;
    }

    @Override
    public Optional<SubnetInfo> subnet(String subnetId) {
        return network.subnet(subnetId).map(s -> new SubnetInfo(s.id(), s.cidr(), s.az()));
    }

    @Override
    public boolean securityGroupExists(String groupId) {
        return network.securityGroup(groupId).isPresent();
    }
}
