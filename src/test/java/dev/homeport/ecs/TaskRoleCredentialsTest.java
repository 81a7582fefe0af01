package dev.homeport.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.Prerequisite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The task role on the process runtime: a task's AWS CLI finds {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and its
 * token, and calls Homeport as {@code assumed-role/<role>/<task-id>}; the endpoint answers only with the token; the
 * credentials stop working when the task stops.
 */
class TaskRoleCredentialsTest extends EcsLifecycleTestBase {
    static final Path AWS_CLI = Path.of("/usr/bin/aws");
    static final String TRUST_ECS = HomeportServer.TRUST_ECS_TASKS;
    static final ObjectMapper JSON = new ObjectMapper();

    static HomeportServer server;
    static EcsClient ecs;
    static IamClient iam;
    static SecretsManagerClient sm;

    @BeforeAll
    static void start() {
        Prerequisite.require(Files.isExecutable(AWS_CLI), "the AWS CLI (/usr/bin/aws, Debian's awscli)");
        server = server("process");
        ecs = server.client(EcsClient.builder());
        iam = server.client(IamClient.builder());
        sm = server.client(SecretsManagerClient.builder());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            ecs.close();
            iam.close();
            sm.close();
            server.close();
        }
    }

    static Task runWithTaskRole(String family, String taskRole, String script) {
        ecs.registerTaskDefinition(fargate(family, ContainerDefinition.builder().name("app").image("busybox")
                .entryPoint("/bin/sh", "-c").command(script).build()).taskRoleArn(taskRole).build());
        Task task = ecs.runTask(b -> b.taskDefinition(family).networkConfiguration(net())).tasks().getFirst();
        awaitStatus(ecs, task.taskArn(), "RUNNING");
        return task;
    }

    static String taskId(Task task) {
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    }

    /** A file the task wrote in its directory, once it is complete (the script ends it with a line "done"). */
    static String awaitFile(Task task, String name) throws Exception {
        Path file = EcsProcessLifecycleTest.taskFile(task.taskArn(), name);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file);
                if (text.endsWith("done\n")) {
                    return text;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not written; now: "
                + (Files.exists(file) ? Files.readString(file) : "missing"));
    }

    static Map<String, String> environment(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void theAwsCliInATaskActsAsTheTaskRole() throws Exception {
        String secret = sm.createSecret(b -> b.name("role/readable").secretString("for-the-app")).arn();
        String other = sm.createSecret(b -> b.name("role/other").secretString("not-for-the-app")).arn();
        String role = iam.createRole(r -> r.roleName("app-role").assumeRolePolicyDocument(TRUST_ECS)).role().arn();
        iam.putRolePolicy(r -> r.roleName("app-role").policyName("read").policyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Action": "secretsmanager:GetSecretValue", "Resource": "%s"}]}""".formatted(secret)));
        // Debian's CLI predates AWS_ENDPOINT_URL: the task passes the variable's value itself.
        String aws = AWS_CLI + " --output text --endpoint-url $AWS_ENDPOINT_URL";
        Task task = runWithTaskRole("role-cli", role, String.join("; ",
                "env > $HOME/env.txt",
                "{ " + aws + " sts get-caller-identity --query Arn",
                aws + " secretsmanager get-secret-value --secret-id role/readable --query SecretString",
                aws + " secretsmanager get-secret-value --secret-id role/other --query SecretString 2>&1 | tail -1",
                "echo done; } > $HOME/out.txt 2>&1",
                "exec sleep 60"));

        String out = awaitFile(task, "out.txt");
        assertThat(out).startsWith("arn:aws:sts::000000000000:assumed-role/app-role/" + taskId(task) + "\n"
                + "for-the-app\n");
        assertThat(out).contains("AccessDeniedException").contains("assumed-role/app-role/" + taskId(task)
                + " is not authorized to perform: secretsmanager:GetSecretValue on resource: " + other)
                .doesNotContain("not-for-the-app");
        ecs.stopTask(b -> b.task(task.taskArn()));
    }

    @Test
    void theEndpointAnswersTheTaskWithItsTokenAndNothingAfterTheTaskStops() throws Exception {
        String role = iam.createRole(r -> r.roleName("app-fetch").assumeRolePolicyDocument(TRUST_ECS)).role().arn();
        Task task = runWithTaskRole("role-fetch", role, "env > $HOME/env.txt; echo done >> $HOME/env.txt; exec sleep 60");
        Map<String, String> env = environment(awaitFile(task, "env.txt"));
        String uri = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        String token = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        assertThat(uri).startsWith("http://127.0.0.1:" + server.port() + "/_homeport/ecs/v2/credentials/"
                + taskId(task) + "-");
        assertThat(token).isNotBlank();
        assertThat(env).doesNotContainKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode credentials = JSON.readTree(answer.body());
        assertThat(credentials.path("RoleArn").asText()).isEqualTo(role);
        assertThat(credentials.path("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(credentials.path("SecretAccessKey").asText()).isNotBlank();
        assertThat(credentials.path("Token").asText()).isNotBlank();
        Instant expiration = Instant.parse(credentials.path("Expiration").asText());
        assertThat(expiration).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        // A second fetch gets the same session: it is far from expiring.
        JsonNode again = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token)
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(again.path("AccessKeyId").asText()).isEqualTo(credentials.path("AccessKeyId").asText());

        String notFound = "{\"code\":\"InvalidIdInRequest\",\"message\":\"CredentialsV2Request: Credentials not found\","
                + "\"HTTPErrorCode\":400}";
        for (HttpRequest refused : new HttpRequest[]{
                HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token + "x").build(),
                // the id's last character changed (to another one: a MAC ends in "0" one time in 16)
                HttpRequest.newBuilder(URI.create(uri.substring(0, uri.length() - 1) + (uri.endsWith("0") ? "1" : "0")))
                        .header("Authorization", token).build()}) {
            HttpResponse<String> r = http.send(refused, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(notFound);
        }

        try (StsClient sts = StsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.path("AccessKeyId").asText(), credentials.path("SecretAccessKey").asText(),
                        credentials.path("Token").asText()))).build()) {
            assertThat(sts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::000000000000:assumed-role/app-fetch/" + taskId(task));
            ecs.stopTask(b -> b.task(task.taskArn()));
            awaitStatus(ecs, task.taskArn(), "STOPPED");
            // Revoked with the task: the keys are unknown now, and the endpoint has nothing for it.
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(after.body()).isEqualTo(notFound);
    }

    @Test
    void aTaskWithoutATaskRoleGetsNoCredentialsVariables() throws Exception {
        ecs.registerTaskDefinition(fargate("role-none", ContainerDefinition.builder().name("app").image("busybox")
                .entryPoint("/bin/sh", "-c").command("env > $HOME/env.txt; echo done >> $HOME/env.txt; exec sleep 60")
                .build()).build());
        Task task = ecs.runTask(b -> b.taskDefinition("role-none").networkConfiguration(net())).tasks().getFirst();
        Map<String, String> env = environment(awaitFile(task, "env.txt"));
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("AWS_CONTAINER_"));
        ecs.stopTask(b -> b.task(task.taskArn()));
    }
}
