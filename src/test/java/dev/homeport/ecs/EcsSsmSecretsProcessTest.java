package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task secrets from SSM Parameter Store on the process runtime, in every form ECS accepts in a {@code valueFrom}: a
 * bare name, a path, an ARN in the task's region and one in another region; a SecureString arrives decrypted. A missing
 * parameter, and an execution role that may not read one, stop the task with the agent's reason. A log driver's
 * {@code secretOptions} are read the same way.
 */
class EcsSsmSecretsProcessTest extends EcsLifecycleTestBase {
    static HomeportServer server;
    static EcsClient ecs;

    @BeforeAll
    static void start() {
        server = server("process");
        ecs = server.client(EcsClient.builder());
        allowExecutionRoleToReadParameters(server);
    }

    @AfterAll
    static void stop() {
        ecs.close();
        server.close();
    }

    static ContainerDefinition.Builder app(String script) {
        return ContainerDefinition.builder().name("app").image("busybox").entryPoint("/bin/sh", "-c").command(script);
    }

    static Secret secret(String name, String valueFrom) {
        return Secret.builder().name(name).valueFrom(valueFrom).build();
    }

    @Test
    void everyValueFromFormIsInjectedAndSecureStringsDecrypted() throws Exception {
        try (SsmClient ssm = server.client(SsmClient.builder());
             SsmClient west = server.client(SsmClient.builder(), "eu-west-1", "test", "test")) {
            ssm.putParameter(b -> b.name("plain-setting").value("bare").type(ParameterType.STRING));
            ssm.putParameter(b -> b.name("/app/db/password").value("s3cure-pw").type(ParameterType.SECURE_STRING));
            ssm.putParameter(b -> b.name("/app/hosts").value("a,b").type(ParameterType.STRING_LIST));
            west.putParameter(b -> b.name("/app/region").value("from-eu").type(ParameterType.STRING));
        }
        ecs.registerTaskDefinition(fargate("ssm-all", app("env > $HOME/env.txt; exec sleep 60").secrets(
                secret("BARE", "plain-setting"),
                secret("PASSWORD", "/app/db/password"),
                secret("HOSTS", "arn:aws:ssm:us-east-1:000000000000:parameter/app/hosts"),
                secret("EU", "arn:aws:ssm:eu-west-1:000000000000:parameter/app/region")).build()).build());
        Task started = ecs.runTask(b -> b.taskDefinition("ssm-all").networkConfiguration(net())).tasks().getFirst();
        Task running = await(ecs, started.taskArn(), Duration.ofSeconds(30), t -> "RUNNING".equals(t.lastStatus()),
                null);
        Path env = EcsProcessLifecycleTest.taskFile(started.taskArn(), "env.txt");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(env) && Files.readString(env).contains("PASSWORD=")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(env)).contains("BARE=bare", "PASSWORD=s3cure-pw", "HOSTS=a,b", "EU=from-eu");
        assertThat(running.toString()).doesNotContain("s3cure-pw");
        ecs.stopTask(b -> b.task(started.taskArn()));
        assertThat(Files.readAllBytes(server.dataDir().resolve("homeport.db"))).asString().doesNotContain("s3cure-pw");
    }

    @Test
    void aMissingParameterOrADeniedReadStopsTheTaskWithTheAgentsReason() {
        ecs.registerTaskDefinition(fargate("ssm-missing", app("exec sleep 60").secrets(
                secret("X", "/does/not/exist")).build()).build());
        String missing = ecs.runTask(b -> b.taskDefinition("ssm-missing").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task stopped = await(ecs, missing, Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).isEqualTo("ResourceInitializationError: unable to pull secrets or registry "
                + "auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has "
                + "been retried 1 time(s): invalid parameters: /does/not/exist");

        // A role that may read Secrets Manager secrets but no parameter.
        try (IamClient iam = server.client(IamClient.builder());
             SsmClient ssm = server.client(SsmClient.builder())) {
            ssm.putParameter(b -> b.name("/guarded").value("x").type(ParameterType.STRING));
            iam.createRole(r -> r.roleName("no-ssm").assumeRolePolicyDocument(HomeportServer.TRUST_ECS_TASKS));
            iam.attachRolePolicy(r -> r.roleName("no-ssm")
                    .policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        }
        ecs.registerTaskDefinition(fargate("ssm-denied", app("exec sleep 60").secrets(secret("X", "/guarded")).build())
                .executionRoleArn("arn:aws:iam::000000000000:role/no-ssm").build());
        String denied = ecs.runTask(b -> b.taskDefinition("ssm-denied").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task refused = await(ecs, denied, Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(refused.stoppedReason()).startsWith("ResourceInitializationError: unable to pull secrets or "
                        + "registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: "
                        + "service call has been retried 1 time(s): AccessDeniedException: User: "
                        + "arn:aws:sts::000000000000:assumed-role/no-ssm/" + denied.substring(denied.lastIndexOf('/') + 1)
                        + " is not authorized to perform: ssm:GetParameters on resource: "
                        + "arn:aws:ssm:us-east-1:000000000000:parameter/guarded");
    }

    @Test
    void logDriverSecretOptionsAreReadAsTheExecutionRole() {
        try (SsmClient ssm = server.client(SsmClient.builder())) {
            ssm.putParameter(b -> b.name("/log/token").value("t0ken").type(ParameterType.SECURE_STRING));
        }
        ecs.registerTaskDefinition(fargate("ssm-log", app("exec sleep 60").logConfiguration(l -> l.logDriver("splunk")
                .options(java.util.Map.of("splunk-url", "https://splunk.invalid:8088"))
                .secretOptions(secret("splunk-token", "/log/token"))).build()).build());
        String started = ecs.runTask(b -> b.taskDefinition("ssm-log").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        await(ecs, started, Duration.ofSeconds(30), t -> "RUNNING".equals(t.lastStatus()), null);
        ecs.stopTask(b -> b.task(started));

        ecs.registerTaskDefinition(fargate("ssm-log-missing", app("exec sleep 60").logConfiguration(l -> l
                .logDriver("splunk").secretOptions(secret("splunk-token", "/log/none"))).build()).build());
        String missing = ecs.runTask(b -> b.taskDefinition("ssm-log-missing").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task stopped = await(ecs, missing, Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stoppedReason()).isEqualTo("ResourceInitializationError: unable to pull secrets or "
                + "registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service "
                + "call has been retried 1 time(s): invalid parameters: /log/none");
    }
}
