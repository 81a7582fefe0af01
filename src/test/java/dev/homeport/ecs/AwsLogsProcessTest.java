package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.Task;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code logConfiguration.logDriver: awslogs}: container output in CloudWatch Logs, on the process runtime. */
class AwsLogsProcessTest extends EcsLifecycleTestBase {
    static HomeportServer server;
    static EcsClient ecs;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        server = server("process");
        ecs = server.client(EcsClient.builder());
        logs = server.client(CloudWatchLogsClient.builder());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        logs.close();
        server.close();
    }

    static ContainerDefinition container(String name, String script, Map<String, String> options) {
        return ContainerDefinition.builder().name(name).image("busybox").entryPoint("/bin/sh", "-c").command(script)
                .logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(options).build())
                .build();
    }

    @Test
    void stdoutAndStderrReachTheStreamEcsNames() {
        Map<String, String> options = Map.of("awslogs-group", "/ecs/awslogs-test", "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", "ecs", "awslogs-create-group", "true");
        ecs.registerTaskDefinition(fargate("awslogs-ok",
                container("app", "echo hello from app; echo oops >&2; sleep 0.3; echo bye", options)).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("awslogs-ok").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        awaitStatus(ecs, taskArn, "STOPPED");
        String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        String stream = "ecs/app/" + taskId;
        List<String> messages = logs.getLogEvents(b -> b.logGroupName("/ecs/awslogs-test").logStreamName(stream)
                .startFromHead(true)).events().stream().map(OutputLogEvent::message).toList();
        assertThat(messages).contains("hello from app", "oops", "bye");
        assertThat(messages.indexOf("hello from app")).isLessThan(messages.indexOf("bye"));
        assertThat(logs.filterLogEvents(b -> b.logGroupName("/ecs/awslogs-test").filterPattern("bye")).events())
                .extracting(FilteredLogEvent::logStreamName).containsExactly(stream);
    }

    @Test
    void outputOfARunningTaskIsVisibleWhileItRuns() throws Exception {
        logs.createLogGroup(b -> b.logGroupName("/ecs/live"));
        Map<String, String> options = Map.of("awslogs-group", "/ecs/live", "awslogs-stream-prefix", "web");
        ecs.registerTaskDefinition(fargate("awslogs-live",
                container("web", "echo serving; exec sleep 60", options)).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("awslogs-live").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        awaitStatus(ecs, taskArn, "RUNNING");
        long deadline = System.currentTimeMillis() + 10_000;
        List<FilteredLogEvent> seen = List.of();
        while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
            seen = logs.filterLogEvents(b -> b.logGroupName("/ecs/live").filterPattern("serving")).events();
            Thread.sleep(100);
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().logStreamName()).startsWith("web/web/");
        ecs.stopTask(b -> b.task(taskArn));
        awaitStatus(ecs, taskArn, "STOPPED");
    }

    @Test
    void aMissingGroupWithoutCreateGroupFailsTheTaskAsEcsDoes() {
        Map<String, String> options = Map.of("awslogs-group", "/ecs/no-such-group", "awslogs-stream-prefix", "ecs");
        ecs.registerTaskDefinition(fargate("awslogs-missing", container("app", "echo never", options)).build());
        String taskArn = ecs.runTask(b -> b.taskDefinition("awslogs-missing").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task stopped = awaitStatus(ecs, taskArn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.stoppedReason()).startsWith("ResourceInitializationError: failed to validate logger args")
                .contains("ResourceNotFoundException: The specified log group does not exist.");
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix("/ecs/no-such-group")).logGroups()).isEmpty();
    }
}
