package dev.homeport.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.EcsRepository.TaskDefinitionRecord;
import dev.homeport.ecs.EcsRepository.TaskQuery;
import dev.homeport.ecs.EcsRepository.TaskRef;
import dev.homeport.ecs.model.Task;
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
        return new ClusterRecord(EcsArns.cluster(R, A, name), R, A, name, status, List.of(), null,
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    Task task(String cluster, String family, String startedBy, String desired) {
        Task t = new Task();
        t.taskArn = EcsArns.task(R, A, cluster, java.util.UUID.randomUUID().toString().replace("-", ""));
        t.clusterArn = EcsArns.cluster(R, A, cluster);
        t.taskDefinitionArn = EcsArns.taskDefinition(R, A, family, 1);
        t.startedBy = startedBy;
        t.desiredStatus = desired;
        t.lastStatus = "STOPPED".equals(desired) ? "STOPPED" : "PROVISIONING";
        t.launchType = "FARGATE";
        t.createdAt = Instant.ofEpochMilli(1_700_000_000_123L);
        t.version = 1L;
        return t;
    }

    @Test
    void clustersAreIdempotentAndListedByScope() {
        EcsRepository repo = repository();
        ClusterRecord a = repo.createCluster(cluster("a", "ACTIVE"));
        assertThat(repo.createCluster(cluster("a", "ACTIVE")).createdAt()).isEqualTo(a.createdAt());
        repo.createCluster(cluster("b", "ACTIVE"));
        repo.createCluster(new ClusterRecord(EcsArns.cluster("eu-west-1", A, "c"), "eu-west-1", A, "c", "ACTIVE",
                List.of(), null, Instant.now()));
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
        assertThat(repo.listTaskDefinitions(R, A, "we", null, true, null, 10)).extracting(TaskDefinitionRecord::revision)
                .containsExactly(2, 1);
        var first = repo.listTaskDefinitions(R, A, null, null, false, null, 2);
        var rest = repo.listTaskDefinitions(R, A, null, null, false, InMemoryEcsRepository.sortKey(first.getLast()), 2);
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
        Task t0 = repo.task(tasks.getFirst().taskArn).orElseThrow();
        assertThat(t0.createdAt).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        String c1 = EcsArns.cluster(R, A, "c1");
        List<TaskRef> all = repo.listTasks(new TaskQuery(c1, null, null, "RUNNING", null), 0, 100);
        assertThat(all).extracting(TaskRef::arn).containsExactly(tasks.get(0).taskArn, tasks.get(2).taskArn,
                tasks.get(4).taskArn, tasks.get(6).taskArn);
        List<TaskRef> page1 = repo.listTasks(new TaskQuery(c1, null, null, "RUNNING", null), 0, 2);
        List<TaskRef> page2 = repo.listTasks(new TaskQuery(c1, null, null, "RUNNING", null), page1.getLast().seq(), 2);
        assertThat(page2).extracting(TaskRef::arn).containsExactly(tasks.get(4).taskArn, tasks.get(6).taskArn);
        assertThat(repo.listTasks(new TaskQuery(c1, "web", null, null, null), 0, 100)).hasSize(2);
        assertThat(repo.listTasks(new TaskQuery(null, null, "me", null, null), 0, 100))
                .filteredOn(r -> r.arn().contains(":" + A + ":")).hasSize(3);
        assertThat(repo.listTasks(new TaskQuery(c1, null, null, "STOPPED", null), 0, 100)).isEmpty();

        t0.lastStatus = "RUNNING";
        t0.desiredStatus = "STOPPED";
        repo.updateTask(t0);
        assertThat(repo.listTasks(new TaskQuery(c1, null, null, "STOPPED", null), 0, 100)).extracting(TaskRef::arn)
                .containsExactly(t0.taskArn);
        assertThat(repo.countActiveTasksByStatus(c1)).isEqualTo(Map.of("RUNNING", 1, "PROVISIONING", 3));
        t0.lastStatus = "STOPPED";
        repo.updateTask(t0);
        assertThat(repo.countActiveTasksByStatus(c1)).isEqualTo(Map.of("PROVISIONING", 3));
        assertThat(repo.unstoppedTasks()).filteredOn(t -> t.taskArn.contains(":" + A + ":")).hasSize(6);
        assertThat(repo.tasks(List.of(tasks.get(1).taskArn, "arn:nope"))).extracting(t -> t.taskArn)
                .containsExactly(tasks.get(1).taskArn);
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
                        Task copy = repo.task(t.taskArn).orElseThrow();
                        copy.lastStatus = "S" + r;
                        copy.version = (long) r;
                        repo.updateTask(copy);
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
                    Task now = repo.task(t.taskArn).orElseThrow();
                    assertThat(now.lastStatus).isEqualTo("S" + r);
                    assertThat(now.version).isEqualTo((long) r);
                }
            }
        }
        assertThat(failures.get()).isEqualTo(5);
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
