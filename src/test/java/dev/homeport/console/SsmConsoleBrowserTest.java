package dev.homeport.console;

import dev.homeport.testing.Browser;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Parameter Store pages in Debian's headless Chromium: a SecureString created from the form, its page without the
 * plaintext until "Show" is clicked, every field labelled, and the list fitting a phone-sized window.
 */
class SsmConsoleBrowserTest {
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
    void aSecureStringCreatedFromTheFormIsHiddenUntilShown() {
        browser.signIn("test", "test");
        browser.waitFor(By.cssSelector("header nav"));
        browser.go("/console/ssm");
        browser.waitFor(By.cssSelector("table.ssm-parameters"));
        assertThat(browser.unlabelledFields()).isZero();
        browser.find(By.id("name")).sendKeys("/console/db/password");
        browser.find(By.id("description")).sendKeys("the database password");
        browser.find(By.cssSelector("input[name=type][value=SecureString]")).click();
        browser.find(By.id("value")).sendKeys("Wh1sper-Quietly");
        browser.clickAndLoad(By.cssSelector("form[action='/console/ssm/create'] button[type=submit]"));

        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("/console/db/password");
        assertThat(browser.notice()).contains("Parameter /console/db/password was created (version 1).");
        assertThat(browser.unlabelledFields()).isZero();
        assertThat(browser.html()).contains("arn:aws:ssm:us-east-1:000000000000:parameter/console/db/password")
                .doesNotContain("Wh1sper-Quietly");
        assertThat(browser.find(By.id("parameter-value")).getText()).doesNotContain("Wh1sper-Quietly");

        browser.find(By.xpath("//button[text()='Show']")).click();
        assertThat(browser.waitFor(By.cssSelector("#parameter-value pre.value")).getText()).isEqualTo("Wh1sper-Quietly");
        browser.screenshot(SHOTS.resolve("ssm-parameter.png"));

        browser.find(By.id("labels")).sendKeys("prod");
        browser.clickAndLoad(By.cssSelector("form[action='/console/ssm/label'] button[type=submit]"));
        assertThat(browser.notice()).contains("Labels attached to version 1.");
        assertThat(browser.find(By.cssSelector("table.ssm-history")).getText()).contains("prod")
                .contains("(SecureString, not shown)").doesNotContain("Wh1sper-Quietly");
        browser.resize(1280, 1900);
        try {
            browser.screenshot(SHOTS.resolve("ssm-parameter-full.png"));
        } finally {
            browser.resize(1280, 900);
        }

        try (SsmClient ssm = server.client(SsmClient.builder())) {
            assertThat(ssm.getParameter(b -> b.name("/console/db/password").withDecryption(true)).parameter().value())
                    .isEqualTo("Wh1sper-Quietly");
            ssm.putParameter(b -> b.name("/console/a-rather-long-hierarchy/with-several/levels/of-names/endpoint-url")
                    .value("https://example.com").type(ParameterType.STRING));
        }
        browser.resize(380, 800);
        try {
            browser.go("/console/ssm");
            browser.waitFor(By.cssSelector("table.ssm-parameters"));
            assertThat(browser.horizontalOverflow()).isLessThanOrEqualTo(0);
            browser.screenshot(SHOTS.resolve("ssm-list-narrow.png"));
        } finally {
            browser.resize(1280, 900);
        }
    }
}
