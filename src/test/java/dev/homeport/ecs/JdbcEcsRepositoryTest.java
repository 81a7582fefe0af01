package dev.homeport.ecs;

import dev.homeport.ecs.EcsRepository.TaskQuery;
import dev.homeport.ecs.EcsRepository.TaskRef;
import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.ContainerLastStatus;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcEcsRepositoryTest extends EcsRepositoryContract {
    @TempDir
    Path dir;
    Database database;
    EcsRepository repository;

    @BeforeEach
    void open() {
        database = Database.openDefault(dir);
        repository = new JdbcEcsRepository(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    EcsRepository repository() {
        return repository;
    }

    @Test
    void survivesReopen() {
        repository.insertTasks(List.of(task("c", "web", null, "RUNNING")));
        database.close();
        database = Database.openDefault(dir);
        assertThat(new JdbcEcsRepository(database).unstoppedTasks()).hasSize(1);
    }

    /** Tasks stopped before V4 have no stopped_at column value: the purge reads their document instead. */
    @Test
    void tasksStoppedBeforeTheColumnExistedArePurgedByTheirDocument() {
        Task old = task("legacy", "web", null, "STOPPED")
                .with(b -> b.stoppedAt(java.time.Instant.ofEpochMilli(1_700_000_100_000L)));
        Task recent = task("legacy", "web", null, "STOPPED")
                .with(b -> b.stoppedAt(java.time.Instant.ofEpochMilli(1_700_000_900_000L)));
        repository.insertTasks(List.of(old, recent));
        database.transactions().inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE ecs_task SET stopped_at = NULL WHERE cluster_arn = ?")) {
                ps.setString(1, EcsArns.cluster(R, A, "legacy"));
                return ps.executeUpdate();
            }
        });
        assertThat(repository.purgeStoppedTasks(java.time.Instant.ofEpochMilli(1_700_000_500_000L)))
                .containsExactly(old.taskArn());
        assertThat(repository.task(recent.taskArn())).isPresent();
        // The document's time was copied into the column on the way.
        Long column = database.transactions().read(c -> {
            try (var ps = c.prepareStatement("SELECT stopped_at FROM ecs_task WHERE arn = ?")) {
                ps.setString(1, recent.taskArn());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(column).isEqualTo(1_700_000_900_000L);
    }

    /** ListTasks pages and DescribeTasks batches stay fast with 10,000 tasks recorded. */
    @Test
    void tenThousandTasks() {
        List<Task> batch = new ArrayList<>();
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            List<Container> containers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                containers.add(Container.builder().name("c" + c).image("busybox")
                        .lastStatus(ContainerLastStatus.RUNNING).build());
            }
            Task t = task(i % 4 == 0 ? "busy" : "other", "fam" + (i % 10), "starter" + (i % 50),
                    i % 3 == 0 ? "STOPPED" : "RUNNING").with(b -> b.containers(containers));
            arns.add(t.taskArn());
            batch.add(t);
            if (batch.size() == 1000) {
                repository.insertTasks(batch);
                batch = new ArrayList<>();
            }
        }
        String busy = EcsArns.cluster(R, A, "busy");
        TaskQuery q = new TaskQuery(busy, null, null, TaskStatus.RUNNING, null, null);
        for (int warm = 0; warm < 20; warm++) {
            repository.listTasks(q, 0, 100);
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        long after = 0;
        int pages = 0;
        while (true) {
            long t0 = System.nanoTime();
            List<TaskRef> page = repository.listTasks(q, after, 101);
            long took = System.nanoTime() - t0;
            best = Math.min(best, took);
            total += took;
            pages++;
            if (page.size() <= 100) {
                break;
            }
            after = page.get(99).seq();
        }
        double avgMs = total / 1e6 / pages;
        assertThat(avgMs).as("average ListTasks page (ms)").isLessThan(20);
        long bestFiltered = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long f0 = System.nanoTime();
            repository.listTasks(new TaskQuery(busy, "fam4", "starter4", TaskStatus.RUNNING, "FARGATE", null), 0, 101);
            bestFiltered = Math.min(bestFiltered, System.nanoTime() - f0);
        }
        System.out.printf("10k tasks: filtered ListTasks page best %.2f ms%n", bestFiltered / 1e6);
        assertThat(bestFiltered / 1e6).as("filtered page (ms)").isLessThan(20);

        List<String> hundred = arns.subList(5000, 5100);
        long bestDescribe = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long d0 = System.nanoTime();
            assertThat(repository.tasks(hundred)).hasSize(100);
            bestDescribe = Math.min(bestDescribe, System.nanoTime() - d0);
        }
        System.out.printf("10k tasks: ListTasks page avg %.2f ms (best %.2f ms), 100 tasks by ARN best %.2f ms%n",
                avgMs, best / 1e6, bestDescribe / 1e6);
        assertThat(bestDescribe / 1e6).as("100 tasks by ARN (ms)").isLessThan(50);
    }
}
