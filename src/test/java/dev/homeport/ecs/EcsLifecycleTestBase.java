package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Helpers shared by the lifecycle tests on each runtime. */
abstract class EcsLifecycleTestBase {
    static final String EXEC_ROLE = HomeportServer.EXECUTION_ROLE;

    static NetworkConfiguration net() {
        return NetworkConfiguration.builder().awsvpcConfiguration(b -> b.subnets("subnet-c2e00bed35b3a0d6d")).build();
    }

    static RegisterTaskDefinitionRequest.Builder fargate(String family, ContainerDefinition... containers) {
        return RegisterTaskDefinitionRequest.builder().family(family).requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512").executionRoleArn(EXEC_ROLE)
                .containerDefinitions(containers);
    }

    static Task describe(EcsClient ecs, String taskArn) {
        return ecs.describeTasks(b -> b.cluster(clusterOf(taskArn)).tasks(taskArn)).tasks().getFirst();
    }

    static String clusterOf(String taskArn) {
        String[] parts = taskArn.split("/");
        return parts[parts.length - 2];
    }

    /** Polls until {@code done}, recording every lastStatus seen. */
    static Task await(EcsClient ecs, String taskArn, Duration timeout, Predicate<Task> done, Set<String> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Task t = null;
        while (System.nanoTime() < deadline) {
            t = describe(ecs, taskArn);
            if (seen != null) {
                seen.add(t.lastStatus());
            }
            if (done.test(t)) {
                return t;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("task did not reach the expected state in " + timeout + "; last: " + t);
    }

    static Task awaitStatus(EcsClient ecs, String taskArn, String status) {
        return await(ecs, taskArn, Duration.ofSeconds(60), t -> status.equals(t.lastStatus()), null);
    }

    static Set<String> seen() {
        return new LinkedHashSet<>();
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }

    static HomeportServer server(String runtime) {
        return HomeportServer.start(runtime).withExecutionRole();
    }

    /** Lets the execution role read the account's SSM parameters, as tasks with SSM {@code valueFrom}s need. */
    static void allowExecutionRoleToReadParameters(HomeportServer server) {
        try (IamClient iam = server.client(IamClient.builder())) {
            iam.putRolePolicy(r -> r.roleName("ecsTaskExecutionRole").policyName("parameters").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameters",
                      "Resource": "arn:aws:ssm:*:000000000000:parameter/*"}]}"""));
        }
    }
}
