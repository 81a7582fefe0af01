package dev.homeport.console;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECR pages over plain HTTP: repositories, creating one, a repository's settings and push commands, its lifecycle
 * rules.
 */
class EcrConsoleHttpTest {
    static HomeportServer server;
    static EcrClient ecr;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        ecr = server.client(EcrClient.builder());
    }

    @AfterAll
    static void stop() {
        ecr.close();
        server.close();
    }

    @Test
    void repositoriesAreListedCreatedAndShownWithTheirPushCommands() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String csrf = c.signIn("/console/ecr");
        ecr.createRepository(b -> b.repositoryName("team/api"));
        String list = c.get("/console/ecr").body();
        assertThat(list).contains("<a href=\"/console/ecr/repository?name=team%2Fapi\">team/api</a>")
                .contains("localhost:" + server.port() + "/000000000000/team/api");

        HttpResponse<String> created = c.post("/console/ecr/create", "csrf=" + csrf + "&name=web&mutability=IMMUTABLE");
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).hasValue("/console/ecr/repository?name=web");
        assertThat(ecr.describeRepositories(b -> b.repositoryNames("web")).repositories().getFirst()
                .imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
        String page = c.get("/console/ecr/repository?name=web").body();
        String registry = "localhost:" + server.port();
        assertThat(page).contains("<dd class=\"mono\" id=\"repository-uri\">" + registry + "/000000000000/web</dd>")
                .contains("No images: push one with the commands below.")
                .contains("aws ecr get-login-password --region us-east-1 --endpoint-url http://" + registry
                        + " | docker login --username AWS --password-stdin " + registry)
                .contains("docker push " + registry + "/000000000000/web:latest");

        // ECR's own error for a name it refuses, on the form, with the name kept.
        HttpResponse<String> refused = c.post("/console/ecr/create", "csrf=" + csrf + "&name=Bad+Name");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("InvalidParameterException").contains("value=\"Bad Name\"");

        assertThat(c.post("/console/ecr/mutability", "csrf=" + csrf + "&name=web&mutability=MUTABLE").statusCode())
                .isEqualTo(303);
        assertThat(ecr.describeRepositories(b -> b.repositoryNames("web")).repositories().getFirst()
                .imageTagMutability()).isEqualTo(ImageTagMutability.MUTABLE);
    }

    @Test
    void lifecycleRulesAreAddedOneAtATimeAndRemoved() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String csrf = c.signIn("/console/ecr");
        ecr.createRepository(b -> b.repositoryName("team/lc"));
        assertThat(c.get("/console/ecr/repository?name=team%2Flc").body())
                .contains("href=\"/console/ecr/lifecycle?name=team%2Flc\"");
        assertThat(c.get("/console/ecr/lifecycle?name=team%2Flc").body())
                .contains("No lifecycle policy: images are kept until they are deleted.");

        HttpResponse<String> added = c.post("/console/ecr/lifecycle/add", "csrf=" + csrf + "&name=team%2Flc"
                + "&priority=2&description=keep+ten&tagStatus=tagged&tagMatch=prefix&tags=prod%2C+release-"
                + "&countType=imageCountMoreThan&countNumber=10");
        assertThat(added.statusCode()).isEqualTo(303);
        c.post("/console/ecr/lifecycle/add", "csrf=" + csrf + "&name=team%2Flc&priority=1&tagStatus=untagged"
                + "&tagMatch=prefix&tags=&countType=sinceImagePushed&countNumber=14");
        String policy = ecr.getLifecyclePolicy(b -> b.repositoryName("team/lc")).lifecyclePolicyText();
        assertThat(policy).contains("\"tagPrefixList\":[\"prod\",\"release-\"]")
                .contains("\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":14");
        String page = c.get("/console/ecr/lifecycle?name=team%2Flc").body();
        assertThat(page.indexOf("Since image pushed: 14 days")).isPositive()
                .isLessThan(page.indexOf("Image count more than 10")); // priority 1 first
        assertThat(page).contains("<span class=\"tag\">release-*</span>");

        // ECR's own validation, shown on the page: a priority already used.
        HttpResponse<String> refused = c.post("/console/ecr/lifecycle/add", "csrf=" + csrf + "&name=team%2Flc"
                + "&priority=1&tagStatus=any&countType=imageCountMoreThan&countNumber=3");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("InvalidParameterException");

        c.post("/console/ecr/lifecycle/remove", "csrf=" + csrf + "&name=team%2Flc&priority=1");
        assertThat(ecr.getLifecyclePolicy(b -> b.repositoryName("team/lc")).lifecyclePolicyText())
                .doesNotContain("sinceImagePushed").contains("prod");
        // The last rule goes with the policy: ECR takes no policy without rules.
        c.post("/console/ecr/lifecycle/remove", "csrf=" + csrf + "&name=team%2Flc&priority=2");
        assertThat(c.get("/console/ecr/lifecycle?name=team%2Flc").body())
                .contains("No lifecycle policy: images are kept until they are deleted.");
    }
}
