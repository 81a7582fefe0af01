package dev.homeport.ecs;

import dev.homeport.runtime.docker.DockerConnection;
import dev.homeport.runtime.docker.TestImages;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task lifecycle on a real Docker engine: sandboxes with private IPs reachable from the host,
 * secrets in the container environment, runtime ids, and recovery across a Homeport restart.
 * Fails (not skips) without an engine when CI=true.
 */
class EcsDockerLifecycleTest extends EcsLifecycleTestBase {
    static DockerConnection docker;
    static HomeportServer server;
    static EcsClient ecs;
    static SecretsManagerClient sm;

    @BeforeAll
    static void start() {
        docker = dev.homeport.testing.TestDocker.connect();
        TestImages.ensureBusybox(docker);
        server = server("docker");
        ecs = server.client(EcsClient.builder());
        sm = server.client(SecretsManagerClient.builder());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            for (String arn : ecs.listTasks(b -> b.cluster("default")).taskArns()) {
                ecs.stopTask(b -> b.task(arn));
            }
            for (String arn : ecs.listTasks(b -> b.cluster("default")).taskArns()) {
                awaitStatus(ecs, arn, "STOPPED");
            }
            ecs.close();
            sm.close();
            server.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    static ContainerDefinition.Builder busybox(String name, String script) {
        return ContainerDefinition.builder().name(name).image(TestImages.BUSYBOX).entryPoint("/bin/sh", "-c")
                .command(script);
    }

    static String get(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Exception last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    static String ip(Task t) {
        return t.attachments().getFirst().details().stream().filter(d -> d.name().equals("privateIPv4Address"))
                .findFirst().orElseThrow().value();
    }

    @Test
    void runsWithPrivateIpAndSecrets() throws Exception {
        String arn = sm.createSecret(b -> b.name("docker/db").secretString("{\"password\":\"d0cker\"}")).arn();
        ecs.registerTaskDefinition(fargate("dk-web", busybox("web",
                "env > /www/env.txt; exec httpd -f -p 80 -h /www")
                .secrets(Secret.builder().name("PW").valueFrom(arn + ":password::").build()).build(),
                busybox("sidecar", "exec sleep 600").essential(false).build()).build());
        Task started = ecs.runTask(b -> b.taskDefinition("dk-web").networkConfiguration(net())).tasks().getFirst();
        assertThat(started.lastStatus()).isEqualTo("PROVISIONING");
        Set<String> seen = seen();
        Task running = await(ecs, started.taskArn(), Duration.ofSeconds(60), t -> "RUNNING".equals(t.lastStatus()), seen);
        String ip = ip(running);
        assertThat(running.containers()).allSatisfy(c -> {
            assertThat(c.networkInterfaces().getFirst().privateIpv4Address()).isEqualTo(ip);
            // runtimeId is the Docker container id, as on ECS.
            assertThat(docker.control().inspectContainerCmd(c.runtimeId()).exec().getState().getRunning()).isTrue();
        });
        assertThat(get("http://" + ip + "/index.html")).contains(TestImages.INDEX_HTML);
        String env = get("http://" + ip + "/env.txt");
        assertThat(env).contains("PW=d0cker", "AWS_EXECUTION_ENV=AWS_ECS_FARGATE", "AWS_REGION=us-east-1");
        assertThat(running.toString()).doesNotContain("d0cker");

        ecs.stopTask(b -> b.task(started.taskArn()));
        Task stopped = await(ecs, started.taskArn(), Duration.ofSeconds(60), t -> "STOPPED".equals(t.lastStatus()), seen);
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(seen).contains("RUNNING", "STOPPED");
        assertThat(docker.control().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.homeport.task-arn", started.taskArn())).exec()).isEmpty();
    }

    /** SSM parameters by name, path and ARN (another region's too), a SecureString decrypted, in a Docker container. */
    @Test
    void ssmParametersInEveryFormReachTheContainersEnvironment() throws Exception {
        allowExecutionRoleToReadParameters(server);
        try (var ssm = server.client(software.amazon.awssdk.services.ssm.SsmClient.builder());
             var west = server.client(software.amazon.awssdk.services.ssm.SsmClient.builder(), "eu-west-1", "test",
                     "test")) {
            ssm.putParameter(b -> b.name("dk-setting").value("bare").type("String"));
            ssm.putParameter(b -> b.name("/dk/db/password").value("d0cker-ssm").type("SecureString"));
            ssm.putParameter(b -> b.name("/dk/hosts").value("a,b").type("StringList"));
            west.putParameter(b -> b.name("/dk/region").value("from-eu").type("String"));
        }
        ecs.registerTaskDefinition(fargate("dk-ssm", busybox("app", "exec sleep 600").secrets(
                Secret.builder().name("BARE").valueFrom("dk-setting").build(),
                Secret.builder().name("PASSWORD").valueFrom("/dk/db/password").build(),
                Secret.builder().name("HOSTS").valueFrom("arn:aws:ssm:us-east-1:000000000000:parameter/dk/hosts").build(),
                Secret.builder().name("EU").valueFrom("arn:aws:ssm:eu-west-1:000000000000:parameter/dk/region").build())
                .build()).build());
        Task started = ecs.runTask(b -> b.taskDefinition("dk-ssm").networkConfiguration(net())).tasks().getFirst();
        Task running = await(ecs, started.taskArn(), Duration.ofSeconds(60), t -> "RUNNING".equals(t.lastStatus()),
                null);
        String env = execOut(running.containers().getFirst().runtimeId(), "env");
        assertThat(env).contains("BARE=bare", "PASSWORD=d0cker-ssm", "HOSTS=a,b", "EU=from-eu");
        assertThat(running.toString()).doesNotContain("d0cker-ssm");
        ecs.stopTask(b -> b.task(started.taskArn()));
        await(ecs, started.taskArn(), Duration.ofSeconds(60), t -> "STOPPED".equals(t.lastStatus()), null);
    }

    @Test
    void missingSecretStartsNoContainer() {
        String valueFrom = "arn:aws:secretsmanager:us-east-1:000000000000:secret:nothing-here:key::";
        ecs.registerTaskDefinition(fargate("dk-nosecret", busybox("app", "exec sleep 600")
                .secrets(Secret.builder().name("X").valueFrom(valueFrom).build()).build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("dk-nosecret").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task stopped = awaitStatus(ecs, taskArn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).startsWith("ResourceInitializationError: unable to pull secrets or "
                + "registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service "
                + "call has been retried 1 time(s): failed to fetch secret "
                + "arn:aws:secretsmanager:us-east-1:000000000000:secret:nothing-here from secrets manager: "
                + "ResourceNotFoundException:");
        assertThat(docker.control().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("dev.homeport.task-arn", taskArn)).exec()).isEmpty();
    }

    @Test
    void missingImageIsCannotPullContainerError() {
        ecs.registerTaskDefinition(fargate("dk-noimage", ContainerDefinition.builder().name("app")
                .image("homeport-test/does-not-exist:1").build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("dk-noimage").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task stopped = awaitStatus(ecs, taskArn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).startsWith("CannotPullContainerError");
    }

    @Test
    void restartReadoptsRunningTasksAndSettlesDeadOnes() throws Exception {
        ecs.registerTaskDefinition(fargate("dk-survivor", busybox("web", "exec httpd -f -p 80 -h /www").build()).build());
        String survivor = ecs.runTask(b -> b.taskDefinition("dk-survivor").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        String victim = ecs.runTask(b -> b.taskDefinition("dk-survivor").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task running = awaitStatus(ecs, survivor, "RUNNING");
        Task doomed = awaitStatus(ecs, victim, "RUNNING");

        server.stop();
        // While Homeport is down, one task's container dies.
        docker.control().killContainerCmd(doomed.containers().getFirst().runtimeId()).exec();
        server = server.restart();
        ecs.close();
        sm.close();
        ecs = server.client(EcsClient.builder());
        sm = server.client(SecretsManagerClient.builder());

        assertThat(describe(ecs, survivor).lastStatus()).isEqualTo("RUNNING");
        assertThat(get("http://" + ip(running) + "/index.html")).contains(TestImages.INDEX_HTML);
        Task settled = awaitStatus(ecs, victim, "STOPPED");
        assertThat(settled.stoppedReason()).isNotBlank();

        ecs.stopTask(b -> b.task(survivor));
        assertThat(awaitStatus(ecs, survivor, "STOPPED").stopCodeAsString()).isEqualTo("UserInitiated");
    }

    /** A file in a running container, read with the docker CLI. */
    static String readInContainer(String runtimeId, String path) throws Exception {
        for (int i = 0; i < 100; i++) {
            Process p = new ProcessBuilder("docker", "exec", runtimeId, "cat", path).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() == 0 && out.contains("done")) {
                return out;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " was not written in " + runtimeId);
    }

    @Test
    void theTaskRolesCredentialsAndTheMetadataAnswerAtTheAgentsAddressInsideTheTask() throws Exception {
        try (var iam = server.client(software.amazon.awssdk.services.iam.IamClient.builder())) {
            String role = iam.createRole(r -> r.roleName("docker-app")
                    .assumeRolePolicyDocument(HomeportServer.TRUST_ECS_TASKS))
                    .role().arn();
            // What an SDK does: GET http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, from inside the task.
            String fetch = "printf 'GET %s HTTP/1.1\\r\\nHost: 169.254.170.2\\r\\nConnection: close\\r\\n\\r\\n' \"$1\" "
                    + "| nc -w 5 169.254.170.2 80";
            ecs.registerTaskDefinition(fargate("docker-role", busybox("app", "fetch() { " + fetch + "; }; "
                    + "{ env; fetch \"$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI\"; echo; "
                    + "fetch \"${ECS_CONTAINER_METADATA_URI_V4#http://169.254.170.2}\"; echo; echo done; } > /tmp/out; "
                    + "exec sleep 60").build()).taskRoleArn(role).build());
            Task task = ecs.runTask(b -> b.taskDefinition("docker-role").networkConfiguration(net())).tasks()
                    .getFirst();
            Task running = awaitStatus(ecs, task.taskArn(), "RUNNING");
            String out = readInContainer(running.containers().getFirst().runtimeId(), "/tmp/out");
            String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
            assertThat(out).contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/" + taskId + "-")
                    .contains("ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/" + taskId + "-")
                    .contains("AWS_ENDPOINT_URL=http://169.254.170.2\n")
                    .contains("HTTP/1.1 200 OK")
                    .contains("\"RoleArn\":\"" + role + "\"")
                    .contains("\"AccessKeyId\":\"ASIA")
                    .contains("\"Name\":\"app\"");
            ecs.stopTask(b -> b.task(task.taskArn()));
        }
        // The agent's address answers the agent network only: a client from elsewhere (here loopback) is refused.
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            socket.connect(new java.net.InetSocketAddress("169.254.170.2", 80), 2000);
            socket.getOutputStream().write(("GET /_homeport/health HTTP/1.1\r\nHost: 169.254.170.2\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 403");
        }
    }
    /**
     * What an SDK does inside a task, {@code GET http://169.254.170.2<path>}, run in a container with busybox's nc;
     * {@code path} is expanded there, so it may name the container's variables.
     */
    static String agentGet(String runtimeId, String path) throws Exception {
        return execOut(runtimeId, "path=\"" + path + "\"; printf 'GET %s HTTP/1.1\\r\\nHost: 169.254.170.2\\r\\n"
                + "Connection: close\\r\\n\\r\\n' \"$path\" | nc -w 10 169.254.170.2 80");
    }

    @Test
    void aTaskGetsOnlyItsOwnCredentialsItsStatsAndKeepsThemAcrossARestart() throws Exception {
        try (var iam = server.client(software.amazon.awssdk.services.iam.IamClient.builder())) {
            String role = iam.createRole(r -> r.roleName("docker-pair")
                    .assumeRolePolicyDocument(HomeportServer.TRUST_ECS_TASKS)).role().arn();
            ecs.registerTaskDefinition(fargate("docker-pair", busybox("app", "exec sleep 300").build())
                    .taskRoleArn(role).build());
        }
        Task a = awaitStatus(ecs, ecs.runTask(b -> b.taskDefinition("docker-pair").networkConfiguration(net()))
                .tasks().getFirst().taskArn(), "RUNNING");
        Task b = awaitStatus(ecs, ecs.runTask(r -> r.taskDefinition("docker-pair").networkConfiguration(net()))
                .tasks().getFirst().taskArn(), "RUNNING");
        String inA = a.containers().getFirst().runtimeId();
        String inB = b.containers().getFirst().runtimeId();
        assertThat(agentGet(inA, "$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")).contains("HTTP/1.1 200 OK")
                .contains(":role/docker-pair\"", "\"AccessKeyId\":\"ASIA");
        String aPath = execOut(inA, "echo $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").strip();
        assertThat(aPath).startsWith("/v2/credentials/");

        // B knows A's path (it leaked, say): the agent address tells B from A, and answers as for an unknown id.
        assertThat(agentGet(inB, aPath)).contains("HTTP/1.1 400").contains("InvalidIdInRequest")
                .doesNotContain("AccessKeyId");
        assertThat(agentGet(inB, "$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")).contains("HTTP/1.1 200 OK");

        // Docker's stats, as the agent serves them: the task's network counters and v4's rates.
        String stats = agentGet(inA, "${ECS_CONTAINER_METADATA_URI_V4#http://169.254.170.2}/stats");
        assertThat(stats).contains("HTTP/1.1 200 OK").contains("\"memory_stats\"", "\"cpu_stats\"",
                "\"precpu_stats\"", "\"networks\":{\"eth", "\"network_rate_stats\":{\"rx_bytes_per_sec\"");
        String taskStats = agentGet(inA, "${ECS_CONTAINER_METADATA_URI_V4#http://169.254.170.2}/task/stats");
        assertThat(taskStats).contains("HTTP/1.1 200 OK").contains("{\"" + inA + "\":{").contains("\"memory_stats\"");

        // Homeport restarts while the task runs: the re-adopted task's credentials still answer, only to it.
        server.stop();
        server = server.restart();
        ecs.close();
        sm.close();
        ecs = server.client(EcsClient.builder());
        sm = server.client(SecretsManagerClient.builder());
        assertThat(describe(ecs, a.taskArn()).lastStatus()).isEqualTo("RUNNING");
        assertThat(agentGet(inA, aPath)).contains("HTTP/1.1 200 OK").contains("\"AccessKeyId\":\"ASIA");
        assertThat(agentGet(inB, aPath)).contains("HTTP/1.1 400");

        ecs.stopTask(r -> r.task(a.taskArn()));
        ecs.stopTask(r -> r.task(b.taskArn()));
        awaitStatus(ecs, a.taskArn(), "STOPPED");
        awaitStatus(ecs, b.taskArn(), "STOPPED");
    }

    static String execOut(String runtimeId, String script) throws Exception {
        Process p = new ProcessBuilder("docker", "exec", runtimeId, "sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
