package dev.homeport.testing;

import dev.homeport.app.Homeport;
import dev.homeport.app.HomeportConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Homeport started in-process on a free port with its own data directory, and SDK clients
 * pointed at it over real HTTP with the development key. Close it to stop the server and delete
 * the data.
 */
public final class HomeportServer implements AutoCloseable {
    private final Path dataDir;
    private final Homeport homeport;

    private HomeportServer(Path dataDir, Homeport homeport) {
        this.dataDir = dataDir;
        this.homeport = homeport;
    }

    public static HomeportServer start() {
        return start("process");
    }

    public static HomeportServer start(String runtime) {
        return start(config -> config.withRuntime(runtime));
    }

    /** A server with the test defaults (process runtime, free port) changed by {@code customize}. */
    public static HomeportServer start(java.util.function.UnaryOperator<HomeportConfig> customize) {
        try {
            Path dir = Files.createTempDirectory("homeport-test");
            HomeportConfig config = customize.apply(HomeportConfig.defaults(dir).withPort(0).withRuntime("process"));
            return new HomeportServer(dir, Homeport.start(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restarts on the same data directory, as after a crash or an upgrade. */
    public HomeportServer restart() {
        HomeportConfig config = homeport.config();
        homeport.close();
        return new HomeportServer(dataDir, Homeport.start(config.withPort(0)));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + homeport.port());
    }

    public int port() {
        return homeport.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Homeport homeport() {
        return homeport;
    }

    /** Configures any SDK v2 client builder for this server: endpoint, region, test/test keys. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return client(builder, "us-east-1", "test", "test");
    }

    public <B extends AwsClientBuilder<B, C>, C> C client(B builder, String region, String key, String secret) {
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder.endpointOverride(endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .build();
    }

    /** A trust policy that lets ECS assume the role for tasks, as AWS's guide writes it. */
    public static final String TRUST_ECS_TASKS = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";

    /** The role tests name as their task definitions' {@code executionRoleArn}. */
    public static final String EXECUTION_ROLE = "arn:aws:iam::000000000000:role/ecsTaskExecutionRole";

    /**
     * Creates {@link #EXECUTION_ROLE} as AWS's guide has users create it: trusting {@code ecs-tasks.amazonaws.com},
     * with AmazonECSTaskExecutionRolePolicy, and an inline policy to read Secrets Manager secrets and create the log
     * groups of {@code awslogs-create-group}. Does nothing when it exists.
     */
    public HomeportServer withExecutionRole() {
        try (var iam = client(software.amazon.awssdk.services.iam.IamClient.builder())) {
            if (iam.listRoles().roles().stream().anyMatch(r -> r.arn().equals(EXECUTION_ROLE))) {
                return this;
            }
            iam.createRole(r -> r.roleName("ecsTaskExecutionRole").assumeRolePolicyDocument(TRUST_ECS_TASKS));
            iam.attachRolePolicy(r -> r.roleName("ecsTaskExecutionRole")
                    .policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
            iam.putRolePolicy(r -> r.roleName("ecsTaskExecutionRole").policyName("secrets").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                      "Action": ["secretsmanager:GetSecretValue", "logs:CreateLogGroup"], "Resource": "*"}]}"""));
        }
        return this;
    }

    @Override
    public void close() {
        homeport.close();
        deleteRecursively(dataDir);
    }

    /** Stops the server but keeps the data directory, for tests that inspect the files. */
    public void stop() {
        homeport.close();
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
