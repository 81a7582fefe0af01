package dev.homeport.ecr;

import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** ECR's repository API through the AWS SDK: answers, errors in ECR's words, and what another account sees. */
class EcrApiTest {
    static TwoAccounts accounts;
    static HomeportServer server;
    static EcrClient ecr;

    @BeforeAll
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
        ecr = server.client(EcrClient.builder());
    }

    @AfterAll
    static void stop() throws Exception {
        ecr.close();
        accounts.close();
    }

    static AwsServiceException error(Runnable call) {
        return catchThrowableOfType(AwsServiceException.class, call::run);
    }

    @Test
    void repositoriesAreCreatedDescribedTaggedAndDeleted() {
        Repository created = ecr.createRepository(b -> b.repositoryName("team/api")
                .imageTagMutability(ImageTagMutability.IMMUTABLE).tags(Tag.builder().key("env").value("dev").build())
                .imageScanningConfiguration(s -> s.scanOnPush(true))).repository();
        assertThat(created.registryId()).isEqualTo("000000000000");
        assertThat(created.repositoryUri()).isEqualTo("localhost:" + server.port() + "/000000000000/team/api");
        assertThat(created.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
        assertThat(created.imageScanningConfiguration().scanOnPush()).isTrue();
        assertThat(created.encryptionConfiguration().encryptionTypeAsString()).isEqualTo("AES256");
        assertThat(created.createdAt()).isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now());

        var exists = error(() -> ecr.createRepository(b -> b.repositoryName("team/api")));
        assertThat(exists.awsErrorDetails().errorCode()).isEqualTo("RepositoryAlreadyExistsException");
        assertThat(exists.awsErrorDetails().errorMessage()).isEqualTo("The repository with name 'team/api' already "
                + "exists in the registry with id '000000000000'");

        assertThat(ecr.describeRepositories(b -> b.repositoryNames("team/api")).repositories())
                .extracting(Repository::repositoryArn)
                .containsExactly("arn:aws:ecr:us-east-1:000000000000:repository/team/api");
        var missing = error(() -> ecr.describeRepositories(b -> b.repositoryNames("team/none")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("RepositoryNotFoundException");
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("The repository with name 'team/none' does not "
                + "exist in the registry with id '000000000000'");

        assertThat(ecr.listTagsForResource(b -> b.resourceArn(created.repositoryArn())).tags())
                .containsExactly(Tag.builder().key("env").value("dev").build());
        ecr.tagResource(b -> b.resourceArn(created.repositoryArn()).tags(Tag.builder().key("team").value("a").build()));
        ecr.untagResource(b -> b.resourceArn(created.repositoryArn()).tagKeys("env"));
        assertThat(ecr.listTagsForResource(b -> b.resourceArn(created.repositoryArn())).tags())
                .containsExactly(Tag.builder().key("team").value("a").build());

        assertThat(ecr.putImageTagMutability(b -> b.repositoryName("team/api")
                .imageTagMutability(ImageTagMutability.MUTABLE)).imageTagMutability())
                .isEqualTo(ImageTagMutability.MUTABLE);
        assertThat(ecr.deleteRepository(b -> b.repositoryName("team/api")).repository().repositoryName())
                .isEqualTo("team/api");
        assertThat(error(() -> ecr.deleteRepository(b -> b.repositoryName("team/api"))).awsErrorDetails().errorCode())
                .isEqualTo("RepositoryNotFoundException");
    }

    @Test
    void badNamesGetEcrsInvalidParameterAnswer() {
        for (String bad : new String[]{"A", "UPPER", "a//b", "-lead", "trail-", "x"}) {
            var e = error(() -> ecr.createRepository(b -> b.repositoryName(bad)));
            assertThat(e.awsErrorDetails().errorCode()).as(bad).isEqualTo("InvalidParameterException");
            assertThat(e.awsErrorDetails().errorMessage()).as(bad).startsWith("Invalid parameter at 'repositoryName' "
                    + "failed to satisfy constraint: 'must satisfy regular expression");
        }
    }

    @Test
    void theLoginTokenIsDockersUserAndPasswordForTwelveHours() {
        var data = ecr.getAuthorizationToken().authorizationData().getFirst();
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("AWS:").hasSizeGreaterThan(20);
        assertThat(data.proxyEndpoint()).isEqualTo("http://localhost:" + server.port());
        assertThat(Duration.between(Instant.now(), data.expiresAt())).isBetween(Duration.ofHours(11),
                Duration.ofHours(12));
        // A password is the caller's: it doesn't say the secret key, and another caller gets another.
        assertThat(decoded).doesNotContain("test");
    }

    @Test
    void anotherAccountNeitherSeesNorChangesTheRepositories() {
        ecr.createRepository(b -> b.repositoryName("private/app"));
        try (EcrClient other = server.client(EcrClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET)) {
            assertThat(other.describeRepositories().repositories()).noneMatch(r -> r.repositoryName().equals("private/app"));
            var denied = error(() -> other.describeRepositories(b -> b.registryId("000000000000")
                    .repositoryNames("private/app")));
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            var deleteDenied = error(() -> other.deleteRepository(b -> b.registryId("000000000000")
                    .repositoryName("private/app").force(true)));
            assertThat(deleteDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        }
        // Another region of the same account has its own repositories.
        try (EcrClient west = server.client(EcrClient.builder(), "eu-west-1", "test", "test")) {
            assertThat(west.describeRepositories().repositories()).isEmpty();
        }
        assertThat(ecr.describeRepositories(b -> b.repositoryNames("private/app")).repositories()).hasSize(1);
    }

    @Test
    void aRepositoryPolicyGrantsAnotherAccountWhatItNamesAndNoMore() {
        ecr.createRepository(b -> b.repositoryName("shared/app"));
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow",
                  "Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["ecr:ListImages"]}]}""";
        var bad = error(() -> ecr.setRepositoryPolicy(b -> b.repositoryName("shared/app").policyText("{not json")));
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
        assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("Invalid parameter at 'PolicyText' failed to "
                + "satisfy constraint: 'Invalid repository policy provided'");
        assertThat(ecr.setRepositoryPolicy(b -> b.repositoryName("shared/app").policyText(policy)).policyText())
                .isEqualTo(policy);
        assertThat(ecr.getRepositoryPolicy(b -> b.repositoryName("shared/app")).policyText()).isEqualTo(policy);

        try (EcrClient other = server.client(EcrClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET)) {
            assertThat(other.listImages(b -> b.registryId("000000000000").repositoryName("shared/app")).imageIds())
                    .isEmpty();
            assertThat(error(() -> other.describeImages(b -> b.registryId("000000000000")
                    .repositoryName("shared/app"))).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");

            ecr.deleteRepositoryPolicy(b -> b.repositoryName("shared/app"));
            var gone = error(() -> ecr.getRepositoryPolicy(b -> b.repositoryName("shared/app")));
            assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("RepositoryPolicyNotFoundException");
            assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Repository policy does not exist for the "
                    + "repository with name 'shared/app' in the registry with id '000000000000'");
            assertThat(error(() -> other.listImages(b -> b.registryId("000000000000").repositoryName("shared/app")))
                    .awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        }
    }
}
