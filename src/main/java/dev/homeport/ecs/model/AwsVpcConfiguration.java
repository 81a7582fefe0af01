package dev.homeport.ecs.model;

import java.util.List;

public record AwsVpcConfiguration(List<String> subnets, List<String> securityGroups, String assignPublicIp) {
}
