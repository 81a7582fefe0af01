package dev.homeport.e2e;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        if ("true".equals(System.getenv("CI"))) {
            assertThat(AWS_CLI).as("the AWS CLI (apt-get install awscli) is required in CI").exists();
        } else {
            assumeTrue(Files.isExecutable(AWS_CLI), "AWS CLI not installed; CI installs it");
        }
    }

    @Test
    void secretsManagerWithTheAwsCli() throws Exception {
        runScript("scripts/e2e/secretsmanager-cli.sh");
    }

    @Test
    void cloudWatchLogsWithTheAwsCli() throws Exception {
        runScript("scripts/e2e/logs-cli.sh");
    }

    private static void runScript(String script) throws Exception {
        requireCli();
        Path log = Files.createTempFile("e2e", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOMEPORT_ENDPOINT", server.endpoint().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("script finished in time").isTrue();
        assertThat(p.exitValue()).as("exit code; output:\n" + output).isZero();
        assertThat(output).containsPattern("(?m)^\\d+ passed, 0 failed$");
    }

    /** The ECS newcomer path (secrets, RUNNING, environment, StopTask, a missing secret) on this server's runtime. */
    @Test
    void ecsWithTheAwsCli() throws Exception {
        requireCli();
        Path log = Files.createTempFile("e2e-ecs", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/e2e/ecs-cli.sh")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOMEPORT_ENDPOINT", server.endpoint().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("script finished in time").isTrue();
        assertThat(p.exitValue()).as("exit code; output:\n" + output).isZero();
        assertThat(output).containsPattern("(?m)^\\d+ passed, 0 failed$");
    }
}
