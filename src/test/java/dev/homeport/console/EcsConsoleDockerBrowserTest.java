package dev.homeport.console;

import dev.homeport.runtime.docker.DockerConnection;
import dev.homeport.runtime.docker.TestImages;
import dev.homeport.testing.Browser;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's "Fargate with Secrets Manager" workshop done as console clicks, in Debian's headless Chromium,
 * on the Docker runtime: the secret, a task definition written in the JSON editor, a new revision,
 * Run task, the task list reaching RUNNING, the task page's private IP, secret name and log line,
 * and Stop. The secret's value must never appear in an ECS page. Fails without Docker when CI=true.
 */
class EcsConsoleDockerBrowserTest {
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final String PASSWORD = "Wh1sper-Quietly-ECS";
    /** What SecretsManager stores for the key/value rows typed below; the container prints only its length. */
    static final String SECRET_STRING = "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}";

    static DockerConnection docker;
    static HomeportServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        docker = TestDocker.connect();
        TestImages.ensureBusybox(docker);
        server = HomeportServer.start("docker").withExecutionRole();
        browser = Browser.open(server.endpoint());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            // Whatever a failed run left running is stopped, so no container outlives the test.
            try (EcsClient ecs = server.client(EcsClient.builder())) {
                // No default cluster: the test failed before running a task.
                if (ecs.listClusters().clusterArns().stream().anyMatch(a -> a.endsWith("/default"))) {
                    for (String arn : ecs.listTasks(b -> b.cluster("default")).taskArns()) {
                        ecs.stopTask(b -> b.cluster("default").task(arn));
                    }
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (!ecs.listTasks(b -> b.cluster("default")).taskArns().isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.close();
            }
        }
        if (docker != null) {
            docker.close();
        }
    }

    /** An element's text, "" while it is missing or being swapped by htmx. */
    private static String text(By by) {
        try {
            return browser.find(by).getText();
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return "";
        }
    }

    private static String waitForText(By by, Duration timeout, java.util.function.Predicate<String> done) {
        return browser.waitUntil(timeout, d -> {
            String t = text(by);
            return done.test(t) ? t : null;
        });
    }

    private static void type(WebElement area, String text) {
        area.clear();
        area.sendKeys(text);
    }

    private static String taskDefinitionJson(String secretArn, String greeting) {
        return """
                {
                  "family": "smdemo-console",
                  "requiresCompatibilities": ["FARGATE"],
                  "networkMode": "awsvpc",
                  "cpu": "256",
                  "memory": "512",
                  "executionRoleArn": "arn:aws:iam::000000000000:role/ecsTaskExecutionRole",
                  "containerDefinitions": [{
                    "name": "app",
                    "image": "%s",
                    "essential": true,
                    "stopTimeout": 2,
                    "entryPoint": ["/bin/sh", "-c"],
                    "command": ["echo %s: the secret has ${#TASKDEF_SECRET} characters; exec sleep 600"],
                    "secrets": [{"name": "TASKDEF_SECRET", "valueFrom": "%s"}],
                    "logConfiguration": {"logDriver": "awslogs", "options": {
                      "awslogs-group": "/ecs/smdemo-console", "awslogs-region": "us-east-1",
                      "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"}}
                  }]
                }""".formatted(TestImages.BUSYBOX, greeting, secretArn);
    }

    @Test
    void theWorkshopInTheConsole() {
        List<String> ecsPages = new ArrayList<>();
        browser.signIn("test", "test");
        browser.waitFor(By.cssSelector("header nav"));

        // 1. The smdemo secret, through the Secrets pages.
        browser.go("/console/secrets/new");
        browser.find(By.cssSelector("input[name=type][value=kv]")).click();
        browser.driver().findElements(By.name("k")).get(0).sendKeys("username");
        browser.driver().findElements(By.name("v")).get(0).sendKeys("admin");
        browser.find(By.xpath("//button[text()='Add row']")).click();
        browser.waitUntil(Duration.ofSeconds(5), d -> d.findElements(By.name("k")).size() == 2);
        browser.driver().findElements(By.name("k")).get(1).sendKeys("password");
        browser.driver().findElements(By.name("v")).get(1).sendKeys(PASSWORD);
        browser.find(By.id("name")).sendKeys("smdemo");
        browser.find(By.cssSelector("button.primary[type=submit]")).click();
        browser.waitFor(By.cssSelector(".notice.success"));
        String secretArn = browser.find(By.xpath("//dt[text()='Secret ARN']/following-sibling::dd[1]")).getText();
        assertThat(secretArn).startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:smdemo-");

        // 2. A new task definition family from JSON, with the secret and awslogs.
        browser.go("/console/ecs/task-definitions");
        browser.find(By.linkText("Create new task definition with JSON")).click();
        type(browser.waitFor(By.id("td-json")), taskDefinitionJson(secretArn, "console-demo-v1"));
        browser.screenshot(SHOTS.resolve("ecs-editor.png"));
        browser.find(By.cssSelector("form button.primary[type=submit]")).click();
        browser.waitFor(By.cssSelector(".notice.success"));
        assertThat(browser.notice()).contains("Task definition smdemo-console:1 was registered.");

        // 3. "Create new revision": the editor opens with revision 1's JSON; the greeting changes.
        browser.find(By.linkText("Create new revision")).click();
        WebElement editor = browser.waitFor(By.id("td-json"));
        String revision1 = editor.getAttribute("value");
        assertThat(revision1).contains("TASKDEF_SECRET").contains(secretArn).doesNotContain("taskDefinitionArn");
        type(editor, revision1.replace("console-demo-v1", "console-demo-v2"));
        browser.find(By.cssSelector("form button.primary[type=submit]")).click();
        browser.waitFor(By.cssSelector(".notice.success"));
        assertThat(browser.notice()).contains("Task definition smdemo-console:2 was registered.");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("smdemo-console:2");
        ecsPages.add(browser.html());
        browser.screenshot(SHOTS.resolve("ecs-task-definition.png"));

        // 4. Run task on Fargate in the workshop's first subnet, with the security group.
        browser.find(By.cssSelector("main a.button.primary[href^='/console/ecs/run']")).click();
        browser.waitFor(By.id("run-td"));
        assertThat(browser.find(By.cssSelector("#run-td option:checked")).getText()).isEqualTo("smdemo-console:2");
        List<WebElement> subnets = browser.driver().findElements(By.name("subnet"));
        assertThat(subnets).hasSize(2);
        for (int i = 1; i < subnets.size(); i++) {
            if (subnets.get(i).isSelected()) {
                subnets.get(i).click();
            }
        }
        if (!subnets.getFirst().isSelected()) {
            subnets.getFirst().click();
        }
        assertThat(browser.driver().findElements(By.name("sg")).getFirst().isSelected()).isTrue();
        assertThat(browser.find(By.name("o0.name")).getAttribute("value")).isEqualTo("app");
        ecsPages.add(browser.html());
        browser.screenshot(SHOTS.resolve("ecs-run-task.png"));
        browser.find(By.cssSelector("form button.primary[type=submit]")).click();

        // 5. The cluster's task list updates itself until the task is RUNNING.
        browser.waitFor(By.cssSelector(".notice.success"));
        assertThat(browser.notice()).contains("was started.");
        waitForText(By.cssSelector("#task-table td.last-status"), Duration.ofSeconds(90), "RUNNING"::equals);
        String listedIp = text(By.cssSelector("#task-table tbody tr td:nth-child(6)"));
        assertThat(listedIp).matches("10\\.200\\.11\\.\\d+");
        assertThat(text(By.cssSelector("#task-table tbody tr td:nth-child(2)"))).isEqualTo("smdemo-console:2");
        ecsPages.add(browser.html());
        browser.screenshot(SHOTS.resolve("ecs-tasks.png"));

        browser.go("/console/ecs");
        assertThat(text(By.cssSelector("td.count-running"))).isEqualTo("1");
        ecsPages.add(browser.html());
        browser.screenshot(SHOTS.resolve("ecs-clusters.png"));
        browser.driver().navigate().back();

        // 6. The task's page: private IP, the secret by name only, and the log line.
        browser.find(By.cssSelector("#task-table tbody tr td a")).click();
        assertThat(waitForText(By.id("task-private-ip"), Duration.ofSeconds(10), t -> !t.isEmpty())).isEqualTo(listedIp);
        String line = "console-demo-v2: the secret has " + SECRET_STRING.length() + " characters";
        waitForText(By.cssSelector("td.log-message"), Duration.ofSeconds(30), line::equals);
        assertThat(text(By.cssSelector("td.secret-name"))).isEqualTo("TASKDEF_SECRET");
        assertThat(browser.html()).contains("Runs on Homeport's task runtime: docker ");
        assertThat(browser.html()).contains(secretArn).contains("ecs/app/");
        assertThat(browser.find(By.id("task-live")).getAttribute("hx-trigger")).isEqualTo("every 2s");
        ecsPages.add(browser.html());
        browser.screenshot(SHOTS.resolve("ecs-task-running.png"));

        assertThat(browser.find(By.linkText("View in CloudWatch Logs")).getAttribute("href"))
                .contains("/console/logs/stream?group=%2Fecs%2Fsmdemo-console&stream=ecs%2Fapp%2F");

        // 7. Stop: the page follows the task to STOPPED, with ECS's stop code and the console's reason.
        browser.clickAndLoad(By.xpath("//button[text()='Stop']"));
        browser.waitFor(By.cssSelector(".notice.success"));
        waitForText(By.id("task-last-status"), Duration.ofSeconds(60), "STOPPED"::equals);
        assertThat(text(By.id("task-stop-code"))).isEqualTo("UserInitiated");
        assertThat(text(By.id("task-stopped-reason"))).isEqualTo("Task stopped by user via console");
        assertThat(browser.driver().findElements(By.xpath("//button[text()='Stop']"))).isEmpty();
        assertThat(browser.find(By.id("task-live")).getAttribute("hx-trigger")).isNull();
        assertThat(text(By.cssSelector("td.log-message"))).isEqualTo(line);
        ecsPages.add(browser.html());
        browser.screenshot(SHOTS.resolve("ecs-task-stopped.png"));

        browser.go("/console/ecs/cluster?name=default&status=STOPPED");
        waitForText(By.cssSelector("#task-table td.last-status"), Duration.ofSeconds(10), "STOPPED"::equals);
        ecsPages.add(browser.html());

        assertThat(ecsPages).allSatisfy(html -> assertThat(html).doesNotContain(PASSWORD)
                .doesNotContain(SECRET_STRING).doesNotContain("Wh1sper"));
    }
}
