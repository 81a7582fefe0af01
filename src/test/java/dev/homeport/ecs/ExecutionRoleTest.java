package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The execution role, evaluated as ECS evaluates it (process runtime): RunTask refuses a role ECS could not assume;
 * a task reads its secrets as {@code assumed-role/<role>/<task-id>}, so the role's policies and the secret's resource
 * policy decide, and a denial stops the task with the agent's reason.
 */
class ExecutionRoleTest extends EcsLifecycleTestBase {
    static final String TRUST_ECS = HomeportServer.TRUST_ECS_TASKS;
    static final String UNABLE = "ECS was unable to assume the role '%s' that was provided for this task. Please verify "
            + "that the role being passed has the proper trust relationship and permissions and that your IAM user "
            + "has permissions to pass this role.";

    static HomeportServer server;
    static EcsClient ecs;
    static IamClient iam;
    static SecretsManagerClient sm;

    @BeforeAll
    static void start() {
        server = server("process");
        ecs = server.client(EcsClient.builder());
        iam = server.client(IamClient.builder());
        sm = server.client(SecretsManagerClient.builder());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        iam.close();
        sm.close();
        server.close();
    }

    static String role(String name, String trust) {
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust)).role().arn();
    }

    static void allow(String roleName, String action, String resource) {
        iam.putRolePolicy(r -> r.roleName(roleName).policyName("p").policyDocument("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "%s", "Resource": "%s"}]}"""
                .formatted(action, resource)));
    }

    /** A task definition of one container that writes its environment to its task directory and sleeps. */
    static void register(String family, String executionRole, String secretArn) {
        ecs.registerTaskDefinition(fargate(family, ContainerDefinition.builder().name("app").image("busybox")
                .entryPoint("/bin/sh", "-c").command("env > $HOME/env.txt; exec sleep 60")
                .secrets(Secret.builder().name("DB").valueFrom(secretArn).build()).build())
                .executionRoleArn(executionRole).build());
    }

    static Task run(String family) {
        return ecs.runTask(b -> b.taskDefinition(family).networkConfiguration(net())).tasks().getFirst();
    }

    static String secret(String name) {
        return sm.createSecret(b -> b.name(name).secretString("v-" + name)).arn();
    }

    static String id(Task task) {
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    }

    @Test
    void runTaskRefusesARoleEcsCannotAssume() {
        String secret = secret("exec/refused");
        String untrusting = role("exec-trusts-ec2", TRUST_ECS.replace("ecs-tasks", "ec2"));
        String missing = "arn:aws:iam::000000000000:role/exec-missing";
        // (Another account's role is refused earlier: a root key may pass only its own account's roles.)
        String[] roles = {untrusting, missing};
        for (int i = 0; i < roles.length; i++) {
            String family = "exec-refused-" + i;
            String roleArn = roles[i];
            register(family, roleArn, secret);
            assertThatThrownBy(() -> run(family)).isInstanceOfSatisfying(ClientException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(UNABLE.formatted(roleArn));
            });
            assertThat(ecs.listTasks(b -> b.family(family).desiredStatus("STOPPED")).taskArns()).isEmpty();
            assertThat(ecs.listTasks(b -> b.family(family)).taskArns()).isEmpty(); // nothing was started
        }
    }

    @Test
    void theTaskRoleMustBeAssumableToo() {
        String secret = secret("exec/taskrole");
        register("exec-taskrole", EXEC_ROLE, secret);
        String taskRole = "arn:aws:iam::000000000000:role/app-missing";
        assertThatThrownBy(() -> ecs.runTask(b -> b.taskDefinition("exec-taskrole").networkConfiguration(net())
                .overrides(o -> o.taskRoleArn(taskRole)))).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(UNABLE.formatted(taskRole)));
    }

    @Test
    void aRoleThatMayNotReadTheSecretStopsTheTaskWithTheAgentsAccessDenied() {
        String secret = secret("exec/denied");
        String roleArn = role("exec-no-secrets", TRUST_ECS);
        iam.attachRolePolicy(r -> r.roleName("exec-no-secrets")
                .policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        register("exec-denied", roleArn, secret);
        Task task = run("exec-denied");
        Task stopped = await(ecs, task.taskArn(), Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).isEqualTo("ResourceInitializationError: unable to pull secrets or registry "
                + "auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been "
                + "retried 1 time(s): failed to fetch secret " + secret + " from secrets manager: AccessDeniedException: "
                + "User: arn:aws:sts::000000000000:assumed-role/exec-no-secrets/" + id(task) + " is not authorized to "
                + "perform: secretsmanager:GetSecretValue on resource: " + secret
                + " because no identity-based policy allows the secretsmanager:GetSecretValue action");
    }

    @Test
    void theRolesPolicyScopedToTheSecretLetsTheTaskStart() throws Exception {
        String secret = secret("exec/allowed");
        String other = secret("exec/other");
        String roleArn = role("exec-one-secret", TRUST_ECS);
        allow("exec-one-secret", "secretsmanager:GetSecretValue", secret);
        register("exec-allowed", roleArn, secret);
        Task task = run("exec-allowed");
        awaitStatus(ecs, task.taskArn(), "RUNNING");
        Path env = EcsProcessLifecycleTest.taskFile(task.taskArn(), "env.txt");
        for (int i = 0; i < 100 && !Files.exists(env); i++) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(env)).contains("DB=v-exec/allowed");
        String session = "arn:aws:sts::000000000000:assumed-role/exec-one-secret/" + id(task);
        assertThat(storedSessions(session)).isOne();
        ecs.stopTask(b -> b.task(task.taskArn()));
        awaitStatus(ecs, task.taskArn(), "STOPPED");
        // ECS's credentials for a task end with it.
        assertThat(storedSessions(session)).isZero();

        // The same role, another secret: denied.
        register("exec-other", roleArn, other);
        Task denied = run("exec-other");
        Task stopped = await(ecs, denied.taskArn(), Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stoppedReason()).contains("AccessDeniedException: User: arn:aws:sts::000000000000:"
                + "assumed-role/exec-one-secret/" + id(denied) + " is not authorized");
        assertThat(storedSessions("arn:aws:sts::000000000000:assumed-role/exec-one-secret/" + id(denied))).isZero();
    }

    /** How many STS sessions the data directory holds for a principal (read from the database file). */
    private static int storedSessions(String principalArn) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + server.dataDir().resolve("homeport.db"));
             java.sql.PreparedStatement q = c.prepareStatement(
                     "SELECT COUNT(*) FROM sts_session WHERE principal_arn = ?")) {
            q.setString(1, principalArn);
            try (java.sql.ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    void aSecretsResourcePolicyNamingTheRoleIsEnough() {
        String secret = secret("exec/by-resource-policy");
        String roleArn = role("exec-by-resource", TRUST_ECS);
        sm.putResourcePolicy(b -> b.secretId(secret).resourcePolicy("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "%s"},
                  "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}""".formatted(roleArn)));
        register("exec-by-resource", roleArn, secret);
        Task task = run("exec-by-resource");
        assertThat(awaitStatus(ecs, task.taskArn(), "RUNNING").lastStatus()).isEqualTo("RUNNING");
        ecs.stopTask(b -> b.task(task.taskArn()));
    }

    @Test
    void theTrustPoliciesConfusedDeputyConditionsAreChecked() {
        String secret = secret("exec/deputy");
        String trust = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
                  "Condition": {"StringEquals": {"aws:SourceAccount": "%s"},
                                "ArnLike": {"aws:SourceArn": "arn:aws:ecs:us-east-1:%s:*"}}}]}""";
        String mine = role("exec-deputy-mine", trust.formatted("000000000000", "000000000000"));
        allow("exec-deputy-mine", "secretsmanager:GetSecretValue", "*");
        register("exec-deputy-mine", mine, secret);
        Task task = run("exec-deputy-mine");
        awaitStatus(ecs, task.taskArn(), "RUNNING");
        ecs.stopTask(b -> b.task(task.taskArn()));

        String elsewhere = role("exec-deputy-other", trust.formatted("222222222222", "222222222222"));
        register("exec-deputy-other", elsewhere, secret);
        assertThatThrownBy(() -> run("exec-deputy-other")).isInstanceOfSatisfying(ClientException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(UNABLE.formatted(elsewhere)));
    }

    @Test
    void logStreamsAreCreatedAsTheRoleAndAMissingGroupNeedsCreateLogGroup() {
        String roleArn = role("exec-logs", TRUST_ECS);
        iam.attachRolePolicy(r -> r.roleName("exec-logs")
                .policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        ecs.registerTaskDefinition(fargate("exec-logs", ContainerDefinition.builder().name("app").image("busybox")
                .entryPoint("/bin/sh", "-c").command("echo hello; exec sleep 60")
                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", "/exec/logs",
                        "awslogs-region", "us-east-1", "awslogs-stream-prefix", "ecs",
                        "awslogs-create-group", "true"))).build()).executionRoleArn(roleArn).build());

        // AmazonECSTaskExecutionRolePolicy has no logs:CreateLogGroup: the missing group cannot be made.
        Task denied = run("exec-logs");
        Task stopped = await(ecs, denied.taskArn(), Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).isEqualTo("ResourceInitializationError: failed to validate logger args: "
                + "create stream has been retried 1 times: failed to create Cloudwatch log group: AccessDeniedException: "
                + "User: arn:aws:sts::000000000000:assumed-role/exec-logs/" + id(denied) + " is not authorized to "
                + "perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:000000000000:log-group:/exec/logs "
                + "because no identity-based policy allows the logs:CreateLogGroup action : exit status 1");

        // Once the group exists, the policy's logs:CreateLogStream is all the task needs.
        try (CloudWatchLogsClient logs = server.client(CloudWatchLogsClient.builder())) {
            logs.createLogGroup(b -> b.logGroupName("/exec/logs"));
            Task task = run("exec-logs");
            awaitStatus(ecs, task.taskArn(), "RUNNING");
            assertThat(logs.describeLogStreams(b -> b.logGroupName("/exec/logs")).logStreams())
                    .extracting(LogStream::logStreamName).containsExactly("ecs/app/" + id(task));
            ecs.stopTask(b -> b.task(task.taskArn()));
        }
    }

    @Test
    void anImageOfHomeportsRegistryNeedsTheDockerRuntime() {
        String image = "localhost:" + server.port() + "/apps/web:v1";
        ecs.registerTaskDefinition(fargate("from-registry", ContainerDefinition.builder().name("web").image(image)
                .command("true").build()).executionRoleArn(EXEC_ROLE).build());
        Task task = run("from-registry");
        Task stopped = await(ecs, task.taskArn(), Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).isEqualTo("CannotPullContainerError: " + image + " is an image of "
                + "Homeport's registry, and the task runtime process (Linux) runs no images: run Homeport with the Docker "
                + "runtime (--runtime docker) for tasks whose images are pulled from it");
    }
}
