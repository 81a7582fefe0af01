package dev.homeport.e2e;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code examples/fargate-secrets/walkthrough.sh}, the "Fargate with Secrets Manager" workshop end to end with
 * the AWS CLI, against a Homeport started here on the Docker runtime. It needs Docker, debootstrap (for the base
 * image, made once), MariaDB, sshpass and the AWS CLI: elsewhere it is skipped, in CI ({@code CI=true}) it fails.
 */
class FargateSecretsWalkthroughTest {

    @Test
    void theWorkshopRunsEndToEnd() throws Exception {
        requireTools();
        try (HomeportServer server = HomeportServer.start("docker")) {
            Path log = Files.createTempFile("walkthrough", ".log");
            Path summary = Files.createTempFile("walkthrough", ".summary");
            ProcessBuilder pb = new ProcessBuilder("bash", "examples/fargate-secrets/walkthrough.sh")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("HOMEPORT_ENDPOINT", server.endpoint().toString());
            pb.environment().put("WALKTHROUGH_SUMMARY", summary.toString());
            // a name of its own, so a run by hand against another Homeport can't collide
            pb.environment().put("SECRET_NAME", "smdemo");
            // docker login writes the registry's login into the CLI's configuration: a throwaway one, not root's
            pb.environment().put("DOCKER_CONFIG", Files.createTempDirectory("walkthrough-docker").toString());
            Process p = pb.start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(20, TimeUnit.MINUTES);
            if (!finished) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(finished).as("walkthrough finished within 20 minutes").isTrue();
            assertThat(p.exitValue()).as("exit code; output:\n" + output).isZero();
            assertThat(output).contains("The Phoenix Project", "TASKDEF_SECRET=",
                    "OK: the bookinfo rows were read through the secret");
            assertThat(Files.readString(summary)).contains("RunTask -> RUNNING");
            Files.deleteIfExists(log);
            Files.deleteIfExists(summary);
        }
    }

    private static void requireTools() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("/usr/bin/aws", "/usr/bin/docker", "/usr/sbin/mariadbd", "/usr/bin/sshpass",
                "/usr/bin/ssh", "/usr/bin/jq", "/usr/bin/python3", "/usr/bin/curl")) {
            if (!Files.isExecutable(Path.of(tool))) {
                missing.add(tool);
            }
        }
        boolean baseImage = run("/usr/bin/docker", "image", "inspect", "homeport/debian:bookworm");
        if (!baseImage && !Files.isExecutable(Path.of("/usr/sbin/debootstrap"))) {
            missing.add("/usr/sbin/debootstrap (or the image homeport/debian:bookworm)");
        }
        if (Files.isExecutable(Path.of("/usr/bin/docker")) && !run("/usr/bin/docker", "info")) {
            missing.add("a Docker engine answering /usr/bin/docker info");
        }
        dev.homeport.testing.Prerequisite.require(missing.isEmpty(), "the walkthrough's tools are missing: " + missing);
    }

    private static boolean run(String... command) throws Exception {
        if (!Files.isExecutable(Path.of(command[0]))) {
            return false;
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
