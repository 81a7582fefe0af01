package dev.homeport.ecs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata's SubnetGatewayIpv4Address: the subnet's first address after the network's, with its prefix. */
class TaskMetadataGatewayTest {
    @Test
    void theFirstAddressOfTheSubnetWithItsPrefix() {
        assertThat(TaskMetadata.gateway("10.0.2.0/24")).isEqualTo("10.0.2.1/24");
        assertThat(TaskMetadata.gateway("10.200.16.0/20")).isEqualTo("10.200.16.1/20");
        assertThat(TaskMetadata.gateway("172.31.255.128/25")).isEqualTo("172.31.255.129/25");
        assertThat(TaskMetadata.gateway("192.168.7.200/16")).isEqualTo("192.168.0.1/16");
    }
}
