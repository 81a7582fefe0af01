package dev.homeport.ecs;

import dev.homeport.app.Homeport;
import dev.homeport.app.HomeportConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.testing.RawAwsJson;
import software.amazon.awssdk.services.ecs.model.IpcMode;
import software.amazon.awssdk.services.ecs.model.PidMode;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ECS API through the AWS SDK for Java v2, against an in-process Homeport. */
class EcsApiTest {
    @TempDir
    static Path dataDir;
    static Homeport homeport;
    static EcsClient ecs;

    @BeforeAll
    static void start() {
        homeport = Homeport.start(HomeportConfig.defaults(dataDir).withPort(0).withRuntime("none"));
        ecs = EcsTestClients.ecs(homeport);
    }

    @AfterAll
    static void stop() {
        ecs.close();
        homeport.close();
    }

    static RegisterTaskDefinitionRequest.Builder fargate(String family) {
        return RegisterTaskDefinitionRequest.builder().family(family)
                .requiresCompatibilities(Compatibility.FARGATE).networkMode(NetworkMode.AWSVPC)
                .cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("app").image("busybox")
                        .command("sleep", "60").build());
    }

    @Test
    void clusters() {
        var created = ecs.createCluster(b -> b.clusterName("c1").tags(Tag.builder().key("k").value("v").build()));
        assertThat(created.cluster().clusterArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/c1");
        assertThat(created.cluster().status()).isEqualTo("ACTIVE");
        assertThat(ecs.createCluster(b -> b.clusterName("c1")).cluster().clusterArn())
                .isEqualTo(created.cluster().clusterArn());
        assertThat(ecs.listClusters().clusterArns()).contains(created.cluster().clusterArn());
        var described = ecs.describeClusters(b -> b.clusters("c1", "nope").includeWithStrings("TAGS"));
        assertThat(described.clusters()).hasSize(1);
        assertThat(described.clusters().getFirst().tags()).containsExactly(Tag.builder().key("k").value("v").build());
        assertThat(described.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/nope");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
        assertThat(ecs.deleteCluster(b -> b.cluster("c1")).cluster().status()).isEqualTo("INACTIVE");
        assertThat(ecs.listClusters().clusterArns()).doesNotContain(created.cluster().clusterArn());
        assertThatThrownBy(() -> ecs.deleteCluster(b -> b.cluster("c1")))
                .isInstanceOf(ClusterNotFoundException.class).hasMessageContaining("Cluster not found.");
    }

    @Test
    void listClustersPaginates() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            ecs.createCluster(b -> b.clusterName("page-" + n));
        }
        List<String> all = new ArrayList<>();
        ecs.listClustersPaginator(b -> b.maxResults(2)).clusterArns().forEach(all::add);
        assertThat(all).filteredOn(a -> a.contains("page-")).hasSize(5);
    }

    @Test
    void taskDefinitionRoundTripKeepsEverything() {
        var registered = ecs.registerTaskDefinition(fargate("web")
                .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                .containerDefinitions(ContainerDefinition.builder().name("app").image("nginx")
                        .environment(KeyValuePair.builder().name("A").value("1").build())
                        .secrets(Secret.builder().name("PW").valueFrom(
                                "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf").build())
                        .dockerLabels(java.util.Map.of("x", "y")).hostname("h").interactive(true).build())
                .tags(Tag.builder().key("team").value("a").build()).build());
        var td = registered.taskDefinition();
        assertThat(td.taskDefinitionArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        assertThat(td.revision()).isEqualTo(1);
        assertThat(td.status()).isEqualTo(TaskDefinitionStatus.ACTIVE);
        assertThat(td.compatibilities()).contains(Compatibility.EC2, Compatibility.FARGATE);
        assertThat(registered.tags()).hasSize(1);
        ContainerDefinition c = td.containerDefinitions().getFirst();
        assertThat(c.dockerLabels()).containsEntry("x", "y");
        assertThat(c.hostname()).isEqualTo("h");
        assertThat(c.interactive()).isTrue();
        assertThat(c.essential()).isTrue();
        assertThat(c.secrets().getFirst().valueFrom()).endsWith(":secret:db-AbCdEf");

        var second = ecs.registerTaskDefinition(fargate("web").cpu("1 vCPU").memory("2 GB").build()).taskDefinition();
        assertThat(second.revision()).isEqualTo(2);
        assertThat(second.cpu()).isEqualTo("1024");
        assertThat(second.memory()).isEqualTo("2048");

        DescribeTaskDefinitionResponse latest = ecs.describeTaskDefinition(b -> b.taskDefinition("web")
                .includeWithStrings("TAGS"));
        assertThat(latest.taskDefinition().revision()).isEqualTo(2);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("web:1")).taskDefinition().containerDefinitions()
                .getFirst().hostname()).isEqualTo("h");
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(td.taskDefinitionArn())).tags()).isEmpty();
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition("web:1").includeWithStrings("TAGS")).tags())
                .hasSize(1);

        // ListTaskDefinitions' familyPrefix is the whole family name (API reference): webapp's revision is not
        // listed under "web". ListTaskDefinitionFamilies' familyPrefix is a real prefix.
        var neighbour = ecs.registerTaskDefinition(fargate("webapp").build()).taskDefinition();
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("web")).taskDefinitionArns()).containsExactly(
                td.taskDefinitionArn(), second.taskDefinitionArn());
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("webapp")).taskDefinitionArns())
                .containsExactly(neighbour.taskDefinitionArn());
        assertThat(ecs.listTaskDefinitionFamilies(b -> b.familyPrefix("web")).families()).containsExactly("web", "webapp");
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("web").sort("DESC")).taskDefinitionArns())
                .containsExactly(second.taskDefinitionArn(), td.taskDefinitionArn());

        assertThatThrownBy(() -> ecs.deleteTaskDefinitions(b -> b.taskDefinitions("web:1")).failures().forEach(f -> {
            throw new IllegalStateException(f.reason());
        })).hasMessageContaining("still in ACTIVE status");
        assertThat(ecs.deregisterTaskDefinition(b -> b.taskDefinition("web:1")).taskDefinition().status())
                .isEqualTo(TaskDefinitionStatus.INACTIVE);
        assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix("web").status("INACTIVE")).taskDefinitionArns())
                .containsExactly(td.taskDefinitionArn());
        var deleted = ecs.deleteTaskDefinitions(b -> b.taskDefinitions("web:1"));
        assertThat(deleted.taskDefinitions().getFirst().status()).isEqualTo(TaskDefinitionStatus.DELETE_IN_PROGRESS);
        assertThat(ecs.registerTaskDefinition(fargate("web").build()).taskDefinition().revision()).isEqualTo(3);

        assertThatThrownBy(() -> ecs.describeTaskDefinition(b -> b.taskDefinition("nope")))
                .isInstanceOf(ClientException.class).hasMessageContaining("Unable to describe task definition.");
    }

    @Test
    void fargateValidation() {
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").networkMode(NetworkMode.BRIDGE).build()))
                .isInstanceOf(ClientException.class).hasMessageContaining("Fargate only supports network mode");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").cpu(null).build()))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Fargate requires that 'cpu' be defined at the task level.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").memory(null).build()))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Fargate requires that 'memory' be defined at the task level.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").cpu("512").memory("512").build()))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("No Fargate configuration exists for given values: 512 CPU, 512 memory.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").containerDefinitions(
                ContainerDefinition.builder().name("a").image("i").secrets(Secret.builder().name("X")
                        .valueFrom("arn:aws:secretsmanager:us-east-1:000000000000:secret:x").build()).build()).build()))
                .isInstanceOf(ClientException.class).hasMessageContaining(
                        "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").containerDefinitions(
                ContainerDefinition.builder().name("a").image("i").logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS)
                        .options(java.util.Map.of("awslogs-group", "g"))).build()).build()))
                .isInstanceOf(ClientException.class).hasMessageContaining(
                        "Fargate requires task definition to have execution role ARN to support log driver awslogs.");
        // Fargate shares the PID namespace only within the task, and IPC namespaces not at all.
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").pidMode(PidMode.HOST).build()))
                .isInstanceOf(ClientException.class).hasMessageContaining("Tasks using the Fargate launch type do not "
                        + "support pidMode 'host'. The supported value for pidMode is 'task'.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(fargate("v").ipcMode(IpcMode.TASK).build()))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("Tasks using the Fargate launch type do not support ipcMode.");
        assertThat(ecs.registerTaskDefinition(fargate("pid-task").pidMode(PidMode.TASK).build()).taskDefinition()
                .pidMode()).isEqualTo(PidMode.TASK);
    }

    /**
     * Members an SDK can't tell apart from absent ones, read off the wire: ECS answers {@code tags: []} on tasks and
     * clusters when nobody asked for them, leaves the task definition's tags out unless asked, echoes a cluster's
     * capacity providers only when it has some, and stores an EFS volume without rootDirectory as "/".
     */
    @Test
    void wireShapesAsEcsAnswers() throws Exception {
        RawAwsJson raw = new RawAwsJson(URI.create("http://localhost:" + homeport.port()), "ecs");
        String target = "AmazonEC2ContainerServiceV20141113.";
        JsonNode plain = json(raw.call(target + "CreateCluster", "{\"clusterName\":\"wire-plain\"}")).get("cluster");
        assertThat(plain.get("tags")).isEmpty();
        assertThat(plain.get("statistics")).isEmpty();
        assertThat(plain.has("capacityProviders")).isFalse();
        JsonNode fargate = json(raw.call(target + "CreateCluster", """
                {"clusterName":"wire-fargate","capacityProviders":["FARGATE","FARGATE_SPOT"],
                 "defaultCapacityProviderStrategy":[{"capacityProvider":"FARGATE","weight":1,"base":0}],
                 "serviceConnectDefaults":{"namespace":"local"}}""")).get("cluster");
        assertThat(fargate.get("capacityProviders").toString()).isEqualTo("[\"FARGATE\",\"FARGATE_SPOT\"]");
        assertThat(fargate.get("defaultCapacityProviderStrategy").get(0).get("capacityProvider").asText())
                .isEqualTo("FARGATE");
        assertThat(fargate.get("serviceConnectDefaults").get("namespace").asText()).isEqualTo("local");
        JsonNode described = json(raw.call(target + "DescribeClusters", "{\"clusters\":[\"wire-fargate\"]}"))
                .get("clusters").get(0);
        assertThat(described.get("capacityProviders")).hasSize(2);
        assertThat(described.get("tags")).isEmpty();

        JsonNode td = json(raw.call(target + "RegisterTaskDefinition", """
                {"family":"wire","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"256","memory":"512",
                 "containerDefinitions":[{"name":"app","image":"busybox"}],
                 "volumes":[{"name":"data","efsVolumeConfiguration":{"fileSystemId":"fs-12345678"}}]}"""));
        assertThat(td.has("tags")).isFalse();
        assertThat(td.get("taskDefinition").get("volumes").get(0).get("efsVolumeConfiguration").get("rootDirectory")
                .asText()).isEqualTo("/");
        assertThat(json(raw.call(target + "DescribeTaskDefinition", "{\"taskDefinition\":\"wire\"}")).has("tags"))
                .isFalse();
        assertThat(json(raw.call(target + "DescribeTaskDefinition",
                "{\"taskDefinition\":\"wire\",\"include\":[\"TAGS\"]}")).get("tags")).isEmpty();

        ecs.runTask(b -> b.cluster("wire-plain").taskDefinition("wire").networkConfiguration(net()));
        String task = ecs.listTasks(b -> b.cluster("wire-plain").desiredStatus(DesiredStatus.STOPPED)).taskArns()
                .getFirst();
        JsonNode tasks = json(raw.call(target + "DescribeTasks",
                "{\"cluster\":\"wire-plain\",\"tasks\":[\"" + task + "\"]}")).get("tasks");
        assertThat(tasks.get(0).get("tags")).isEmpty();
    }

    private static JsonNode json(RawAwsJson.Response r) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.bytes());
    }

    @Test
    void runTaskValidation() {
        ecs.registerTaskDefinition(fargate("rv").build());
        assertThatThrownBy(() -> ecs.runTask(b -> b.taskDefinition("rv")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining(
                        "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        assertThatThrownBy(() -> ecs.runTask(b -> b.taskDefinition("nope").networkConfiguration(net())))
                .isInstanceOf(ClientException.class).hasMessageContaining("Unable to find task definition 'nope'");
        assertThatThrownBy(() -> ecs.runTask(b -> b.taskDefinition("rv").count(11).networkConfiguration(net())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("nope").taskDefinition("rv").networkConfiguration(net())))
                .isInstanceOf(ClusterNotFoundException.class);
    }

    static software.amazon.awssdk.services.ecs.model.NetworkConfiguration net() {
        return software.amazon.awssdk.services.ecs.model.NetworkConfiguration.builder()
                .awsvpcConfiguration(b -> b.subnets("subnet-c2e00bed35b3a0d6d")).build();
    }

    @Test
    void runDescribeListStop() {
        ecs.createCluster(b -> b.clusterName("tasks"));
        ecs.registerTaskDefinition(fargate("job").build());
        RunTaskResponse run = ecs.runTask(b -> b.cluster("tasks").taskDefinition("job").count(3).startedBy("me")
                .networkConfiguration(net()).tags(Tag.builder().key("t").value("1").build()));
        assertThat(run.tasks()).hasSize(3);
        Task t = run.tasks().getFirst();
        assertThat(t.taskArn()).matches("arn:aws:ecs:us-east-1:000000000000:task/tasks/[0-9a-f]{32}");
        assertThat(t.lastStatus()).isEqualTo("PROVISIONING");
        assertThat(t.desiredStatus()).isEqualTo("RUNNING");
        assertThat(t.launchTypeAsString()).isEqualTo("FARGATE");
        assertThat(t.attachments().getFirst().type()).isEqualTo("ElasticNetworkInterface");
        assertThat(t.containers().getFirst().name()).isEqualTo("app");
        assertThat(t.tags()).hasSize(1);

        String id = t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1);
        var described = ecs.describeTasks(b -> b.cluster("tasks").tasks(id, "0123456789abcdef0123456789abcdef")
                .includeWithStrings("TAGS"));
        assertThat(described.tasks()).singleElement().satisfies(d -> {
            assertThat(d.taskArn()).isEqualTo(t.taskArn());
            assertThat(d.tags()).hasSize(1);
        });
        assertThat(described.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));

        ListTasksResponse stopped = ecs.listTasks(b -> b.cluster("tasks").desiredStatus(DesiredStatus.STOPPED));
        // Without a runtime, every task fails to start at once.
        assertThat(stopped.taskArns()).hasSize(3);
        List<String> pages = new ArrayList<>();
        ecs.listTasksPaginator(b -> b.cluster("tasks").desiredStatus(DesiredStatus.STOPPED).maxResults(2)
                .startedBy("me")).taskArns().forEach(pages::add);
        assertThat(pages).hasSize(3).doesNotHaveDuplicates();
        assertThat(ecs.listTasks(b -> b.cluster("tasks").family("other").desiredStatus(DesiredStatus.STOPPED))
                .taskArns()).isEmpty();

        assertThatThrownBy(() -> ecs.stopTask(b -> b.cluster("tasks").task("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("The referenced task was not found.");
        assertThatThrownBy(() -> ecs.describeTasks(b -> b.cluster("tasks").tasks(List.of())))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void tags() {
        String arn = ecs.createCluster(b -> b.clusterName("tagged")).cluster().clusterArn();
        ecs.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("a").value("1").build(),
                Tag.builder().key("b").value("2").build()));
        ecs.untagResource(b -> b.resourceArn(arn).tagKeys("a"));
        assertThat(ecs.listTagsForResource(b -> b.resourceArn(arn)).tags())
                .containsExactly(Tag.builder().key("b").value("2").build());
        assertThatThrownBy(() -> ecs.listTagsForResource(b -> b.resourceArn(arn + "-missing")))
                .isInstanceOf(ClusterNotFoundException.class);
    }
}
