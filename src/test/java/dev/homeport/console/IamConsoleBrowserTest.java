package dev.homeport.console;

import dev.homeport.testing.Browser;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IAM and CloudTrail pages in Debian's headless Chromium: users and their access keys (a new secret shown once),
 * the policy editor with IAM's MalformedPolicyDocument message, roles' trust policies, the event history; and a
 * sign-in with an IAM user's key, whose pages show AWS's access-denied message.
 */
class IamConsoleBrowserTest {
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

    private static void signedInAsRoot() {
        browser.signIn("test", "test");
        browser.waitFor(By.cssSelector("header nav"));
    }

    @Test
    void usersKeysAndPolicies() {
        signedInAsRoot();
        browser.find(By.linkText("IAM")).click();
        browser.waitFor(By.cssSelector("table.iam-users"));
        browser.find(By.id("name")).sendKeys("console-user");
        browser.clickAndLoad(By.cssSelector("form[action='/console/iam/users'] button[type=submit]"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("console-user");
        assertThat(browser.notice()).contains("User console-user was created.");

        browser.clickAndLoad(By.id("create-key"));
        String keyId = browser.find(By.id("new-key-id")).getText();
        String secret = browser.find(By.id("new-key-secret")).getText();
        assertThat(keyId).startsWith("AKIA");
        assertThat(secret).hasSize(40);
        browser.screenshot(SHOTS.resolve("iam-new-key.png"));
        // Shown once: the user's page, loaded again, lists the key but not its secret.
        browser.go("/console/iam/user?name=console-user");
        browser.waitFor(By.cssSelector("table.iam-keys"));
        assertThat(browser.html()).contains(keyId).doesNotContain(secret);

        browser.go("/console/iam/policies");
        browser.waitFor(By.cssSelector("table.iam-policies"));
        assertThat(browser.find(By.cssSelector("table.iam-policies")).getText()).contains("SecretsManagerReadWrite");
        browser.find(By.id("name")).sendKeys("broken");
        browser.find(By.id("document")).clear();
        browser.find(By.id("document")).sendKeys("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}");
        browser.clickAndLoad(By.cssSelector("form[action='/console/iam/policies'] button[type=submit]"));
        assertThat(browser.notice()).contains("MalformedPolicyDocument").contains("Policy statement must contain actions.");
        // The document stays as typed, next to the message.
        assertThat(browser.find(By.id("document")).getAttribute("value")).contains("\"Resource\":\"*\"");
        browser.screenshot(SHOTS.resolve("iam-policy-malformed.png"));

        browser.go("/console/iam/roles");
        browser.find(By.id("name")).sendKeys("console-role");
        browser.clickAndLoad(By.cssSelector("form[action='/console/iam/roles'] button[type=submit]"));
        assertThat(browser.find(By.id("trust-policy")).getText()).contains("ecs-tasks.amazonaws.com");

        browser.go("/console/cloudtrail?key=EventName&value=CreateAccessKey");
        browser.waitFor(By.cssSelector("table.events"));
        assertThat(browser.find(By.cssSelector("table.events")).getText()).contains("CreateAccessKey").contains("root");
        assertThat(browser.html()).doesNotContain(secret);
        browser.screenshot(SHOTS.resolve("cloudtrail-events.png"));
    }

    @Test
    void anIamUserSignsInWithItsKeyAndSeesAwsDenials() {
        AccessKey key;
        try (IamClient iam = server.client(IamClient.builder());
             SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            sm.createSecret(r -> r.name("console/visible").secretString("x"));
            iam.createUser(r -> r.userName("reader"));
            iam.attachUserPolicy(r -> r.userName("reader").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
            key = iam.createAccessKey(r -> r.userName("reader")).accessKey();
        }
        browser.signIn(key.accessKeyId(), key.secretAccessKey());
        browser.waitFor(By.cssSelector("header nav"));
        browser.go("/console/secrets");
        browser.waitFor(By.cssSelector("main"));
        assertThat(browser.html()).contains("console/visible");
        // ReadOnlyAccess does not include secretsmanager:GetSecretValue... nor creating users.
        browser.go("/console/iam");
        browser.waitFor(By.cssSelector("table.iam-users"));
        browser.find(By.id("name")).sendKeys("not-allowed");
        browser.clickAndLoad(By.cssSelector("form[action='/console/iam/users'] button[type=submit]"));
        assertThat(browser.notice()).contains("AccessDenied")
                .contains("User: arn:aws:iam::000000000000:user/reader is not authorized to perform: iam:CreateUser");
        browser.screenshot(SHOTS.resolve("iam-access-denied.png"));
    }
}
