package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ConflictException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RunTask's clientToken and the expiry of stopped tasks, through the SDK over HTTP. Without a runtime every
 * task stops at once, which is what the expiry needs; the process runtime's test covers running tasks.
 */
class EcsClientTokenAndExpiryTest extends EcsLifecycleTestBase {
    static HomeportServer server;
    static EcsClient ecs;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none").withExecutionRole();
        ecs = server.client(EcsClient.builder());
        ecs.registerTaskDefinition(fargate("idem", ContainerDefinition.builder().name("app").image("busybox")
                .command("sleep", "60").build()).build());
        ecs.registerTaskDefinition(fargate("idem-other", ContainerDefinition.builder().name("app").image("busybox")
                .build()).build());
        ecs.createCluster(b -> b.clusterName("idem-a"));
        ecs.createCluster(b -> b.clusterName("idem-b"));
    }

    @AfterAll
    static void stop() {
        ecs.close();
        server.close();
    }

    static List<String> arns(RunTaskResponse r) {
        return r.tasks().stream().map(Task::taskArn).toList();
    }

    static List<String> listed(String cluster, String startedBy) {
        return ecs.listTasks(b -> b.cluster(cluster).startedBy(startedBy).desiredStatus(DesiredStatus.STOPPED))
                .taskArns();
    }

    @Test
    void aRetryWithTheSameTokenAnswersTheFirstCallsTasks() {
        RunTaskResponse first = ecs.runTask(b -> b.cluster("idem-a").taskDefinition("idem").count(2)
                .startedBy("retry").clientToken("retry-1").networkConfiguration(net())
                .tags(Tag.builder().key("k").value("v").build()));
        assertThat(first.tasks()).hasSize(2);
        // The cluster named by ARN is the same cluster, so the same call.
        String clusterArn = first.tasks().getFirst().clusterArn();
        RunTaskResponse again = ecs.runTask(b -> b.cluster(clusterArn).taskDefinition("idem").count(2)
                .startedBy("retry").clientToken("retry-1").networkConfiguration(net())
                .tags(Tag.builder().key("k").value("v").build()));
        assertThat(arns(again)).containsExactlyElementsOf(arns(first));
        assertThat(again.failures()).isEmpty();
        // The tasks as they are now (without a runtime they stopped at once), with their tags.
        assertThat(again.tasks()).allSatisfy(t -> {
            assertThat(t.lastStatus()).isEqualTo("STOPPED");
            assertThat(t.tags()).containsExactly(Tag.builder().key("k").value("v").build());
        });
        assertThat(listed("idem-a", "retry")).containsExactlyInAnyOrderElementsOf(arns(first));
    }

    @Test
    void concurrentCallsWithOneTokenStartOneSetOfTasks() throws Exception {
        List<java.util.concurrent.Future<List<String>>> calls = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> arns(ecs.runTask(b -> b.cluster("idem-b").taskDefinition("idem").count(3)
                        .startedBy("race").clientToken("race-1").networkConfiguration(net())))));
            }
            List<String> first = calls.getFirst().get();
            for (var call : calls) {
                assertThat(call.get()).containsExactlyInAnyOrderElementsOf(first);
            }
            assertThat(listed("idem-b", "race")).containsExactlyInAnyOrderElementsOf(first);
        }
    }

    @Test
    void theSameTokenWithOtherParametersIsAConflictNamingTheFirstTasks() {
        RunTaskResponse first = ecs.runTask(b -> b.cluster("idem-a").taskDefinition("idem").startedBy("conflict")
                .clientToken("conflict-1").networkConfiguration(net()));
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("idem-a").taskDefinition("idem-other")
                .startedBy("conflict").clientToken("conflict-1").networkConfiguration(net())))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.resourceIds()).containsExactlyElementsOf(arns(first));
                    assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
                });
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("idem-a").taskDefinition("idem").count(2)
                .startedBy("conflict").clientToken("conflict-1").networkConfiguration(net())))
                .isInstanceOf(ConflictException.class);
        assertThat(listed("idem-a", "conflict")).containsExactlyElementsOf(arns(first));
    }

    @Test
    void tokensAreCaseSensitiveAndScopedToTheCluster() {
        RunTaskResponse a = ecs.runTask(b -> b.cluster("idem-a").taskDefinition("idem").startedBy("scope")
                .clientToken("scope-1").networkConfiguration(net()));
        RunTaskResponse b2 = ecs.runTask(b -> b.cluster("idem-b").taskDefinition("idem").startedBy("scope")
                .clientToken("scope-1").networkConfiguration(net()));
        RunTaskResponse upper = ecs.runTask(b -> b.cluster("idem-a").taskDefinition("idem").startedBy("scope")
                .clientToken("SCOPE-1").networkConfiguration(net()));
        assertThat(arns(b2)).doesNotContainAnyElementsOf(arns(a));
        assertThat(arns(upper)).doesNotContainAnyElementsOf(arns(a));
        assertThat(listed("idem-a", "scope")).hasSize(2);
        assertThat(listed("idem-b", "scope")).hasSize(1);
    }

    @Test
    void tokenLimits() {
        String longest = "~".repeat(64);
        assertThat(ecs.runTask(b -> b.cluster("idem-b").taskDefinition("idem").clientToken(longest)
                .networkConfiguration(net())).tasks()).hasSize(1);
        for (String bad : List.of("x".repeat(65), "with space", "tab\tbed", "caf\u00e9", "")) {
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("idem-b").taskDefinition("idem").clientToken(bad)
                    .networkConfiguration(net()))).as(bad).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("clientToken");
        }
    }

    @Test
    void stoppedTasksDisappearAfterAnHourAndDescribeTasksCallsThemMissing() {
        RunTaskResponse run = ecs.runTask(b -> b.cluster("idem-b").taskDefinition("idem").count(2)
                .startedBy("expiry").clientToken("expiry-1").networkConfiguration(net())
                .tags(Tag.builder().key("k").value("v").build()));
        List<String> arns = arns(run);
        Task stopped = describe(ecs, arns.getFirst());
        assertThat(stopped.lastStatus()).isEqualTo("STOPPED");

        EcsRepository repository = server.homeport().ecsRepository();
        Clock now = Clock.systemUTC();
        // Still within the hour: kept.
        new StoppedTaskPurger(repository, Clock.offset(now, Duration.ofMinutes(59))).purgeDue();
        assertThat(listed("idem-b", "expiry")).hasSize(2);

        List<String> purged = new StoppedTaskPurger(repository, Clock.offset(now, Duration.ofMinutes(61))).purgeDue();
        assertThat(purged).containsAll(arns);
        String id = arns.get(1).substring(arns.get(1).lastIndexOf('/') + 1);
        DescribeTasksResponse described = ecs.describeTasks(b -> b.cluster("idem-b").tasks(arns.getFirst(), id));
        assertThat(described.tasks()).isEmpty();
        assertThat(described.failures()).extracting(f -> f.arn() + " " + f.reason())
                .containsExactly(arns.getFirst() + " MISSING", arns.get(1) + " MISSING");
        assertThat(listed("idem-b", "expiry")).isEmpty();
        // Its tags went with it.
        assertThat(repository.tags(arns.getFirst())).isEmpty();
        assertThatThrownBy(() -> ecs.listTagsForResource(b -> b.resourceArn(arns.getFirst())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("The referenced task was not found.");

        // The token went with its tasks: the same call now starts new ones.
        RunTaskResponse again = ecs.runTask(b -> b.cluster("idem-b").taskDefinition("idem").count(2)
                .startedBy("expiry").clientToken("expiry-1").networkConfiguration(net())
                .tags(Tag.builder().key("k").value("v").build()));
        assertThat(arns(again)).hasSize(2).doesNotContainAnyElementsOf(arns);
    }

    @Test
    void clientTokensSurviveARestart() {
        HomeportServer own = HomeportServer.start("none").withExecutionRole();
        try {
            List<String> first;
            try (EcsClient c = own.client(EcsClient.builder())) {
                c.registerTaskDefinition(fargate("restart", ContainerDefinition.builder().name("app")
                        .image("busybox").build()).build());
                first = arns(c.runTask(b -> b.taskDefinition("restart").clientToken("restart-1")
                        .networkConfiguration(net())));
            }
            own = own.restart();
            try (EcsClient c = own.client(EcsClient.builder())) {
                assertThat(arns(c.runTask(b -> b.taskDefinition("restart").clientToken("restart-1")
                        .networkConfiguration(net())))).isEqualTo(first);
                assertThatThrownBy(() -> c.runTask(b -> b.taskDefinition("restart").clientToken("restart-1")
                        .startedBy("someone-else").networkConfiguration(net())))
                        .isInstanceOfSatisfying(ConflictException.class,
                                e -> assertThat(e.resourceIds()).isEqualTo(first));
            }
        } finally {
            own.close();
        }
    }
}
