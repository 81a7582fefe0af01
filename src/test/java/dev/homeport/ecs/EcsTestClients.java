package dev.homeport.ecs;

import dev.homeport.app.Homeport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.net.URI;

/** SDK clients pointed at an in-process Homeport. */
final class EcsTestClients {
    private EcsTestClients() {
    }

    static EcsClient ecs(Homeport homeport) {
        return ecs(homeport, "us-east-1");
    }

    static EcsClient ecs(Homeport homeport, String region) {
        return EcsClient.builder()
                .endpointOverride(URI.create("http://localhost:" + homeport.port()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
