package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service operations' answers and errors through the SDK, on a Homeport without a task runtime (no task can
 * start, so services here mostly have a desired count of 0): ECS's validation messages, DescribeServices' failures
 * and tags, ListServices' pages, what UpdateService turns into a new deployment, clusters with services, and the
 * throttle's event when tasks keep failing to start.
 */
class EcsServiceApiTest extends EcsLifecycleTestBase {
    static HomeportServer server;
    static EcsClient ecs;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none").withExecutionRole();
        ecs = server.client(EcsClient.builder());
        ecs.createCluster(b -> b.clusterName("api"));
        ecs.registerTaskDefinition(fargate("api-td", ContainerDefinition.builder().name("app").image("busybox")
                .command("sleep", "60").build()).build());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        server.close();
    }

    static Service create(String name, Consumer<CreateServiceRequest.Builder> more) {
        return ecs.createService(b -> {
            b.cluster("api").serviceName(name).taskDefinition("api-td").desiredCount(0).networkConfiguration(net());
            more.accept(b);
        }).service();
    }

    static AwsServiceException error(Executable call) {
        try {
            call.execute();
        } catch (AwsServiceException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        throw new AssertionError("no error");
    }

    static void assertError(Executable call, String code, String message) {
        AwsServiceException e = error(call);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void createServiceIsValidatedAsEcsValidatesIt() {
        assertError(() -> create("bad name!", b -> { }), "InvalidParameterException",
                "Service name can only contain letters, numbers, hyphens and underscores, up to 255 characters.");
        assertError(() -> create("no-net", b -> b.networkConfiguration((software.amazon.awssdk.services.ecs.model
                .NetworkConfiguration) null)), "InvalidParameterException",
                "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        assertError(() -> create("no-td", b -> b.taskDefinition("nope")), "ClientException",
                "Unable to find task definition 'nope'");
        assertError(() -> create("neg", b -> b.desiredCount(-1)), "InvalidParameterException",
                "desiredCount must be greater than or equal to 0.");
        assertError(() -> create("pct", b -> b.deploymentConfiguration(c -> c.maximumPercent(90))),
                "InvalidParameterException",
                "maximumPercent must be at least 100 for a service using the REPLICA scheduling strategy.");
        assertError(() -> create("daemon", b -> b.schedulingStrategy("DAEMON")), "InvalidParameterException",
                "The DAEMON scheduling strategy is not supported with the FARGATE launch type.");
        assertError(() -> create("lb", b -> b.loadBalancers(l -> l.targetGroupArn("arn:aws:elasticloadbalancing:"
                        + "us-east-1:000000000000:targetgroup/tg/0123456789abcdef").containerName("app")
                        .containerPort(80))),
                "InvalidParameterException", "loadBalancers is not supported by Homeport.");
        assertError(() -> ecs.createService(b -> b.cluster("nowhere").serviceName("x").taskDefinition("api-td")
                .networkConfiguration(net())), "ClusterNotFoundException", "Cluster not found.");
        assertError(() -> create("sub", b -> b.networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(
                "subnet-0123456789abcdef0")))), "InvalidParameterException", "Error retrieving subnet information for "
                + "[subnet-0123456789abcdef0]: The subnet ID 'subnet-0123456789abcdef0' does not exist (ErrorCode: "
                + "InvalidSubnetID.NotFound)");
        // Nothing was stored by any of them.
        assertThat(ecs.describeServices(b -> b.cluster("api").services("bad name!", "no-net", "no-td", "neg", "pct",
                "daemon", "lb", "sub")).failures()).hasSize(8);
    }

    @Test
    void describeServicesAnswersWhatItHasAndListsWhatItHasNot() {
        Service tagged = create("tagged", b -> b.tags(Tag.builder().key("team").value("a").build()));
        assertThat(tagged.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(tagged.createdBy()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(tagged.deploymentController().typeAsString()).isEqualTo("ECS");
        assertThat(tagged.schedulingStrategyAsString()).isEqualTo("REPLICA");

        var answer = ecs.describeServices(b -> b.cluster("api").services("tagged", "missing")
                .include(ServiceField.TAGS));
        assertThat(answer.services()).singleElement().satisfies(s -> assertThat(s.tags()).hasSize(1));
        assertThat(answer.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/api/missing");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
        assertThat(ecs.describeServices(b -> b.cluster("api").services(tagged.serviceArn())).services()
                .getFirst().tags()).isEmpty();
        assertError(() -> ecs.describeServices(b -> b.cluster("api").services(List.of())),
                "InvalidParameterException", "Services cannot be empty.");
        assertError(() -> ecs.describeServices(b -> b.cluster("api").services("a", "b", "c", "d", "e", "f", "g", "h",
                "i", "j", "k")), "InvalidParameterException", "service names can have at most 10 items.");

        ecs.tagResource(b -> b.resourceArn(tagged.serviceArn()).tags(Tag.builder().key("stage").value("x").build()));
        assertThat(ecs.listTagsForResource(b -> b.resourceArn(tagged.serviceArn())).tags()).hasSize(2);
        assertError(() -> ecs.listTagsForResource(b -> b.resourceArn(
                "arn:aws:ecs:us-east-1:000000000000:service/api/missing")), "ServiceNotFoundException",
                "Service not found.");
    }

    @Test
    void listServicesPagesThroughTheClustersActiveServices() {
        ecs.createCluster(b -> b.clusterName("paged"));
        for (String name : List.of("p1", "p2", "p3")) {
            ecs.createService(b -> b.cluster("paged").serviceName(name).taskDefinition("api-td").desiredCount(0)
                    .networkConfiguration(net()));
        }
        var first = ecs.listServices(b -> b.cluster("paged").maxResults(2));
        assertThat(first.serviceArns()).hasSize(2);
        var second = ecs.listServices(b -> b.cluster("paged").maxResults(2).nextToken(first.nextToken()));
        assertThat(second.serviceArns()).hasSize(1);
        assertThat(second.nextToken()).isNull();
        assertThat(ecs.listServices(b -> b.cluster("paged").launchType("EC2")).serviceArns()).isEmpty();
        assertThat(ecs.listServicesByNamespace(b -> b.namespace("ns")).serviceArns()).isEmpty();

        var cluster = ecs.describeClusters(b -> b.clusters("paged").include(ClusterField.STATISTICS)).clusters()
                .getFirst();
        assertThat(cluster.activeServicesCount()).isEqualTo(3);
        assertError(() -> ecs.deleteCluster(b -> b.cluster("paged")), "ClusterContainsServicesException",
                "The Cluster cannot be deleted while Services are active.");
    }

    @Test
    void updateServiceStartsADeploymentOnlyForWhatNeedsOne() {
        Service s = create("upd", b -> { });
        String first = s.deployments().getFirst().id();
        Service scaled = ecs.updateService(b -> b.cluster("api").service("upd").desiredCount(0)
                .healthCheckGracePeriodSeconds(30)
                .deploymentConfiguration(c -> c.minimumHealthyPercent(50)
                        .deploymentCircuitBreaker(cb -> cb.enable(true).rollback(true)))).service();
        assertThat(scaled.deployments()).extracting(Deployment::id).containsExactly(first);
        assertThat(scaled.healthCheckGracePeriodSeconds()).isEqualTo(30);
        assertThat(scaled.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(50);
        assertThat(scaled.deploymentConfiguration().maximumPercent()).isEqualTo(200);
        assertThat(scaled.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();

        // The same network again, its subnets in another order and assignPublicIp spelled out: no new deployment.
        assertThat(s.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString()).isEqualTo("DISABLED");
        Service same = ecs.updateService(b -> b.cluster("api").service("upd").networkConfiguration(n -> n
                .awsvpcConfiguration(v -> v.subnets(net().awsvpcConfiguration().subnets()).assignPublicIp("DISABLED"))))
                .service();
        assertThat(same.deployments()).extracting(Deployment::id).containsExactly(first);

        Service forced = ecs.updateService(b -> b.cluster("api").service("upd").forceNewDeployment(true)).service();
        assertThat(forced.deployments()).hasSize(2);
        assertThat(forced.deployments().getFirst().id()).isNotEqualTo(first);
        assertThat(forced.deployments().getFirst().status()).isEqualTo("PRIMARY");

        assertError(() -> ecs.updateService(b -> b.cluster("api").service("nope").desiredCount(1)),
                "ServiceNotFoundException", "Service not found.");
        assertError(() -> ecs.deleteService(b -> b.cluster("api").service("nope")), "ServiceNotFoundException",
                "Service not found.");
    }

    /** CreateService retried with the same clientToken answers the service it created; another token is refused. */
    @Test
    void createServiceWithTheSameClientTokenIsIdempotent() {
        Service created = create("idem", b -> b.clientToken("token-1"));
        Service again = create("idem", b -> b.clientToken("token-1"));
        assertThat(again.serviceArn()).isEqualTo(created.serviceArn());
        assertThat(again.deployments()).extracting(Deployment::id)
                .containsExactlyElementsOf(created.deployments().stream().map(Deployment::id).toList());
        assertError(() -> create("idem", b -> b.clientToken("token-2")), "InvalidParameterException",
                "Creation of service was not idempotent.");
    }

    /** Without a runtime every task fails to start: after three in a row the service backs off, and says so. */
    @Test
    void tasksThatKeepFailingToStartAreThrottled() {
        create("failing", b -> b.desiredCount(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Service s;
        do {
            sleep(100);
            s = ecs.describeServices(b -> b.cluster("api").services("failing")).services().getFirst();
        } while (s.events().stream().noneMatch(e -> e.message().startsWith("(service failing) is unable to "
                + "consistently start tasks successfully.")) && System.nanoTime() < deadline);
        assertThat(s.events()).anySatisfy(e -> assertThat(e.message()).isEqualTo("(service failing) is unable to "
                + "consistently start tasks successfully. For more information, see the Troubleshooting section of "
                + "the Amazon ECS Developer Guide."));
        assertThat(s.deployments().getFirst().failedTasks()).isGreaterThanOrEqualTo(3);
        // Throttled: no new task for a while (the next attempt waits 10 seconds).
        int stopped = ecs.listTasks(b -> b.cluster("api").serviceName("failing").desiredStatus("STOPPED"))
                .taskArns().size();
        sleep(3000);
        assertThat(ecs.listTasks(b -> b.cluster("api").serviceName("failing").desiredStatus("STOPPED"))
                .taskArns()).hasSize(stopped);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
