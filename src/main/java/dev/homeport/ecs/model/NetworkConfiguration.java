package dev.homeport.ecs.model;

public record NetworkConfiguration(AwsVpcConfiguration awsvpcConfiguration) {
}
