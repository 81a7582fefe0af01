package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerCondition;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The task lifecycle end to end on the process runtime (no Docker needed). */
class EcsProcessLifecycleTest extends EcsLifecycleTestBase {
    static HomeportServer server;
    static EcsClient ecs;
    static SecretsManagerClient sm;

    @BeforeAll
    static void start() throws Exception {
        server = server("process");
        ecs = server.client(EcsClient.builder());
        sm = server.client(SecretsManagerClient.builder());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        sm.close();
        server.close();
    }

    /**
     * A file a task wrote in its own directory (its HOME, shared by its containers): the one place on the host a
     * sandboxed process task may write to.
     */
    static Path taskFile(String taskArn, String name) {
        return Path.of(System.getProperty("java.io.tmpdir"), "homeport-tasks",
                taskArn.substring(taskArn.lastIndexOf('/') + 1), name);
    }

    static ContainerDefinition.Builder sh(String name, String script) {
        return ContainerDefinition.builder().name(name).image("busybox").entryPoint("/bin/sh", "-c").command(script);
    }

    @Test
    void runsWithSecretsAndStopsOnRequest() throws Exception {
        String arn = sm.createSecret(b -> b.name("proc/db").secretString("{\"password\":\"pa55\",\"user\":\"admin\"}"))
                .arn();
        ecs.registerTaskDefinition(fargate("proc-main", sh("app", "env > $HOME/env.txt; exec sleep 60")
                .environment(KeyValuePair.builder().name("PLAIN").value("p").build())
                .secrets(Secret.builder().name("WHOLE").valueFrom(arn).build(),
                        Secret.builder().name("PW").valueFrom(arn.substring(0, arn.length() - 7) + ":password::").build())
                .build()).build());
        Task started = ecs.runTask(b -> b.taskDefinition("proc-main").networkConfiguration(net())).tasks().getFirst();
        assertThat(started.lastStatus()).isEqualTo("PROVISIONING");
        Set<String> seen = seen();
        Task running = await(ecs, started.taskArn(), Duration.ofSeconds(30), t -> "RUNNING".equals(t.lastStatus()), seen);
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.pullStartedAt()).isNotNull();
        assertThat(running.attachments().getFirst().status()).isEqualTo("ATTACHED");
        assertThat(running.attachments().getFirst().details()).anySatisfy(d -> {
            assertThat(d.name()).isEqualTo("privateIPv4Address");
            assertThat(d.value()).isNotBlank();
        });
        assertThat(running.containers().getFirst().networkInterfaces()).isNotEmpty();
        assertThat(running.containers().getFirst().runtimeId()).isNotBlank();

        Path env = taskFile(started.taskArn(), "env.txt");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(env) && Files.readString(env).contains("AWS_EXECUTION_ENV"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        String environment = Files.readString(env);
        assertThat(environment).contains("PW=pa55", "WHOLE={\"password\":\"pa55\",\"user\":\"admin\"}", "PLAIN=p",
                "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1", "AWS_EXECUTION_ENV=AWS_ECS_FARGATE");
        // Values never show in the API.
        assertThat(running.toString()).doesNotContain("pa55");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("proc-main")).toString()).doesNotContain("pa55");

        Task stopping = ecs.stopTask(b -> b.task(started.taskArn()).reason("done here")).task();
        assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
        Task stopped = await(ecs, started.taskArn(), Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), seen);
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("done here");
        assertThat(stopped.stoppingAt()).isNotNull();
        assertThat(stopped.executionStoppedAt()).isNotNull();
        assertThat(stopped.stoppedAt()).isNotNull();
        assertThat(stopped.containers().getFirst().lastStatus()).isEqualTo("STOPPED");
        assertThat(seen).contains("RUNNING", "STOPPED");
        // The store never holds the value.
        assertThat(Files.readAllBytes(server.dataDir().resolve("homeport.db"))).asString().doesNotContain("pa55");
    }

    /** The variables a task's container wrote to metadata-env.txt with {@code env}. */
    private java.util.Map<String, String> environmentOf(String taskArn) throws Exception {
        Path env = taskFile(taskArn, "metadata-env.txt");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(Files.exists(env) && Files.readString(env).contains("AWS_EXECUTION_ENV"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        java.util.Map<String, String> vars = new java.util.HashMap<>();
        for (String line : Files.readAllLines(env)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }

    @Test
    void taskMetadataEndpointServesTheContainerAndTheTask() throws Exception {
        ecs.registerTaskDefinition(fargate("proc-meta", sh("web", "env > $HOME/metadata-env.txt; exec sleep 60")
                .logConfiguration(l -> l.logDriver("awslogs").options(java.util.Map.of("awslogs-group", "/ecs/meta",
                        "awslogs-region", "us-east-1", "awslogs-stream-prefix", "ecs", "awslogs-create-group", "true")))
                .build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("proc-meta").networkConfiguration(net())).tasks().getFirst()
                .taskArn();
        Task running = awaitStatus(ecs, taskArn, "RUNNING");
        java.util.Map<String, String> vars = environmentOf(taskArn);
        String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        String v4 = vars.get("ECS_CONTAINER_METADATA_URI_V4");
        // Like the ECS agent's endpoint ids, the path can't be made from what DescribeTasks shows.
        assertThat(v4).matches("http://127\\.0\\.0\\.1:" + server.port() + "/_homeport/ecs/v4/" + taskId + "-[0-9a-f]{32}");
        String endpointId = v4.substring(v4.lastIndexOf('/') + 1);
        assertThat(vars.get("ECS_CONTAINER_METADATA_URI"))
                .isEqualTo("http://127.0.0.1:" + server.port() + "/_homeport/ecs/v3/" + endpointId);
        // nothing serves credentials yet, so the variable is not set (see docs/COMPATIBILITY.md)
        assertThat(vars).doesNotContainKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        // SDKs inside the task call Homeport; a task that names its own endpoint keeps it.
        assertThat(vars.get("AWS_ENDPOINT_URL")).isEqualTo("http://127.0.0.1:" + server.port());
        String own = ecs.runTask(b -> b.taskDefinition("proc-meta").networkConfiguration(net())
                .overrides(o -> o.containerOverrides(c -> c.name("web").environment(kv -> kv.name("AWS_ENDPOINT_URL")
                        .value("http://elsewhere.test:4566"))))).tasks().getFirst().taskArn();
        awaitStatus(ecs, own, "RUNNING");
        assertThat(environmentOf(own).get("AWS_ENDPOINT_URL")).isEqualTo("http://elsewhere.test:4566");
        ecs.stopTask(b -> b.task(own));

        var http = java.net.http.HttpClient.newHttpClient();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var container = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(v4)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(container.statusCode()).isEqualTo(200);
        var c = json.readTree(container.body());
        assertThat(c.path("Name").asText()).isEqualTo("web");
        assertThat(c.path("DockerId").asText()).isEqualTo(running.containers().getFirst().runtimeId());
        assertThat(c.path("KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(c.path("Labels").path("com.amazonaws.ecs.task-arn").asText()).isEqualTo(taskArn);
        assertThat(c.path("Labels").path("com.amazonaws.ecs.task-definition-family").asText()).isEqualTo("proc-meta");
        assertThat(c.path("Networks").get(0).path("IPv4Addresses").get(0).asText()).isEqualTo("127.0.0.1");
        // The task's subnet (one of the default network's) and its gateway, as AWS writes them.
        String cidr = c.path("Networks").get(0).path("IPv4SubnetCIDRBlock").asText();
        assertThat(cidr).isIn("10.200.11.0/24", "10.200.12.0/24");
        assertThat(c.path("Networks").get(0).path("SubnetGatewayIpv4Address").asText())
                .isEqualTo(cidr.replace(".0/24", ".1/24"));
        assertThat(Instant.parse(c.path("CreatedAt").asText())).isBeforeOrEqualTo(Instant.parse(c.path("StartedAt").asText()));
        // As the agent reports it: the stream the output goes to, not its prefix.
        assertThat(c.path("LogDriver").asText()).isEqualTo("awslogs");
        assertThat(c.path("LogOptions").path("awslogs-stream").asText()).isEqualTo("ecs/web/" + taskId);
        assertThat(c.path("LogOptions").path("awslogs-group").asText()).isEqualTo("/ecs/meta");
        assertThat(c.path("LogOptions").has("awslogs-stream-prefix")).isFalse();
        var task = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(v4 + "/task")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(task.statusCode()).isEqualTo(200);
        var t = json.readTree(task.body());
        assertThat(t.path("TaskARN").asText()).isEqualTo(taskArn);
        assertThat(t.path("Family").asText()).isEqualTo("proc-meta");
        assertThat(t.path("KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(t.path("LaunchType").asText()).isEqualTo("FARGATE");
        // The host's clock, as the kernel accounts for it (adjtimex), is the task's.
        assertThat(t.path("ClockDrift").path("ClockSynchronizationStatus").asText())
                .isIn("SYNCHRONIZED", "NOT_SYNCHRONIZED");
        assertThat(Instant.parse(t.path("ClockDrift").path("ReferenceTimestamp").asText()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
        assertThat(t.path("ClockDrift").path("ClockErrorBound").isNumber()).isTrue();
        assertThat(t.path("Containers")).hasSize(1);
        assertThat(task.body()).doesNotContain("AWS_EXECUTION_ENV");
        // No engine, no stats: null, as the agent answers for a container it has no stats of.
        var stats = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(v4 + "/stats")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).isEqualTo("null");
        var taskStats = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(v4 + "/task/stats")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(taskStats.body()).properties()).hasSize(1)
                .allSatisfy(e -> assertThat(e.getValue().isNull()).isTrue());
        // Knowing the task id is not enough: a guessed or altered endpoint id finds nothing.
        String base = "http://127.0.0.1:" + server.port() + "/_homeport/ecs/v4/";
        for (String guess : java.util.List.of(taskId + "/web", taskId + "-" + "0".repeat(32), taskId,
                endpointId.substring(0, endpointId.length() - 1) + (endpointId.endsWith("0") ? "1" : "0"))) {
            var denied = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + guess)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).as(guess).isEqualTo(404);
        }

        ecs.stopTask(b -> b.task(taskArn));
        awaitStatus(ecs, taskArn, "STOPPED");
        var gone = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(v4)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    /** A retried RunTask starts no second process; the task is forgotten an hour after it stops. */
    @Test
    void clientTokenRetryStartsNothingNewAndTheStoppedTaskExpires() {
        ecs.registerTaskDefinition(fargate("proc-idem", sh("app", "exec sleep 60").build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("proc-idem").clientToken("proc-idem-1")
                .networkConfiguration(net())).tasks().getFirst().taskArn();
        Task running = awaitStatus(ecs, taskArn, "RUNNING");
        Task again = ecs.runTask(b -> b.taskDefinition("proc-idem").clientToken("proc-idem-1")
                .networkConfiguration(net())).tasks().getFirst();
        assertThat(again.taskArn()).isEqualTo(taskArn);
        assertThat(again.lastStatus()).isEqualTo("RUNNING");
        assertThat(again.containers().getFirst().runtimeId()).isEqualTo(running.containers().getFirst().runtimeId());
        assertThat(ecs.listTasks(b -> b.family("proc-idem")).taskArns()).containsExactly(taskArn);

        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(2));
        StoppedTaskPurger purger = new StoppedTaskPurger(server.homeport().ecsRepository(), later);
        // Running tasks are never purged, however old.
        assertThat(purger.purgeDue()).doesNotContain(taskArn);
        ecs.stopTask(b -> b.task(taskArn));
        awaitStatus(ecs, taskArn, "STOPPED");
        assertThat(purger.purgeDue()).contains(taskArn);
        assertThat(ecs.describeTasks(b -> b.tasks(taskArn)).failures())
                .singleElement().satisfies(f -> {
                    assertThat(f.arn()).isEqualTo(taskArn);
                    assertThat(f.reason()).isEqualTo("MISSING");
                });
    }

    @Test
    void essentialExitStopsTheTask() {
        ecs.registerTaskDefinition(fargate("proc-exit", sh("main", "sleep 0.5; exit 3").build(),
                sh("side", "exec sleep 60").essential(false).build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("proc-exit").networkConfiguration(net())).tasks().getFirst()
                .taskArn();
        Task stopped = awaitStatus(ecs, taskArn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(stopped.containers()).filteredOn(c -> c.name().equals("main"))
                .singleElement().satisfies(c -> assertThat(c.exitCode()).isEqualTo(3));
    }

    /** Runs a task whose one container takes secret X from {@code valueFrom}, and waits until it has stopped. */
    private Task runWithSecret(String family, String valueFrom) {
        ecs.registerTaskDefinition(fargate(family, sh("app", "exec sleep 60")
                .secrets(Secret.builder().name("X").valueFrom(valueFrom).build()).build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition(family).networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        return awaitStatus(ecs, taskArn, "STOPPED");
    }

    @Test
    void aSecretOfAnotherAccountIsNotReadForTheTask() {
        // Secrets are read as the task's execution role, whatever account the valueFrom ARN names.
        String valueFrom = "arn:aws:secretsmanager:us-east-1:111111111111:secret:their-db-AbCdEf";
        Task stopped = runWithSecret("proc-foreign", valueFrom);
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).isEqualTo("ResourceInitializationError: unable to pull secrets or registry "
                + "auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been "
                + "retried 1 time(s): failed to fetch secret " + valueFrom + " from secrets manager: "
                + "AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/ecsTaskExecutionRole/"
                + stopped.taskArn().substring(stopped.taskArn().lastIndexOf('/') + 1) + " is not authorized to perform: "
                + "secretsmanager:GetSecretValue on resource: " + valueFrom + " because no resource-based policy allows "
                + "the secretsmanager:GetSecretValue action");
    }

    @Test
    void missingSecretFailsToStart() {
        String valueFrom = "arn:aws:secretsmanager:us-east-1:000000000000:secret:does-not-exist-AbCdEf";
        Task stopped = runWithSecret("proc-nosecret", valueFrom);
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).isEqualTo("ResourceInitializationError: unable to pull secrets or registry "
                + "auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been "
                + "retried 1 time(s): failed to fetch secret " + valueFrom + " from secrets manager: "
                + "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
        assertThat(stopped.startedAt()).isNull();
        assertThat(stopped.containers().getFirst().runtimeId()).isNull();
    }

    @Test
    void dependsOnSuccessOrdersContainers() throws Exception {
        // The containers of a task share its directory (their HOME).
        ecs.registerTaskDefinition(fargate("proc-deps",
                sh("init", "sleep 0.5; touch $HOME/init-done").essential(false).build(),
                sh("app", "if [ -f $HOME/init-done ]; then echo yes > $HOME/app-saw; fi; exec sleep 60")
                        .dependsOn(ContainerDependency.builder().containerName("init")
                                .condition(ContainerCondition.SUCCESS).build()).build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("proc-deps").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task running = awaitStatus(ecs, taskArn, "RUNNING");
        assertThat(running.containers()).filteredOn(c -> c.name().equals("init")).singleElement()
                .satisfies(c -> assertThat(c.exitCode()).isEqualTo(0));
        Path check = taskFile(taskArn, "app-saw");
        long deadline = System.currentTimeMillis() + 5000;
        while (!Files.exists(check) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(check).hasContent("yes");
        ecs.stopTask(b -> b.task(taskArn));
        assertThat(awaitStatus(ecs, taskArn, "STOPPED").stoppedReason()).isEqualTo("Task stopped by user");
    }

    @Test
    void stopTimeoutEscalatesToSigkill() {
        ecs.registerTaskDefinition(fargate("proc-stubborn",
                sh("app", "trap '' TERM; while true; do sleep 0.2; done").stopTimeout(2).build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("proc-stubborn").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        awaitStatus(ecs, taskArn, "RUNNING");
        long t0 = System.nanoTime();
        ecs.stopTask(b -> b.task(taskArn));
        Set<String> seen = seen();
        Task stopped = await(ecs, taskArn, Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), seen);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).isGreaterThanOrEqualTo(1800);
        assertThat(seen).contains("STOPPING");
        assertThat(stopped.containers().getFirst().exitCode()).isEqualTo(137);
    }

    @Test
    void overridesAreHonoured() throws Exception {
        ecs.registerTaskDefinition(fargate("proc-override", sh("app", "exec sleep 60")
                .environment(KeyValuePair.builder().name("A").value("from-td").build()).build()).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("proc-override").networkConfiguration(net())
                .overrides(o -> o.containerOverrides(co -> co.name("app")
                        .command("env > $HOME/override.txt; exec sleep 60")
                        .environment(KeyValuePair.builder().name("A").value("from-run").build())))).tasks()
                .getFirst().taskArn();
        awaitStatus(ecs, taskArn, "RUNNING");
        Path env = taskFile(taskArn, "override.txt");
        long deadline = System.currentTimeMillis() + 5000;
        while (!(Files.exists(env) && Files.readString(env).contains("A=")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(env)).contains("A=from-run");
        ecs.stopTask(b -> b.task(taskArn));
        awaitStatus(ecs, taskArn, "STOPPED");
    }

    @Test
    void hundredTasksAtOnce() {
        ecs.registerTaskDefinition(fargate("proc-many", sh("app", "exec sleep 120").build()).build());
        java.util.List<String> arns = new java.util.concurrent.CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        java.util.stream.IntStream.range(0, 10).parallel().forEach(i -> ecs.runTask(b -> b.taskDefinition("proc-many")
                .count(10).startedBy("many").networkConfiguration(net())).tasks().forEach(t -> arns.add(t.taskArn())));
        assertThat(arns).hasSize(100).doesNotHaveDuplicates();
        for (String arn : arns) {
            awaitStatus(ecs, arn, "RUNNING");
        }
        long allRunningMs = (System.nanoTime() - t0) / 1_000_000;
        java.util.List<String> listed = new java.util.ArrayList<>();
        ecs.listTasksPaginator(b -> b.startedBy("many").maxResults(30)).taskArns().forEach(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(arns);
        arns.parallelStream().forEach(arn -> ecs.stopTask(b -> b.task(arn)));
        for (String arn : arns) {
            assertThat(awaitStatus(ecs, arn, "STOPPED").stopCodeAsString()).isEqualTo("UserInitiated");
        }
        System.out.println("100 tasks at once on the process runtime: all RUNNING after " + allRunningMs + " ms");
    }
}
