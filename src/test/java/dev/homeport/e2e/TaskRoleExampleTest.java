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
 * Runs {@code examples/task-role/run.sh}: Debian's AWS CLI inside a Docker task finds its task role's credentials at
 * 169.254.170.2, reads the secret its role's policy names and is denied the other. Needs Docker, the AWS CLI and the
 * local Debian base image (or debootstrap to make it): elsewhere it is skipped, in CI ({@code CI=true}) it fails.
 */
class TaskRoleExampleTest {

    @Test
    void theApplicationActsAsItsTaskRole() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("/usr/bin/aws", "/usr/bin/docker")) {
            if (!Files.isExecutable(Path.of(tool))) {
                missing.add(tool);
            }
        }
        dev.homeport.testing.Prerequisite.require(missing.isEmpty(), "the example's tools are missing: " + missing);
        try (HomeportServer server = HomeportServer.start("docker")) {
            Path log = Files.createTempFile("task-role", ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", "examples/task-role/run.sh")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("HOMEPORT_ENDPOINT", server.endpoint().toString());
            Process p = pb.start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(15, TimeUnit.MINUTES);
            if (!finished) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(finished).as("the example finished within 15 minutes").isTrue();
            assertThat(p.exitValue()).as("exit code; output:\n" + output).isZero();
            assertThat(output).contains("OK: the task acted as its role");
            Files.deleteIfExists(log);
        }
    }
}
