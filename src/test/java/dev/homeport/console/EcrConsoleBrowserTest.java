package dev.homeport.console;

import dev.homeport.testing.Browser;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECR pages in Debian's headless Chromium: a repository created from the form, its push commands and URI, an image
 * pushed to it listed with its tag and digest, tag immutability switched on, and a lifecycle rule added and refused.
 */
class EcrConsoleBrowserTest {
    static final Path SHOTS = Path.of("target", "console-screenshots");

    static HomeportServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        browser = Browser.open(server.endpoint());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void aRepositoryFromCreationToItsImagesAndLifecycleRules() throws Exception {
        browser.signIn("test", "test");
        browser.waitFor(By.cssSelector("header nav"));
        browser.go("/console/ecr");
        browser.waitFor(By.cssSelector("table.ecr-repositories"));
        browser.find(By.id("name")).sendKeys("console/app");
        browser.clickAndLoad(By.cssSelector("form[action='/console/ecr/create'] button[type=submit]"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("console/app");
        assertThat(browser.notice()).contains("Repository console/app created");
        String registry = "localhost:" + server.port();
        assertThat(browser.find(By.id("repository-uri")).getText()).isEqualTo(registry + "/000000000000/console/app");
        assertThat(browser.find(By.cssSelector("ol.push-commands")).getText())
                .contains("docker login --username AWS --password-stdin " + registry)
                .contains("docker push " + registry + "/000000000000/console/app:latest");

        String digest;
        try (EcrClient ecr = server.client(EcrClient.builder())) {
            String auth = "Basic " + ecr.getAuthorizationToken().authorizationData().getFirst().authorizationToken();
            digest = TestRegistry.pushDockerImage(server.port(), auth, "console/app", "v1");
        }
        browser.go("/console/ecr/repository?name=console%2Fapp");
        browser.waitFor(By.cssSelector("table.ecr-images"));
        assertThat(browser.find(By.cssSelector("table.ecr-images")).getText()).contains("v1").contains(digest)
                .contains("application/vnd.docker.distribution.manifest.v2+json");
        browser.screenshot(SHOTS.resolve("ecr-repository.png"));

        browser.clickAndLoad(By.cssSelector("form[action='/console/ecr/mutability'] button[type=submit]"));
        assertThat(browser.find(By.id("tag-immutability")).getText()).startsWith("Enabled");

        browser.clickAndLoad(By.id("lifecycle-link"));
        browser.waitFor(By.cssSelector("table.lifecycle-rules"));
        browser.find(By.id("priority")).sendKeys("1");
        browser.find(By.id("description")).sendKeys("old untagged");
        new Select(browser.find(By.id("tagStatus"))).selectByValue("untagged");
        new Select(browser.find(By.id("countType"))).selectByValue("sinceImagePushed");
        browser.find(By.id("countNumber")).sendKeys("7");
        browser.clickAndLoad(By.cssSelector("#add-rule button[type=submit]"));
        assertThat(browser.notice()).contains("Rule 1 added");
        assertThat(browser.find(By.cssSelector("table.lifecycle-rules")).getText())
                .contains("old untagged").contains("Since image pushed: 7 days");

        // ECR's validation on the page: a tagged rule needs tags to match.
        browser.find(By.id("priority")).sendKeys("2");
        browser.find(By.id("countNumber")).sendKeys("3");
        browser.clickAndLoad(By.cssSelector("#add-rule button[type=submit]"));
        assertThat(browser.notice()).contains("InvalidParameterException");
        browser.screenshot(SHOTS.resolve("ecr-lifecycle.png"));
    }
}
