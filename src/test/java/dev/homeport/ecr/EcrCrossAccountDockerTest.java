package dev.homeport.ecr;

import dev.homeport.runtime.docker.DockerConnection;
import dev.homeport.runtime.docker.TestImages;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.homeport.ecr.EcrRegistryDockerTest.Result;
import static dev.homeport.ecr.EcrRegistryDockerTest.loginPassword;
import static dev.homeport.ecr.EcrRegistryDockerTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-account pulls with the Docker CLI, as on ECR: account 111111111111 logs in to its own registry and pulls
 * account 000000000000's image by the URI the owner's DescribeRepositories gives, once the repository's policy grants
 * it; before that, and for pushes, docker prints the registry's denial.
 */
class EcrCrossAccountDockerTest {
    static TwoAccounts accounts;
    static DockerConnection docker;
    static EcrClient owner;
    static EcrClient foreign;
    static String image;

    @BeforeAll
    static void start() {
        docker = dev.homeport.testing.TestDocker.connect();
        TestImages.ensureBusybox(docker);
        accounts = TwoAccounts.start();
        owner = accounts.server().client(EcrClient.builder());
        foreign = accounts.server().client(EcrClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (image != null) {
            run(null, null, "docker", "rmi", "-f", image);
        }
        if (accounts != null) {
            owner.close();
            foreign.close();
            accounts.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    static Path login(EcrClient client) throws Exception {
        Path config = Files.createTempDirectory("docker-config");
        Result r = run(config, loginPassword(client), "docker", "login", "--username", "AWS", "--password-stdin",
                "localhost:" + accounts.server().port());
        assertThat(r.exit()).as(r.output()).isZero();
        return config;
    }

    @Test
    void aRepositoryPolicyLetsAnotherAccountPullAndNothingMore() throws Exception {
        String uri = owner.createRepository(b -> b.repositoryName("shared/busybox")).repository().repositoryUri();
        image = uri + ":v1";
        Path ownerConfig = login(owner);
        assertThat(run(ownerConfig, null, "docker", "tag", TestImages.BUSYBOX, image).exit()).isZero();
        Result push = run(ownerConfig, null, "docker", "push", image);
        assertThat(push.exit()).as(push.output()).isZero();
        String digest = owner.describeImages(b -> b.repositoryName("shared/busybox")).imageDetails().getFirst()
                .imageDigest();
        assertThat(run(null, null, "docker", "rmi", image).exit()).isZero();

        Path foreignConfig = login(foreign);
        Result denied = run(foreignConfig, null, "docker", "pull", image);
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.output()).contains("denied: User: arn:aws:iam::111111111111:root is not authorized to "
                + "perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:000000000000:repository/shared/busybox");

        owner.setRepositoryPolicy(b -> b.repositoryName("shared/busybox").policyText("""
                {"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow",
                  "Principal":{"AWS":"arn:aws:iam::111111111111:root"},
                  "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"]}]}"""));
        Result pulled = run(foreignConfig, null, "docker", "pull", image);
        assertThat(pulled.exit()).as(pulled.output()).isZero();
        assertThat(pulled.output()).contains(digest);
        Result inspect = run(null, null, "docker", "inspect", "--format", "{{join .RepoDigests \",\"}}", image);
        assertThat(inspect.output()).contains(uri + "@" + digest);

        // The grant is to pull: the foreign account's push to the same URI is refused.
        Result pushBack = run(foreignConfig, null, "docker", "push", image);
        assertThat(pushBack.exit()).isNotZero();
        assertThat(pushBack.output()).contains("not authorized to perform: ecr:PutImage on resource: "
                + "arn:aws:ecr:us-east-1:000000000000:repository/shared/busybox"); // its layers were there already
    }
}
