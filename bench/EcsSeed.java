import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsArns;
import dev.homeport.ecs.EcsJson;
import dev.homeport.ecs.EcsRepository;
import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.JdbcEcsRepository;
import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.Task;
import dev.homeport.store.Database;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Records N stopped tasks of family "bench-seed" in cluster "default" of a Homeport data dir, through
 * JdbcEcsRepository (batches of 500), before the server starts: ListTasks/DescribeTasks then run against
 * a store holding N tasks. The tasks are STOPPED (desired and last status), so the server's recovery
 * leaves them alone. Run: java -cp target/homeport.jar bench/EcsSeed.java DATA_DIR N
 */
public class EcsSeed {
    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        String region = "us-east-1", account = "000000000000";
        try (Database db = Database.openDefault(dataDir)) {
            EcsRepository repo = new JdbcEcsRepository(db);
            String clusterArn = EcsArns.cluster(region, account, "default");
            Instant now = Instant.now();
            repo.createCluster(new ClusterRecord(clusterArn, region, account, "default", "ACTIVE", List.of(), null, now));
            var td = repo.registerTaskDefinition(region, account, "bench-seed", rev -> {
                String arn = "arn:aws:ecs:" + region + ":" + account + ":task-definition/bench-seed:" + rev;
                ObjectNode doc = EcsJson.MAPPER.createObjectNode();
                doc.put("taskDefinitionArn", arn).put("family", "bench-seed").put("revision", rev)
                        .put("status", "ACTIVE").put("networkMode", "awsvpc").put("cpu", "256").put("memory", "512");
                doc.putArray("requiresCompatibilities").add("FARGATE");
                ObjectNode c = doc.putArray("containerDefinitions").addObject();
                c.put("name", "app").put("image", "busybox").put("essential", true);
                c.putArray("command").add("/bin/true");
                return new EcsRepository.TaskDefinitionRecord(arn, region, account, "bench-seed", rev, "ACTIVE", doc);
            });
            Random random = new Random(1);
            List<Task> batch = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] id = new byte[16];
                random.nextBytes(id);
                String taskId = HexFormat.of().formatHex(id);
                Task t = new Task();
                t.taskArn = EcsArns.task(region, account, "default", taskId);
                t.clusterArn = clusterArn;
                t.taskDefinitionArn = td.arn();
                t.availabilityZone = region + "a";
                t.launchType = "FARGATE";
                t.platformVersion = "1.4.0";
                t.platformFamily = "Linux";
                t.cpu = "256";
                t.memory = "512";
                t.createdAt = now;
                t.pullStartedAt = now;
                t.pullStoppedAt = now;
                t.startedAt = now;
                t.stoppingAt = now;
                t.executionStoppedAt = now;
                t.stoppedAt = now;
                t.desiredStatus = "STOPPED";
                t.lastStatus = "STOPPED";
                t.stopCode = "EssentialContainerExited";
                t.stoppedReason = "Essential container in task exited";
                t.healthStatus = "UNKNOWN";
                t.group = "family:bench-seed";
                t.startedBy = "bench-seed";
                t.version = 8L;
                Container c = new Container();
                c.containerArn = "arn:aws:ecs:" + region + ":" + account + ":container/default/" + taskId + "/" + UUID.randomUUID();
                c.taskArn = t.taskArn;
                c.name = "app";
                c.image = "busybox";
                c.lastStatus = "STOPPED";
                c.exitCode = 0;
                c.cpu = "0";
                c.networkInterfaces = new ArrayList<>();
                t.containers.add(c);
                batch.add(t);
                if (batch.size() == 500) {
                    repo.insertTasks(batch);
                    batch = new ArrayList<>();
                }
            }
            repo.insertTasks(batch);
            System.out.printf("seeded %d tasks in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        }
    }
}
