package dev.homeport.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.RawAwsJson;
import dev.homeport.testing.TwoAccounts;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation as a property for ECS: for every operation that takes a cluster, task definition, task or service
 * identifier,
 * a caller of another account (by ARN) is refused with AccessDeniedException before anything is looked up, a
 * caller of the owner's account in another region finds nothing, and the owner's resources are unchanged after.
 */
class EcsAccountIsolationPropertiesTest {
    private static final String OWNER = TwoAccounts.OWNER;
    private static final String FOREIGN = TwoAccounts.FOREIGN;
    private static final String TARGET = "AmazonEC2ContainerServiceV20141113.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each operation's request: {cluster}, {td} and {task} stand for the owner's ARNs. */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("DescribeClusters", "{\"clusters\":[\"{cluster}\"],\"include\":[\"TAGS\"]}"),
            Map.entry("DeleteCluster", "{\"cluster\":\"{cluster}\"}"),
            Map.entry("ListTasks", "{\"cluster\":\"{cluster}\",\"desiredStatus\":\"STOPPED\"}"),
            Map.entry("RunTask", "{\"cluster\":\"{cluster}\",\"taskDefinition\":\"{td}\",\"networkConfiguration\":"
                    + "{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-c2e00bed35b3a0d6d\"]}}}"),
            Map.entry("StopTask", "{\"cluster\":\"{cluster}\",\"task\":\"{task}\"}"),
            Map.entry("DescribeTasks", "{\"cluster\":\"{cluster}\",\"tasks\":[\"{task}\"]}"),
            Map.entry("DescribeTaskDefinition", "{\"taskDefinition\":\"{td}\"}"),
            Map.entry("DeregisterTaskDefinition", "{\"taskDefinition\":\"{td}\"}"),
            Map.entry("DeleteTaskDefinitions", "{\"taskDefinitions\":[\"{td}\"]}"),
            Map.entry("TagResource", "{\"resourceArn\":\"{cluster}\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}"),
            Map.entry("UntagResource", "{\"resourceArn\":\"{td}\",\"tagKeys\":[\"owner\"]}"),
            Map.entry("ListTagsForResource", "{\"resourceArn\":\"{task}\"}"),
            Map.entry("CreateService", "{\"cluster\":\"{cluster}\",\"serviceName\":\"iso-new\",\"taskDefinition\":"
                    + "\"{td}\",\"desiredCount\":0,\"networkConfiguration\":{\"awsvpcConfiguration\":"
                    + "{\"subnets\":[\"subnet-c2e00bed35b3a0d6d\"]}}}"),
            Map.entry("UpdateService", "{\"cluster\":\"{cluster}\",\"service\":\"{service}\",\"desiredCount\":2}"),
            Map.entry("DeleteService", "{\"cluster\":\"{cluster}\",\"service\":\"{service}\",\"force\":true}"),
            Map.entry("DescribeServices", "{\"cluster\":\"{cluster}\",\"services\":[\"{service}\"]}"),
            Map.entry("ListServices", "{\"cluster\":\"{cluster}\"}"));

    private static TwoAccounts accounts;
    private static HomeportServer server;
    private static String cluster;
    private static String td;
    private static String task;
    private static String service;
    private static String before;

    @BeforeContainer
    static void start() throws IOException {
        accounts = TwoAccounts.start();
        server = accounts.server();
        cluster = owner("CreateCluster", "{\"clusterName\":\"iso\",\"tags\":[{\"key\":\"owner\",\"value\":\"a\"}]}")
                .get("cluster").get("clusterArn").asText();
        td = owner("RegisterTaskDefinition", """
                {"family":"iso-td","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"256",
                 "memory":"512","containerDefinitions":[{"name":"app","image":"busybox"}],
                 "tags":[{"key":"owner","value":"a"}]}""").get("taskDefinition").get("taskDefinitionArn").asText();
        task = owner("RunTask", OPERATIONS.get("RunTask").replace("{cluster}", cluster).replace("{td}", td))
                .get("tasks").get(0).get("taskArn").asText();
        service = owner("CreateService", OPERATIONS.get("CreateService").replace("{cluster}", cluster)
                .replace("{td}", td).replace("iso-new", "iso-svc")).get("service").get("serviceArn").asText();
        // Settled before the snapshot: the scheduler's first round reports the (empty) service steady.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!ownerView().contains("has reached a steady state.") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        before = ownerView();
    }

    @AfterContainer
    static void stop() throws IOException {
        accounts.close();
    }

    enum Caller { OTHER_ACCOUNT, OTHER_REGION }

    @Property(tries = 100, seed = "20261203")
    void aForeignCallerNeverReadsOrChangesWhatTheOwnerHas(@ForAll("operations") String operation,
                                                          @ForAll Caller caller) throws IOException {
        String body = OPERATIONS.get(operation).replace("{cluster}", cluster).replace("{td}", td)
                .replace("{task}", task).replace("{service}", service);
        RawAwsJson.Response r = caller == Caller.OTHER_ACCOUNT
                ? new RawAwsJson(server.endpoint(), "ecs", "us-east-1").send(TARGET + operation, bytes(body),
                        TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET)
                : new RawAwsJson(server.endpoint(), "ecs", "eu-west-1").send(TARGET + operation, bytes(body),
                        "test", "test");
        JsonNode answer = JSON.readTree(r.bytes());
        if (caller == Caller.OTHER_ACCOUNT) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(answer.get("__type").asText()).as(r.body()).isEqualTo("AccessDeniedException");
            assertThat(answer.get("message").asText()).startsWith("User: arn:aws:iam::" + FOREIGN
                    + ":root is not authorized to perform: ecs:" + operation + " on resource: arn:aws:ecs:us-east-1:"
                    + OWNER + ":");
        } else if (r.status() == 200) {
            // DescribeClusters and DescribeTasks answer a resource they don't have under failures.
            assertThat(answer.get("failures")).as(r.body()).isNotEmpty();
            assertThat(answer.path("clusters")).isEmpty();
            assertThat(answer.path("tasks")).isEmpty();
        }
        assertThat(ownerView()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(OPERATIONS.keySet().stream().sorted().toList());
    }

    /** What the owner sees of the cluster, the task definition, the task and their tags. */
    private static String ownerView() {
        JsonNode clusters = owner("DescribeClusters", "{\"clusters\":[\"" + cluster + "\"],\"include\":[\"TAGS\"]}");
        JsonNode definition = owner("DescribeTaskDefinition", "{\"taskDefinition\":\"" + td + "\",\"include\":[\"TAGS\"]}");
        JsonNode tasks = owner("DescribeTasks", "{\"cluster\":\"" + cluster + "\",\"tasks\":[\"" + task + "\"],"
                + "\"include\":[\"TAGS\"]}");
        JsonNode taskList = owner("ListTasks", "{\"cluster\":\"" + cluster + "\",\"desiredStatus\":\"STOPPED\"}");
        JsonNode services = owner("DescribeServices", "{\"cluster\":\"" + cluster + "\",\"services\":[\""
                + service + "\"],\"include\":[\"TAGS\"]}");
        JsonNode serviceList = owner("ListServices", "{\"cluster\":\"" + cluster + "\"}");
        return clusters.toString() + definition + tasks + taskList + services + serviceList;
    }

    private static JsonNode owner(String operation, String body) {
        RawAwsJson.Response r = new RawAwsJson(server.endpoint(), "ecs").send(TARGET + operation, bytes(body),
                "test", "test");
        assertThat(r.status()).as(operation + ": " + r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.bytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
