import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ecs.EcsArns;
import dev.homeport.ecs.EcsRepository;
import dev.homeport.ecs.EcsRepository.ClusterRecord;
import dev.homeport.ecs.JdbcEcsRepository;
import dev.homeport.ecs.model.Container;
import dev.homeport.ecs.model.ContainerLastStatus;
import dev.homeport.ecs.model.EcsJson;
import dev.homeport.ecs.model.StopCode;
import dev.homeport.ecs.model.Task;
import dev.homeport.ecs.model.TaskStatus;
import dev.homeport.runtime.HealthStatus;
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
            repo.createCluster(new ClusterRecord(clusterArn, region, account, "default", "ACTIVE", List.of(), null, null, now));
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
                String taskArn = EcsArns.task(region, account, "default", taskId);
                Container c = Container.builder()
                        .containerArn("arn:aws:ecs:" + region + ":" + account + ":container/default/" + taskId + "/"
                                + UUID.randomUUID())
                        .taskArn(taskArn).name("app").image("busybox").lastStatus(ContainerLastStatus.STOPPED)
                        .exitCode(0).cpu("0").networkInterfaces(List.of()).build();
                Task t = Task.builder().taskArn(taskArn).clusterArn(clusterArn).taskDefinitionArn(td.arn())
                        .availabilityZone(region + "a").launchType("FARGATE").platformVersion("1.4.0")
                        .platformFamily("Linux").cpu("256").memory("512").createdAt(now).pullStartedAt(now)
                        .pullStoppedAt(now).startedAt(now).stoppingAt(now).executionStoppedAt(now).stoppedAt(now)
                        .desiredStatus(TaskStatus.STOPPED).lastStatus(TaskStatus.STOPPED)
                        .stopCode(StopCode.ESSENTIAL_CONTAINER_EXITED).stoppedReason("Essential container in task exited")
                        .healthStatus(HealthStatus.UNKNOWN).group("family:bench-seed").startedBy("bench-seed").version(8L)
                        .containers(List.of(c)).build();
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
