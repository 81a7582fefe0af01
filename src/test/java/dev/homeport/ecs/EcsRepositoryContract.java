package dev.homeport.ecs;

import dev.homeport.ecs.model.EcsJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.EcsRepository.TaskDefinitionRecord;
import dev.homeport.ecs.EcsRepository.TaskQuery;
import dev.homeport.ecs.EcsRepository.TaskRef;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link EcsRepository} contract; each implementation's test extends it. */
abstract class EcsRepositoryContract {
    static final String R = "us-east-1";
    /** A fresh account per test, so implementations on a shared database (PostgreSQL) stay isolated. */
    final String A = String.format("%012d", java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000L));

    abstract EcsRepository repository();

    ClusterRecord cluster(String name, String status) {
        return new ClusterRecord(EcsArns.cluster(R, A, name), R, A, name, status, List.of(), null, null,
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    Task task(String cluster, String family, String startedBy, String desired) {
        return Task.builder()
                .taskArn(EcsArns.task(R, A, cluster, java.util.UUID.randomUUID().toString().replace("-", "")))
                .clusterArn(EcsArns.cluster(R, A, cluster))
                .taskDefinitionArn(EcsArns.taskDefinition(R, A, family, 1))
                .startedBy(startedBy)
                .desiredStatus(TaskStatus.valueOf(desired))
                .lastStatus("STOPPED".equals(desired) ? TaskStatus.STOPPED : TaskStatus.PROVISIONING)
                .launchType("FARGATE")
                .createdAt(Instant.ofEpochMilli(1_700_000_000_123L))
                .version(1L)
                .build();
    }

    @Test
    void clustersAreIdempotentAndListedByScope() {
        EcsRepository repo = repository();
        ClusterRecord a = repo.createCluster(cluster("a", "ACTIVE"));
        assertThat(repo.createCluster(cluster("a", "ACTIVE")).createdAt()).isEqualTo(a.createdAt());
        repo.createCluster(cluster("b", "ACTIVE"));
        repo.createCluster(new ClusterRecord(EcsArns.cluster("eu-west-1", A, "c"), "eu-west-1", A, "c", "ACTIVE",
                List.of(), null, null, Instant.now()));
        assertThat(repo.listClusters(R, A, null, 10)).extracting(ClusterRecord::name).containsExactly("a", "b");
        assertThat(repo.listClusters(R, A, EcsArns.cluster(R, A, "a"), 10)).extracting(ClusterRecord::name)
                .containsExactly("b");
        repo.updateCluster(cluster("a", "INACTIVE"));
        assertThat(repo.cluster(EcsArns.cluster(R, A, "a")).orElseThrow().status()).isEqualTo("INACTIVE");
        assertThat(repo.listClusters(R, A, null, 10)).extracting(ClusterRecord::name).containsExactly("b");
        assertThat(repo.cluster(EcsArns.cluster(R, A, "zzz"))).isEmpty();
    }

    TaskDefinitionRecord register(EcsRepository repo, String family) {
        return repo.registerTaskDefinition(R, A, family, rev -> {
            String arn = EcsArns.taskDefinition(R, A, family, rev);
            ObjectNode doc = EcsJson.MAPPER.createObjectNode().put("taskDefinitionArn", arn).put("revision", rev)
                    .put("family", family).put("status", "ACTIVE").put("unknownMember", "kept");
            return new TaskDefinitionRecord(arn, R, A, family, rev, "ACTIVE", doc);
        });
    }

    @Test
    void taskDefinitionRevisionsAndListing() {
        EcsRepository repo = repository();
        assertThat(register(repo, "web").revision()).isEqualTo(1);
        TaskDefinitionRecord web2 = register(repo, "web");
        assertThat(web2.revision()).isEqualTo(2);
        register(repo, "api");
        assertThat(repo.taskDefinition(web2.arn()).orElseThrow().document().get("unknownMember").asText())
                .isEqualTo("kept");
        assertThat(repo.latestActiveTaskDefinition(R, A, "web").orElseThrow().revision()).isEqualTo(2);
        TaskDefinitionRecord inactive = new TaskDefinitionRecord(web2.arn(), R, A, "web", 2, "INACTIVE",
                web2.document().put("status", "INACTIVE"));
        repo.updateTaskDefinition(inactive);
        assertThat(repo.latestActiveTaskDefinition(R, A, "web").orElseThrow().revision()).isEqualTo(1);
        assertThat(repo.listTaskDefinitions(R, A, null, "ACTIVE", false, null, 10))
                .extracting(TaskDefinitionRecord::arn).containsExactly(EcsArns.taskDefinition(R, A, "api", 1),
                        EcsArns.taskDefinition(R, A, "web", 1));
        assertThat(repo.listTaskDefinitions(R, A, "web", null, true, null, 10)).extracting(TaskDefinitionRecord::revision)
                .containsExactly(2, 1);
        // The family filter is the whole name, as ListTaskDefinitions' familyPrefix is.
        assertThat(repo.listTaskDefinitions(R, A, "we", null, true, null, 10)).isEmpty();
        var first = repo.listTaskDefinitions(R, A, null, null, false, null, 2);
        var rest = repo.listTaskDefinitions(R, A, null, null, false, first.getLast().sortKey(), 2);
        assertThat(rest).extracting(TaskDefinitionRecord::arn).containsExactly(web2.arn());
        assertThat(repo.listFamilies(R, A, null, "ACTIVE", null, 10)).containsExactly("api", "web");
        repo.updateTaskDefinition(new TaskDefinitionRecord(EcsArns.taskDefinition(R, A, "api", 1), R, A, "api", 1,
                "INACTIVE", EcsJson.MAPPER.createObjectNode()));
        assertThat(repo.listFamilies(R, A, null, "INACTIVE", null, 10)).containsExactly("api");
        assertThat(repo.listFamilies(R, A, null, "ALL", "api", 10)).containsExactly("web");
        assertThat(register(repo, "web").revision()).isEqualTo(3);
    }

    @Test
    void tasksQueriesAndPages() {
        EcsRepository repo = repository();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tasks.add(task(i % 2 == 0 ? "c1" : "c2", i < 4 ? "web" : "api", i % 3 == 0 ? "me" : null, "RUNNING"));
        }
        repo.insertTasks(tasks);
        Task t0 = repo.task(tasks.getFirst().taskArn()).orElseThrow();
        assertThat(t0.createdAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        String c1 = EcsArns.cluster(R, A, "c1");
        List<TaskRef> all = repo.listTasks(new TaskQuery(c1, null, null, TaskStatus.RUNNING, null, null), 0, 100);
        assertThat(all).extracting(TaskRef::arn).containsExactly(tasks.get(0).taskArn(), tasks.get(2).taskArn(),
                tasks.get(4).taskArn(), tasks.get(6).taskArn());
        List<TaskRef> page1 = repo.listTasks(new TaskQuery(c1, null, null, TaskStatus.RUNNING, null, null), 0, 2);
        List<TaskRef> page2 = repo.listTasks(new TaskQuery(c1, null, null, TaskStatus.RUNNING, null, null),
                page1.getLast().seq(), 2);
        assertThat(page2).extracting(TaskRef::arn).containsExactly(tasks.get(4).taskArn(), tasks.get(6).taskArn());
        assertThat(repo.listTasks(new TaskQuery(c1, "web", null, null, null, null), 0, 100)).hasSize(2);
        assertThat(repo.listTasks(new TaskQuery(null, null, "me", null, null, null), 0, 100))
                .filteredOn(r -> r.arn().contains(":" + A + ":")).hasSize(3);
        assertThat(repo.listTasks(new TaskQuery(c1, null, null, TaskStatus.STOPPED, null, null), 0, 100)).isEmpty();

        t0 = t0.with(b -> b.lastStatus(TaskStatus.RUNNING).desiredStatus(TaskStatus.STOPPED));
        repo.updateTask(t0);
        assertThat(repo.listTasks(new TaskQuery(c1, null, null, TaskStatus.STOPPED, null, null), 0, 100)).extracting(TaskRef::arn)
                .containsExactly(t0.taskArn());
        assertThat(repo.countActiveTasksByStatus(c1)).isEqualTo(Map.of(TaskStatus.RUNNING, 1, TaskStatus.PROVISIONING, 3));
        t0 = t0.with(b -> b.lastStatus(TaskStatus.STOPPED));
        repo.updateTask(t0);
        assertThat(repo.countActiveTasksByStatus(c1)).isEqualTo(Map.of(TaskStatus.PROVISIONING, 3));
        assertThat(repo.unstoppedTasks()).filteredOn(t -> t.taskArn().contains(":" + A + ":")).hasSize(6);
        assertThat(repo.tasks(List.of(tasks.get(1).taskArn(), "arn:nope"))).extracting(t -> t.taskArn())
                .containsExactly(tasks.get(1).taskArn());
    }

    @Test
    void concurrentUpdatesAreEachPersistedAndAMissingTaskFailsAlone() throws Exception {
        EcsRepository repo = repository();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(task("conc", "web", null, "RUNNING"));
        }
        repo.insertTasks(tasks);
        Task missing = task("conc", "web", null, "RUNNING");
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 5; round++) {
                List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
                int r = round;
                for (Task t : tasks) {
                    futures.add(pool.submit(() -> {
                        Task copy = repo.task(t.taskArn()).orElseThrow();
                        // Statuses take turns, so each round's write is one that changes the row.
                        repo.updateTask(copy.with(b -> b.lastStatus(ROUND_STATUS.get(r)).version((long) r)));
                    }));
                }
                futures.add(pool.submit(() -> {
                    try {
                        repo.updateTask(missing);
                    } catch (IllegalStateException e) {
                        failures.incrementAndGet();
                    }
                }));
                for (var f : futures) {
                    f.get();
                }
                for (Task t : tasks) {
                    Task now = repo.task(t.taskArn()).orElseThrow();
                    assertThat(now.lastStatus()).isEqualTo(ROUND_STATUS.get(r));
                    assertThat(now.version()).isEqualTo((long) r);
                }
            }
        }
        assertThat(failures.get()).isEqualTo(5);
    }

    static final Instant T0 = Instant.ofEpochMilli(1_800_000_000_000L);
    private static final List<TaskStatus> ROUND_STATUS = List.of(TaskStatus.PENDING, TaskStatus.ACTIVATING,
            TaskStatus.RUNNING, TaskStatus.DEACTIVATING, TaskStatus.STOPPING);

    EcsRepository.ClientToken token(String cluster, String token, String fingerprint, Instant at) {
        return new EcsRepository.ClientToken(EcsArns.cluster(R, A, cluster), token, fingerprint, at);
    }

    @Test
    void clientTokenStoresTasksOnceAndAnswersWithThem() {
        EcsRepository repo = repository();
        List<Task> first = List.of(task("ct", "web", null, "RUNNING"), task("ct", "web", null, "RUNNING"));
        assertThat(repo.insertTasks(first, token("ct", "tok-1", "fp-a", T0), T0.minusSeconds(86_400))).isEmpty();

        // Same token again (whatever its fingerprint): nothing stored, the first call's record answered.
        List<Task> second = List.of(task("ct", "web", null, "RUNNING"));
        var again = repo.insertTasks(second, token("ct", "tok-1", "fp-b", T0.plusSeconds(5)), T0.minusSeconds(86_000));
        assertThat(again).hasValueSatisfying(run -> {
            assertThat(run.token().fingerprint()).isEqualTo("fp-a");
            assertThat(run.token().createdAt()).isEqualTo(T0);
            assertThat(run.tasks()).extracting(t -> t.taskArn())
                    .containsExactly(first.get(0).taskArn(), first.get(1).taskArn());
        });
        assertThat(repo.task(second.getFirst().taskArn())).isEmpty();
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "ct"), "tok-1", T0)).isPresent();
        // Tokens are case-sensitive and scoped to a cluster.
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "ct"), "TOK-1", T0)).isEmpty();
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "other"), "tok-1", T0)).isEmpty();
        List<Task> elsewhere = List.of(task("other", "web", null, "RUNNING"));
        assertThat(repo.insertTasks(elsewhere, token("other", "tok-1", "fp-a", T0), T0)).isEmpty();
        assertThat(repo.task(elsewhere.getFirst().taskArn())).isPresent();
    }

    @Test
    void anExpiredClientTokenIsReplacedAndItsOldTasksForgetIt() {
        EcsRepository repo = repository();
        List<Task> old = List.of(task("exp", "web", null, "RUNNING"));
        repo.insertTasks(old, token("exp", "tok", "fp-a", T0), T0.minusSeconds(1));
        // Looked up with a TTL that has passed: no live record.
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "exp"), "tok", T0.plusSeconds(1))).isEmpty();
        List<Task> fresh = List.of(task("exp", "web", null, "RUNNING"));
        assertThat(repo.insertTasks(fresh, token("exp", "tok", "fp-b", T0.plusSeconds(100)), T0.plusSeconds(1)))
                .isEmpty();
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "exp"), "tok", T0)).hasValueSatisfying(run -> {
            assertThat(run.token().fingerprint()).isEqualTo("fp-b");
            assertThat(run.tasks()).extracting(t -> t.taskArn()).containsExactly(fresh.getFirst().taskArn());
        });
        assertThat(repo.task(old.getFirst().taskArn())).isPresent();
    }

    @Test
    void stoppedTasksArePurgedAfterTheirTimeWithTagsAndTheirClientTokens() {
        EcsRepository repo = repository();
        Task longStopped = task("pg", "web", null, "RUNNING");
        Task justStopped = task("pg", "web", null, "RUNNING");
        Task running = task("pg", "web", null, "RUNNING");
        running = running.with(b -> b.createdAt(T0.minusSeconds(86_400)));
        repo.insertTasks(List.of(longStopped, justStopped), token("pg", "tok", "fp", T0), T0);
        repo.insertTasks(List.of(running));
        repo.tag(longStopped.taskArn(), Map.of("k", "v"));
        repo.tag(running.taskArn(), Map.of("k", "v"));
        repo.updateTask(longStopped.with(b -> b.lastStatus(TaskStatus.STOPPED).desiredStatus(TaskStatus.STOPPED)
                .stoppedAt(T0.minusSeconds(3601))));
        repo.updateTask(justStopped.with(b -> b.lastStatus(TaskStatus.STOPPED).desiredStatus(TaskStatus.STOPPED)
                .stoppedAt(T0.minusSeconds(3599))));

        assertThat(repo.purgeStoppedTasks(T0.minusSeconds(3600))).filteredOn(a -> a.contains(":" + A + ":"))
                .containsExactly(longStopped.taskArn());
        assertThat(repo.task(longStopped.taskArn())).isEmpty();
        assertThat(repo.tags(longStopped.taskArn())).isEmpty();
        assertThat(repo.listTasks(new TaskQuery(EcsArns.cluster(R, A, "pg"), null, null, TaskStatus.STOPPED, null,
                null),
                0, 10))
                .extracting(TaskRef::arn).containsExactly(justStopped.taskArn());
        assertThat(repo.task(running.taskArn())).isPresent();
        assertThat(repo.tags(running.taskArn())).containsEntry("k", "v");
        // The token answers with what is left of its run.
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "pg"), "tok", T0).orElseThrow().tasks())
                .extracting(t -> t.taskArn()).containsExactly(justStopped.taskArn());
        repo.purgeClientTokens(T0.minusSeconds(86_400));
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "pg"), "tok", T0)).isPresent();

        assertThat(repo.purgeStoppedTasks(T0.plusSeconds(1))).filteredOn(a -> a.contains(":" + A + ":"))
                .containsExactly(justStopped.taskArn());
        // Nothing left to answer with: the token is dead, and its row goes with the next token purge.
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "pg"), "tok", T0)).isEmpty();
        assertThat(repo.purgeClientTokens(T0.minusSeconds(86_400))).isGreaterThanOrEqualTo(1);
        assertThat(repo.insertTasks(List.of(task("pg", "web", null, "RUNNING")), token("pg", "tok", "other", T0), T0))
                .isEmpty();
    }

    @Test
    void clientTokensExpireByAge() {
        EcsRepository repo = repository();
        repo.insertTasks(List.of(task("age", "web", null, "RUNNING")), token("age", "old", "fp", T0), T0);
        repo.insertTasks(List.of(task("age", "web", null, "RUNNING")), token("age", "new", "fp", T0.plusSeconds(60)),
                T0);
        repo.purgeClientTokens(T0.plusSeconds(30));
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "age"), "old", Instant.EPOCH)).isEmpty();
        assertThat(repo.clientToken(EcsArns.cluster(R, A, "age"), "new", Instant.EPOCH)).isPresent();
    }

    @Test
    void tagsKeepOrderAndReplace() {
        EcsRepository repo = repository();
        String arn = EcsArns.cluster(R, A, "tagged");
        repo.tag(arn, new java.util.LinkedHashMap<>(Map.of("b", "1")));
        repo.tag(arn, Map.of("a", "2"));
        repo.tag(arn, Map.of("b", "3"));
        assertThat(repo.tags(arn)).containsExactly(Map.entry("b", "3"), Map.entry("a", "2"));
        repo.untag(arn, List.of("b", "zz"));
        assertThat(repo.tags(arn)).containsExactly(Map.entry("a", "2"));
        assertThat(repo.tags(arn + "-none")).isEmpty();
    }
}
