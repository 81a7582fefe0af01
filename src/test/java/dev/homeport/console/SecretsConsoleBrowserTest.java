package dev.homeport.console;

import dev.homeport.testing.Browser;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Secrets Manager pages in Debian's headless Chromium, signed in as test/test. */
class SecretsConsoleBrowserTest {
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

    private static void signedIn() {
        browser.signIn("test", "test");
        browser.waitFor(By.cssSelector("header nav"));
    }

    @Test
    void aWrongPasswordIsRefused() {
        browser.signIn("test", "not-the-secret");
        assertThat(browser.notice()).contains("Your authentication information is incorrect");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/signin");
        assertThat(browser.driver().findElements(By.cssSelector("header nav"))).isEmpty();
    }

    @Test
    void createTheWorkshopSecretAndRevealItsValueOnlyOnClick() {
        signedIn();
        browser.go("/console/secrets/new");
        browser.find(By.cssSelector("input[name=type][value=kv]")).click();
        List<WebElement> keys = browser.driver().findElements(By.name("k"));
        keys.get(0).sendKeys("username");
        browser.driver().findElements(By.name("v")).get(0).sendKeys("admin");
        browser.find(By.xpath("//button[text()='Add row']")).click();
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElements(By.name("k")).size() == 2);
        browser.driver().findElements(By.name("k")).get(1).sendKeys("password");
        browser.driver().findElements(By.name("v")).get(1).sendKeys("Wh1sper-Quietly");
        browser.find(By.id("name")).sendKeys("smdemo");
        browser.find(By.id("description")).sendKeys("MySQL credentials for the workshop");
        browser.find(By.cssSelector("button.primary[type=submit]")).click();

        browser.waitFor(By.cssSelector(".notice.success"));
        assertThat(browser.notice()).contains("Secret smdemo was created.");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("smdemo");
        assertThat(browser.html()).contains("arn:aws:secretsmanager:us-east-1:000000000000:secret:smdemo-")
                .contains("AWSCURRENT")
                .doesNotContain("Wh1sper-Quietly");
        browser.screenshot(SHOTS.resolve("secret-details.png"));

        browser.find(By.xpath("//button[text()='Retrieve secret value']")).click();
        WebElement value = browser.waitFor(By.cssSelector(".secret-value table"));
        assertThat(value.getText()).contains("username").contains("admin").contains("password").contains("Wh1sper-Quietly");
        browser.screenshot(SHOTS.resolve("secret-value.png"));

        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            assertThat(sm.getSecretValue(r -> r.secretId("smdemo")).secretString())
                    .isEqualTo("{\"username\":\"admin\",\"password\":\"Wh1sper-Quietly\"}");
        }
    }

    @Test
    void editingTheValueMakesANewCurrentVersion() {
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            sm.createSecret(r -> r.name("edit-me").secretString("first"));
            signedIn();
            browser.go("/console/secrets/detail?id=edit-me");
            browser.find(By.xpath("//button[text()='Edit']")).click();
            browser.waitFor(By.id("edit-plaintext"));
            assertThat(browser.find(By.cssSelector("input[name=type][value=plaintext]")).isSelected()).isTrue();
            WebElement text = browser.find(By.id("edit-plaintext"));
            text.clear();
            text.sendKeys("second");
            browser.find(By.cssSelector("#secret-value button.primary")).click();
            browser.waitFor(By.cssSelector(".notice.success"));
            assertThat(browser.notice()).contains("The secret value was saved as version");
            assertThat(sm.getSecretValue(r -> r.secretId("edit-me")).secretString()).isEqualTo("second");
            assertThat(browser.driver().findElements(By.xpath("//td/span[text()='AWSPREVIOUS']"))).hasSize(1);
        }
    }

    @Test
    void markupInADescriptionOrTagIsShownAsText() {
        String script = "<script>alert(1)</script>";
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            sm.createSecret(r -> r.name("xss-probe").description(script).secretString("v")
                    .tags(Tag.builder().key("owner").value(script).build()));
        }
        signedIn();
        browser.go("/console/secrets?q=xss-probe");
        assertThat(browser.find(By.tagName("table")).getText()).contains(script);
        browser.find(By.linkText("xss-probe")).click();
        browser.waitFor(By.tagName("h1"));
        assertThat(browser.find(By.tagName("main")).getText()).contains(script);
        assertThat(browser.html()).doesNotContain(script);
        // No alert was raised: the driver would throw UnhandledAlertException on the next command.
        assertThat(browser.driver().getTitle()).contains("xss-probe");
    }

    @Test
    void searchByNameDescriptionAndTag() {
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            sm.createSecret(r -> r.name("search/alpha").description("payments database").secretString("v"));
            sm.createSecret(r -> r.name("search/beta").secretString("v").tags(Tag.builder().key("team").value("ledger").build()));
        }
        signedIn();
        browser.go("/console/secrets");
        new Select(browser.find(By.id("field"))).selectByValue("description");
        browser.find(By.id("q")).sendKeys("payments");
        // The unfiltered list shows both secrets: wait for the search's page, not for a link the old one has too.
        browser.clickAndLoad(By.cssSelector("form.search button"));
        browser.waitFor(By.linkText("search/alpha"));
        assertThat(browser.driver().findElements(By.linkText("search/beta"))).isEmpty();

        browser.go("/console/secrets?field=tag-value&q=ledger");
        assertThat(browser.driver().findElements(By.linkText("search/beta"))).hasSize(1);
        assertThat(browser.driver().findElements(By.linkText("search/alpha"))).isEmpty();
        browser.go("/console/secrets?field=name&q=search/");
        assertThat(browser.driver().findElements(By.cssSelector("tbody tr"))).hasSize(2);
        browser.screenshot(SHOTS.resolve("secrets.png"));
    }

    @Test
    void deleteWithARecoveryWindowThenRestore() {
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            sm.createSecret(r -> r.name("delete-me").secretString("v"));
            signedIn();
            browser.go("/console/secrets/detail?id=delete-me");
            WebElement days = browser.find(By.id("days"));
            days.clear();
            days.sendKeys("7");
            // Each click loads a page with a banner, and the second click's page already shows one: wait for the new
            // page before looking for its banner, or the old banner may be the one found.
            browser.clickAndLoad(By.cssSelector("button.danger"));
            browser.waitFor(By.cssSelector(".notice.success"));
            assertThat(browser.notice()).contains("is scheduled for deletion on");
            assertThat(sm.describeSecret(r -> r.secretId("delete-me")).deletedDate()).isNotNull();
            assertThat(browser.html()).doesNotContain("Retrieve secret value");

            browser.clickAndLoad(By.xpath("//button[text()='Cancel deletion']"));
            browser.waitFor(By.cssSelector(".notice.success"));
            assertThat(browser.notice()).contains("Secret delete-me was restored.");
            assertThat(sm.describeSecret(r -> r.secretId("delete-me")).deletedDate()).isNull();
        }
    }

    @Test
    void aCreateErrorIsShownWithAwsTypeAndMessageAndTheFormKeepsItsInput() {
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            sm.createSecret(r -> r.name("taken").secretString("v"));
        }
        signedIn();
        browser.go("/console/secrets/new");
        browser.find(By.cssSelector("input[name=type][value=plaintext]")).click();
        browser.find(By.id("plaintext")).sendKeys("some value");
        browser.find(By.id("name")).sendKeys("taken");
        browser.find(By.id("description")).sendKeys("kept");
        browser.find(By.cssSelector("button.primary[type=submit]")).click();
        browser.waitFor(By.cssSelector(".notice.error"));
        assertThat(browser.notice()).contains("ResourceExistsException")
                .contains("The operation failed because the secret taken already exists.");
        assertThat(browser.find(By.id("description")).getAttribute("value")).isEqualTo("kept");
    }

    @Test
    void theRegionSelectorShowsAReplicaInItsRegion() {
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            sm.createSecret(r -> r.name("replicated").secretString("v")
                    .addReplicaRegions(a -> a.region("eu-west-1")));
        }
        signedIn();
        browser.go("/console/secrets?q=replicated");
        new Select(browser.find(By.id("region-select"))).selectByValue("eu-west-1");
        browser.find(By.cssSelector("form.region button")).click();
        browser.waitUntil(Duration.ofSeconds(5), d -> d.getCurrentUrl().endsWith("/console/secrets"));
        assertThat(new Select(browser.find(By.id("region-select"))).getFirstSelectedOption().getText()).isEqualTo("eu-west-1");
        browser.find(By.linkText("replicated")).click();
        browser.waitFor(By.tagName("h1"));
        assertThat(browser.html()).contains("arn:aws:secretsmanager:eu-west-1:000000000000:secret:replicated-");
        assertThat(browser.find(By.tagName("main")).getText()).contains("Primary region").contains("us-east-1");
        // Back to where the other tests expect to be.
        new Select(browser.find(By.id("region-select"))).selectByValue("us-east-1");
        browser.find(By.cssSelector("form.region button")).click();
    }

    @Test
    void readableOnANarrowWindow() {
        signedIn();
        browser.resize(380, 800);
        try {
            browser.go("/console/secrets/new");
            long overflow = browser.horizontalOverflow();
            assertThat(overflow).isLessThanOrEqualTo(0);
            browser.screenshot(SHOTS.resolve("narrow-new-secret.png"));
        } finally {
            browser.resize(1280, 900);
        }
    }

    @Test
    void signInAndStoreASecretWithTheKeyboardAlone() {
        browser.go("/console/signin");
        browser.driver().manage().deleteAllCookies();
        browser.go("/console/signin");
        // From the access key field, Tab moves to the secret key (reading order) and Enter submits.
        WebElement key = browser.find(By.id("accessKeyId"));
        key.clear();
        key.sendKeys("test", org.openqa.selenium.Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("secretAccessKey");
        new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys("test", org.openqa.selenium.Keys.ENTER).perform();
        browser.waitFor(By.cssSelector("header nav"));
        browser.go("/console/secrets/new");
        browser.find(By.cssSelector("input[name=type][value=plaintext]")).click();
        browser.find(By.id("plaintext")).sendKeys("typed");
        WebElement name = browser.find(By.id("name"));
        name.sendKeys("keyboard-only");
        name.sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.waitFor(By.cssSelector(".notice.success"));
        assertThat(browser.notice()).contains("Secret keyboard-only was created.");
    }

    @Test
    void everyFormFieldHasALabel() {
        signedIn();
        browser.go("/console/secrets/new");
        // Every input has a label the browser associates with it (what screen readers read out).
        long unlabelled = browser.unlabelledFields();
        assertThat(unlabelled).isZero();
    }
}
