package dev.homeport.console;

import dev.homeport.testing.Browser;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The ECS pages' forms in Debian's headless Chromium, on a Homeport without a task runtime. */
class EcsConsoleBrowserTest {
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final String SCRIPT = "<script>alert(1)</script>";
    static HomeportServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        browser = Browser.open(server.endpoint());
        try (EcsClient ecs = server.client(EcsClient.builder())) {
            register(ecs, "browser-one", "one", SCRIPT);
            register(ecs, "browser-two", "first", "x");
            ecs.registerTaskDefinition(b -> b.family("browser-two").requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                    .containerDefinitions(d -> d.name("first").image("busybox"), d -> d.name("second").image("busybox")));
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    private static void register(EcsClient ecs, String family, String container, String envValue) {
        ecs.registerTaskDefinition(b -> b.family(family).requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .containerDefinitions(d -> d.name(container).image("busybox")
                        .environment(KeyValuePair.builder().name("GREETING").value(envValue).build())));
    }

    private static void signedIn() {
        browser.signIn("test", "test");
        browser.waitFor(By.cssSelector("header nav"));
    }

    @Test
    void theJsonEditorShowsMalformedJsonAndAwsErrorsAboveTheTextItKeeps() {
        signedIn();
        browser.go("/console/ecs/task-definition?td=browser-one:1");
        browser.find(By.linkText("Create new revision")).click();
        WebElement editor = browser.waitFor(By.id("td-json"));
        String broken = editor.getAttribute("value").replaceFirst("\"family\"", "family");
        editor.clear();
        editor.sendKeys(broken);
        browser.find(By.cssSelector("form button.primary[type=submit]")).click();
        browser.waitFor(By.cssSelector(".notice.error"));
        long line = broken.substring(0, broken.indexOf("family")).chars().filter(ch -> ch == '\n').count() + 1;
        assertThat(browser.notice()).contains("SerializationException").contains("not valid JSON").contains("(line " + line + ",");
        assertThat(browser.find(By.id("td-json")).getAttribute("value")).isEqualTo(broken);
        browser.screenshot(SHOTS.resolve("ecs-editor-error.png"));

        // Valid JSON that ECS refuses: AWS's error type and message, and the text still as typed.
        editor = browser.find(By.id("td-json"));
        String refused = broken.replaceFirst("family", "\"family\"").replace("\"image\" : \"busybox\"", "\"image\" : \"\"");
        editor.clear();
        editor.sendKeys(refused);
        browser.find(By.cssSelector("form button.primary[type=submit]")).click();
        browser.waitFor(By.cssSelector(".notice.error"));
        assertThat(browser.notice()).contains("ClientException");
        assertThat(browser.find(By.id("td-json")).getAttribute("value")).isEqualTo(refused);
    }

    @Test
    void markupInAnEnvironmentValueIsShownAsText() {
        signedIn();
        browser.go("/console/ecs/task-definition?td=browser-one:1");
        assertThat(browser.find(By.tagName("main")).getText()).contains("GREETING=" + SCRIPT);
        assertThat(browser.html()).doesNotContain(SCRIPT);
        // No alert was raised: the driver would throw UnhandledAlertException on the next command.
        assertThat(browser.driver().getTitle()).contains("browser-one:1");
    }

    @Test
    void theOverrideFieldsFollowTheChosenTaskDefinitionAndErrorsAreShownInline() {
        signedIn();
        browser.go("/console/ecs/run?td=browser-one:1");
        assertThat(browser.find(By.name("o0.name")).getAttribute("value")).isEqualTo("one");
        new Select(browser.find(By.id("run-td"))).selectByValue("browser-two:2");
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElements(By.cssSelector("#overrides legend")).size() == 2);
        assertThat(browser.find(By.cssSelector("#overrides")).getText()).contains("Container first").contains("Container second");

        for (WebElement subnet : browser.driver().findElements(By.name("subnet"))) {
            if (subnet.isSelected()) {
                subnet.click();
            }
        }
        browser.find(By.id("o1-env")).sendKeys("MODE=kept");
        browser.find(By.cssSelector("form button.primary[type=submit]")).click();
        browser.waitFor(By.cssSelector(".notice.error"));
        assertThat(browser.notice()).contains("InvalidParameterException").contains("subnets can not be empty.");
        assertThat(new Select(browser.find(By.id("run-td"))).getFirstSelectedOption().getText()).isEqualTo("browser-two:2");
        assertThat(browser.find(By.id("o1-env")).getAttribute("value")).isEqualTo("MODE=kept");
        browser.screenshot(SHOTS.resolve("ecs-run-task-error.png"));
    }

    @Test
    void everyEcsFormFieldHasALabelAndTheRunFormFitsANarrowWindow() {
        signedIn();
        for (String path : new String[]{"/console/ecs", "/console/ecs/run?td=browser-two:2",
                "/console/ecs/task-definitions/editor"}) {
            browser.go(path);
            long unlabelled = browser.unlabelledFields();
            assertThat(unlabelled).as(path).isZero();
        }
        browser.resize(380, 800);
        try {
            browser.go("/console/ecs/run?td=browser-two:2");
            long overflow = browser.horizontalOverflow();
            assertThat(overflow).isLessThanOrEqualTo(0);
        } finally {
            browser.resize(1280, 900);
        }
    }
}
