package dev.homeport.ec2;

import dev.homeport.runtime.NetworkRequest;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EC2's Describe* calls over the Query protocol with the real SDK v2 client, and RunTask's network checks. */
class Ec2QueryProtocolTest {
    static HomeportServer server;
    static Ec2Client ec2;
    static EcsClient ecs;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        ec2 = server.client(Ec2Client.builder());
        ecs = server.client(EcsClient.builder());
    }

    @AfterAll
    static void stop() {
        ec2.close();
        ecs.close();
        server.close();
    }

    @Test
    void theDefaultNetworkIsTheWorkshops() {
        List<Vpc> vpcs = ec2.describeVpcs().vpcs();
        assertThat(vpcs).hasSize(1);
        Vpc vpc = vpcs.getFirst();
        assertThat(vpc.vpcId()).matches("vpc-[0-9a-f]{17}");
        assertThat(vpc.cidrBlock()).isEqualTo("10.200.0.0/16");
        assertThat(vpc.ownerId()).isEqualTo("000000000000");
        assertThat(vpc.stateAsString()).isEqualTo("available");

        List<Subnet> subnets = ec2.describeSubnets(r -> r.filters(f("vpc-id", vpc.vpcId()))).subnets();
        assertThat(subnets).extracting(Subnet::cidrBlock).containsExactly("10.200.11.0/24", "10.200.12.0/24");
        assertThat(subnets).extracting(Subnet::availabilityZone).containsExactly("us-east-1a", "us-east-1b");
        assertThat(subnets).allSatisfy(s -> {
            assertThat(s.subnetId()).matches("subnet-[0-9a-f]{17}");
            assertThat(s.vpcId()).isEqualTo(vpc.vpcId());
            assertThat(s.availableIpAddressCount()).isEqualTo(251);
            assertThat(s.defaultForAz()).isFalse();
        });
        // the runtime's default subnet is the first configured one
        assertThat(subnets.getFirst().subnetId()).isEqualTo(NetworkRequest.DEFAULT.subnetId());
        assertThat(subnets.getFirst().cidrBlock()).isEqualTo(NetworkRequest.DEFAULT.cidr());

        List<SecurityGroup> groups = ec2.describeSecurityGroups(r -> r.filters(f("vpc-id", vpc.vpcId())))
                .securityGroups();
        assertThat(groups).hasSize(1);
        assertThat(groups.getFirst().groupId()).matches("sg-[0-9a-f]{17}");
        assertThat(groups.getFirst().groupName()).isEqualTo("homeport-default");
        assertThat(groups.getFirst().ipPermissionsEgress()).hasSize(1);
    }

    @Test
    void idsAreStableAcrossRestarts() {
        HomeportServer other = HomeportServer.start("none");
        try (Ec2Client c = other.client(Ec2Client.builder())) {
            assertThat(c.describeSubnets().subnets()).extracting(Subnet::subnetId)
                    .isEqualTo(ec2.describeSubnets().subnets().stream().map(Subnet::subnetId).toList());
        } finally {
            other.close();
        }
    }

    @Test
    void idsAndFilters() {
        List<Subnet> all = ec2.describeSubnets().subnets();
        String b = all.get(1).subnetId();
        assertThat(ec2.describeSubnets(r -> r.subnetIds(b)).subnets()).extracting(Subnet::subnetId).containsExactly(b);
        assertThat(ec2.describeSubnets(r -> r.filters(f("tag:Name", "homeport-a"))).subnets())
                .extracting(Subnet::cidrBlock).containsExactly("10.200.11.0/24");
        assertThat(ec2.describeSubnets(r -> r.filters(f("availability-zone", "us-east-1b"))).subnets())
                .extracting(Subnet::subnetId).containsExactly(b);
        assertThat(ec2.describeSubnets(r -> r.filters(f("cidr-block", "10.200.1*"))).subnets()).hasSize(2);
        assertThat(ec2.describeSubnets(r -> r.filters(f("default-for-az", "true"))).subnets()).isEmpty();
        assertThat(ec2.describeSubnets(r -> r.filters(f("subnet-id", b), f("vpc-id", "vpc-00000000"))).subnets())
                .isEmpty();
        assertThat(ec2.describeSecurityGroups(r -> r.groupNames("homeport-default")).securityGroups()).hasSize(1);
        assertThat(ec2.describeSecurityGroups(r -> r.filters(f("group-name", "other"))).securityGroups()).isEmpty();
        assertThat(ec2.describeVpcs(r -> r.filters(f("is-default", "false"))).vpcs()).hasSize(1);
    }

    @Test
    void unknownIdsAreEc2Errors() {
        assertThatThrownBy(() -> ec2.describeSubnets(r -> r.subnetIds("subnet-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSubnetID.NotFound");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The subnet ID 'subnet-0123456789abcdef0' does not exist");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> ec2.describeVpcs(r -> r.vpcIds("vpc-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcID.NotFound"));
        assertThatThrownBy(() -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0")))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound"));
        assertThatThrownBy(() -> ec2.describeSubnets(r -> r.filters(f("no-such-filter", "x"))))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> ec2.describeInstances())
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction"));
    }

    @Test
    void signaturesAreChecked() {
        try (Ec2Client bad = server.client(Ec2Client.builder(), "us-east-1", "test", "wrong")) {
            assertThatThrownBy(bad::describeVpcs).isInstanceOfSatisfying(Ec2Exception.class,
                    e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
        try (Ec2Client unknown = server.client(Ec2Client.builder(), "us-east-1", "nobody", "x")) {
            // HTTP 401 (the URLConnection client drops a 401's body, so the SDK sees only the status)
            assertThatThrownBy(unknown::describeVpcs).isInstanceOfSatisfying(Ec2Exception.class,
                    e -> assertThat(e.statusCode()).isEqualTo(401));
        }
    }

    @Test
    void unsignedFormRequestsGetAnXmlError() throws Exception {
        var res = RawHttp.post(server.port(), List.of(new RawHttp.Header("Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8")),
                "Action=DescribeVpcs&Version=2016-11-15".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(res.status()).isEqualTo(401);
        assertThat(new String(res.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("<?xml").contains("<Response><Errors><Error><Code>MissingAuthenticationToken</Code>");
    }

    @Test
    void runTaskRejectsUnknownSubnetsAndSecurityGroups() {
        ecs.registerTaskDefinition(r -> r.family("ec2net").requiresCompatibilitiesWithStrings("FARGATE")
                .networkMode("awsvpc").cpu("256").memory("512")
                .containerDefinitions(c -> c.name("app").image("busybox").essential(true)));
        String subnet = ec2.describeSubnets().subnets().getFirst().subnetId();
        String sg = ec2.describeSecurityGroups().securityGroups().getFirst().groupId();
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("ec2net").launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets("subnet-0123456789abcdef0")))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.awsErrorDetails()
                        .errorMessage()).isEqualTo("Error retrieving subnet information for [subnet-0123456789abcdef0]: "
                        + "The subnet ID 'subnet-0123456789abcdef0' does not exist (ErrorCode: InvalidSubnetID.NotFound)"));
        assertThatThrownBy(() -> ecs.runTask(r -> r.taskDefinition("ec2net").launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(subnet).securityGroups("sg-00000000")))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("The security group 'sg-00000000' does not exist");
        var run = ecs.runTask(r -> r.taskDefinition("ec2net").launchType(LaunchType.FARGATE)
                .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(subnet).securityGroups(sg))));
        assertThat(run.tasks()).hasSize(1);
        assertThat(run.tasks().getFirst().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(run.tasks().getFirst().attachments().getFirst().details())
                .anySatisfy(d -> assertThat(d.value()).isEqualTo(subnet));
    }

    @Test
    void aNetworkConfigFileReplacesTheDefault() throws Exception {
        Path file = Files.createTempFile("network", ".json");
        Files.writeString(file, """
                {"vpcs": [{"name": "lab", "cidr": "10.77.0.0/16", "id": "vpc-0a0b0c0d0e0f01020",
                  "subnets": [{"name": "lab-c", "cidr": "10.77.3.0/24", "az": "c"}],
                  "securityGroups": [{"name": "lab-sg", "description": "lab"}]}]}
                """);
        NetworkConfig config = NetworkConfig.load(file);
        assertThat(config.vpcs().getFirst().id()).isEqualTo("vpc-0a0b0c0d0e0f01020");
        assertThat(config.subnets().getFirst().id()).isEqualTo(NetworkConfig.derive("subnet", "lab-c"));
        assertThat(config.subnets().getFirst().availabilityZone("eu-west-1")).isEqualTo("eu-west-1c");
        Files.writeString(file, """
                {"vpcs": [{"name": "lab", "cidr": "10.77.0.0/16", "subnets": [{"name": "x", "cidr": "10.78.0.0/24"}]}]}
                """);
        assertThatThrownBy(() -> NetworkConfig.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not inside");
        Files.delete(file);
    }

    private static Filter f(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
