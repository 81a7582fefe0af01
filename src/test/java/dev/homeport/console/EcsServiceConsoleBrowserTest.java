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
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service made, watched and scaled through the console in Debian's headless Chromium, on the process runtime so
 * that its tasks really run. The scheduler counts a task as healthy after 2 seconds of RUNNING here (ECS: 40), so a
 * deployment completes in seconds; the service page shows it by its own htmx polling, without a reload.
 */
class EcsServiceConsoleBrowserTest {
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final String CLUSTER = "browser-services";
    static final String FAMILY = "browser-sleeper";
    static HomeportServer server;
    static EcsClient ecs;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = HomeportServer.start(c -> c.withRuntime("process").withServiceSettle(Duration.ofSeconds(2)))
                .withExecutionRole();
        ecs = server.client(EcsClient.builder());
        browser = Browser.open(server.endpoint());
        ecs.createCluster(b -> b.clusterName(CLUSTER));
        ecs.registerTaskDefinition(b -> b.family(FAMILY).requiresCompatibilities(Compatibility.FARGATE)
                .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512").executionRoleArn(HomeportServer.EXECUTION_ROLE)
                .containerDefinitions(d -> d.name("app").image("busybox").entryPoint("/bin/sh", "-c")
                        .command("exec sleep 600")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (ecs != null) {
            ecs.close();
        }
        server.close();
    }

    /**
     * The text of every element {@code css} selects, read in one script: the service page swaps its live part every 2
     * seconds, and an element found by one WebDriver call may be gone by the next; a script runs between two swaps.
     */
    @SuppressWarnings("unchecked")
    private static List<String> texts(String css) {
        return (List<String>) browser.script(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText);", css);
    }

    private static String main() {
        return texts("main").getFirst();
    }

    /** Waits until the service page, refreshing itself, shows {@code texts}; its tasks start and settle meanwhile. */
    private static void awaitOnPage(String... texts) {
        browser.waitUntil(Duration.ofSeconds(60), d -> {
            String text = main();
            for (String t : texts) {
                if (!text.contains(t)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void aServiceCreatedWithTheFormRunsItsTasksAndIsScaledWithTheUpdateForm() {
        browser.signIn("test", "test");
        browser.go("/console/ecs/cluster?name=" + CLUSTER);
        browser.clickAndLoad(By.linkText("Create service"));
        fullPageScreenshot(SHOTS.resolve("ecs-create-service.png"));
        assertThat(new Select(browser.find(By.id("svc-cluster"))).getFirstSelectedOption().getText()).isEqualTo(CLUSTER);
        new Select(browser.find(By.id("svc-td"))).selectByValue(FAMILY);
        browser.find(By.id("svc-name")).sendKeys("web");
        WebElement count = browser.find(By.id("svc-count"));
        count.clear();
        count.sendKeys("2");
        browser.clickAndLoad(By.cssSelector("form[action='/console/ecs/services'] button.primary[type=submit]"));
        assertThat(browser.notice()).contains("Service web was created.");

        awaitOnPage("2 of 2 running", "(service web) has reached a steady state.");
        assertThat(texts("tr[data-deployment] .rollout")).containsExactly("COMPLETED");
        assertThat(texts("table.service-tasks tbody tr[data-task]")).hasSize(2)
                .allSatisfy(row -> assertThat(row).contains("RUNNING").contains(FAMILY + ":1").contains("ecs-svc/"));
        fullPageScreenshot(SHOTS.resolve("ecs-service.png"));

        // A task's row leads to the task's own page.
        String taskId = texts("table.service-tasks tbody tr[data-task] td a").getFirst();
        String taskPage = (String) browser.script(
                "return document.querySelector('table.service-tasks tbody tr[data-task] td a').getAttribute('href');");
        assertThat(taskPage).isEqualTo("/console/ecs/task?cluster=" + CLUSTER + "&id=" + taskId);
        browser.go(taskPage);
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Task " + taskId);
        browser.go("/console/ecs/service?cluster=" + CLUSTER + "&name=web");

        // Scaled in through the Update form: the same deployment, one task fewer.
        WebElement desired = browser.find(By.id("update-count"));
        desired.clear();
        desired.sendKeys("1");
        browser.clickAndLoad(By.cssSelector("form.update-service button[type=submit]"));
        assertThat(browser.notice()).contains("Service web was updated.");
        assertThat(texts("#service-desired-count")).containsExactly("1");
        awaitOnPage("1 of 1 running");
        Service scaled = ecs.describeServices(b -> b.cluster(CLUSTER).services("web")).services().getFirst();
        assertThat(scaled.desiredCount()).isEqualTo(1);
        assertThat(scaled.deployments()).hasSize(1);

        // The cluster page lists the service with its counts.
        browser.go("/console/ecs/cluster?name=" + CLUSTER);
        WebElement row = browser.find(By.cssSelector("tr[data-service='web']"));
        browser.screenshot(SHOTS.resolve("ecs-cluster-services.png"));
        assertThat(row.getText()).contains("ACTIVE").contains(FAMILY + ":1").contains("COMPLETED");
        assertThat(row.findElement(By.cssSelector(".count-desired")).getText()).isEqualTo("1");
    }

    @Test
    void everyServiceFormFieldHasALabelAndTheFormsFitANarrowWindow() {
        browser.signIn("test", "test");
        ecs.createService(b -> b.cluster(CLUSTER).serviceName("labelled").taskDefinition(FAMILY).desiredCount(0)
                .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(
                        dev.homeport.ec2.NetworkConfig.defaults().subnets().getFirst().id()))));
        String[] paths = {"/console/ecs/services/create?cluster=" + CLUSTER,
                "/console/ecs/service?cluster=" + CLUSTER + "&name=labelled", "/console/ecs/cluster?name=" + CLUSTER};
        for (String path : paths) {
            browser.go(path);
            long unlabelled = browser.unlabelledFields();
            assertThat(unlabelled).as(path).isZero();
        }
        browser.resize(380, 800);
        try {
            for (String path : paths) {
                browser.go(path);
                long overflow = browser.horizontalOverflow();
                assertThat(overflow).as(path).isLessThanOrEqualTo(0);
            }
        } finally {
            browser.resize(1280, 900);
        }
    }

    /** The whole page, not only the window: the window is made as tall as the page for the shot. */
    private static void fullPageScreenshot(Path file) {
        long height = (Long) browser.script("return document.documentElement.scrollHeight;");
        browser.resize(1280, (int) Math.min(4000, height + 140));
        try {
            browser.screenshot(file);
        } finally {
            browser.resize(1280, 900);
        }
    }
}
