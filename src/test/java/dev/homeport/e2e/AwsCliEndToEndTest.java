package dev.homeport.e2e;

import dev.homeport.runtime.docker.TestImages;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the end-to-end shell scripts under {@code scripts/e2e/}, which drive Homeport with the real
 * AWS CLI (Debian's {@code awscli}), against a Homeport started for this test. In CI the CLI must
 * be installed: a missing CLI fails there instead of skipping.
 */
class AwsCliEndToEndTest {
    static final Path AWS_CLI = Path.of("/usr/bin/aws");
    static HomeportServer server;

    @BeforeAll
    static void start() {
        server = HomeportServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void requireCli() {
        dev.homeport.testing.Prerequisite.require(Files.isExecutable(AWS_CLI), "the AWS CLI (" + AWS_CLI + ") is missing");
    }

    @Test
    void secretsManagerWithTheAwsCli() throws Exception {
        runScript("scripts/e2e/secretsmanager-cli.sh", server);
    }

    @Test
    void cloudWatchLogsWithTheAwsCli() throws Exception {
        runScript("scripts/e2e/logs-cli.sh", server);
    }

    /** SSM Parameter Store: parameters, versions, labels, SecureStrings, paths, filters and tags. */
    @Test
    void parameterStoreWithTheAwsCli() throws Exception {
        runScript("scripts/e2e/ssm-cli.sh", server);
    }

    /** IAM users, keys, policies, groups and roles, and enforcement of an IAM user's policies, with the CLI. */
    @Test
    void identityAndAccessWithTheAwsCli() throws Exception {
        runScript("scripts/e2e/iam-cli.sh", server);
    }

    /**
     * The ECS newcomer path (secrets, RUNNING with a private IP, environment, StopTask, a missing
     * secret) on a real Docker engine, as users run it.
     */
    @Test
    void ecsWithTheAwsCliOnDocker() throws Exception {
        TestImages.ensureBusybox(dev.homeport.testing.TestDocker.connect());
        try (HomeportServer docker = HomeportServer.start("docker")) {
            runScript("scripts/e2e/ecs-cli.sh", docker);
        }
    }

    /**
     * ECS services as a deploy step uses them (create-service, update-service, wait services-stable, delete-service)
     * on the process runtime, whose scheduler counts a task healthy after 3 seconds of RUNNING instead of 40.
     */
    @Test
    void ecsServicesWithTheAwsCli() throws Exception {
        try (HomeportServer services = HomeportServer.start(c -> c.withServiceSettle(java.time.Duration.ofSeconds(3)))) {
            runScript("scripts/e2e/ecs-services-cli.sh", services);
        }
    }

    /** Runs one script against {@code target}; it must exit 0 and end with "N passed, 0 failed". */
    static void runScript(String script, HomeportServer target) throws Exception {
        requireCli();
        Path log = Files.createTempFile("e2e", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOMEPORT_ENDPOINT", target.endpoint().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as(script + " finished in time").isTrue();
        assertThat(p.exitValue()).as("exit code of " + script + "; output:\n" + output).isZero();
        assertThat(output).containsPattern("(?m)^\\d+ passed, 0 failed$");
    }
}
