package dev.homeport.console;

import dev.homeport.testing.Browser;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CloudWatch Logs pages in Debian's headless Chromium, signed in as test/test. */
class LogsConsoleBrowserTest {
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final String XSS = "<script>alert(1)</script>";

    static HomeportServer server;
    static Browser browser;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        logs = server.client(CloudWatchLogsClient.builder());
        browser = Browser.open(server.endpoint());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        logs.close();
        server.close();
    }

    private static void signedIn() {
        browser.signIn("test", "test");
        browser.waitFor(By.cssSelector("header nav"));
    }

    private static void put(String group, String stream, String... messages) {
        long now = System.currentTimeMillis();
        List<InputLogEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(InputLogEvent.builder().timestamp(now - messages.length + i).message(messages[i]).build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    private static List<String> shownMessages() {
        return browser.driver().findElements(By.cssSelector("#events li .msg")).stream().map(WebElement::getText).toList();
    }

    @Test
    void groupsStreamsEventsFilterAndFollow() {
        String group = "/ecs/web-app";
        logs.createLogGroup(r -> r.logGroupName(group));
        logs.putRetentionPolicy(r -> r.logGroupName(group).retentionInDays(30));
        logs.createLogStream(r -> r.logGroupName(group).logStreamName("ecs/web/old"));
        put(group, "ecs/web/old", "an old stream");
        logs.createLogStream(r -> r.logGroupName(group).logStreamName("ecs/web/3f9a"));
        put(group, "ecs/web/3f9a", "GET /health 200", "ERROR database timeout after 30s", XSS, "GET /orders 200");

        signedIn();
        browser.find(By.linkText("CloudWatch Logs")).click();
        WebElement link = browser.waitFor(By.linkText(group));
        assertThat(browser.find(By.cssSelector("table.log-groups")).getText()).contains("1 month");
        browser.screenshot(SHOTS.resolve("logs-groups.png"));

        link.click();
        browser.waitFor(By.cssSelector("table.log-streams"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo(group);
        List<String> streams = browser.driver().findElements(By.cssSelector("table.log-streams tbody td:first-child"))
                .stream().map(WebElement::getText).toList();
        assertThat(streams).as("most recent activity first").containsExactly("ecs/web/3f9a", "ecs/web/old");
        browser.screenshot(SHOTS.resolve("logs-group.png"));

        browser.find(By.linkText("ecs/web/3f9a")).click();
        browser.waitFor(By.id("events"));
        assertThat(shownMessages()).containsExactly("GET /health 200", "ERROR database timeout after 30s", XSS,
                "GET /orders 200");
        assertThat(browser.find(By.cssSelector("#events li time")).getText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        // No alert was raised (the driver would throw UnhandledAlertException) and no script element exists.
        assertThat(browser.driver().findElements(By.cssSelector("#events script"))).isEmpty();
        assertThat(browser.driver().getTitle()).contains("ecs/web/3f9a");
        browser.screenshot(SHOTS.resolve("logs-events.png"));

        browser.find(By.id("filter")).sendKeys("ERROR");
        browser.find(By.cssSelector("form.search button")).click();
        browser.waitUntil(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("filter=ERROR"));
        assertThat(shownMessages()).containsExactly("ERROR database timeout after 30s");
        browser.screenshot(SHOTS.resolve("logs-filter.png"));

        WebElement filter = browser.find(By.id("filter"));
        filter.clear();
        filter.sendKeys("{ $.level = \"error\"");
        browser.find(By.cssSelector("form.search button")).click();
        WebElement error = browser.waitFor(By.cssSelector(".notice.error.filter-error"));
        assertThat(error.getText()).contains("InvalidParameterException").contains("must end with");
        assertThat(browser.find(By.id("filter")).getAttribute("value")).isEqualTo("{ $.level = \"error\"");
        assertThat(shownMessages()).isEmpty();
        browser.screenshot(SHOTS.resolve("logs-filter-error.png"));

        browser.find(By.linkText("Clear filter")).click();
        browser.waitUntil(Duration.ofSeconds(10), d -> !d.getCurrentUrl().contains("filter="));
        // A mark in this document: if the page reloaded, it would be gone.
        browser.script("window.homeportMark = 'still here';");
        browser.find(By.xpath("//button[text()='Follow']")).click();
        browser.waitFor(By.xpath("//button[text()='Stop following']"));
        put(group, "ecs/web/3f9a", "POST /orders 201 <after the page opened>");
        browser.waitUntil(Duration.ofSeconds(10), d -> shownMessages().contains("POST /orders 201 <after the page opened>"));
        assertThat(shownMessages()).hasSize(5).last().isEqualTo("POST /orders 201 <after the page opened>");
        assertThat(browser.script("return window.homeportMark;")).isEqualTo("still here");
        browser.screenshot(SHOTS.resolve("logs-follow.png"));

        // Several polls later, still no event twice.
        sleep(2500);
        assertThat(shownMessages()).hasSize(5);

        browser.find(By.xpath("//button[text()='Stop following']")).click();
        browser.waitFor(By.xpath("//button[text()='Follow']"));
        assertThat(browser.driver().findElements(By.id("tail"))).isEmpty();
        put(group, "ecs/web/3f9a", "while not following");
        sleep(2500);
        assertThat(shownMessages()).hasSize(5);

        // Following again resumes where it stopped: the event written meanwhile is not lost.
        browser.find(By.xpath("//button[text()='Follow']")).click();
        browser.waitUntil(Duration.ofSeconds(10), d -> shownMessages().contains("while not following"));
        assertThat(shownMessages()).hasSize(6);
        assertThat(browser.script("return window.homeportMark;")).isEqualTo("still here");
    }

    @Test
    void followingAnEmptyStreamShowsItsFirstEvent() {
        logs.createLogGroup(r -> r.logGroupName("/empty/app"));
        logs.createLogStream(r -> r.logGroupName("/empty/app").logStreamName("s"));
        signedIn();
        browser.go("/console/logs/stream?group=%2Fempty%2Fapp&stream=s");
        assertThat(browser.find(By.id("no-events")).getText()).contains("No events in this stream yet.");
        browser.find(By.xpath("//button[text()='Follow']")).click();
        browser.waitFor(By.xpath("//button[text()='Stop following']"));
        put("/empty/app", "s", "first words");
        browser.waitUntil(Duration.ofSeconds(10), d -> shownMessages().equals(List.of("first words")));
        assertThat(browser.find(By.id("no-events")).isDisplayed()).isFalse();
    }

    @Test
    void changeRetentionAndDeleteAGroup() {
        logs.createLogGroup(r -> r.logGroupName("/console/delete-me"));
        signedIn();
        browser.go("/console/logs/group?group=%2Fconsole%2Fdelete-me");
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("days"))).selectByVisibleText("2 weeks");
        browser.find(By.xpath("//button[text()='Save retention']")).click();
        browser.waitFor(By.cssSelector(".notice.success"));
        assertThat(browser.notice()).contains("Retention of /console/delete-me was set to 2 weeks.");
        assertThat(browser.find(By.id("retention")).getText()).isEqualTo("2 weeks");
        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/console/delete-me")).logGroups().get(0)
                .retentionInDays()).isEqualTo(14);

        browser.find(By.id("confirm")).sendKeys("delete");
        browser.find(By.cssSelector("button.danger")).click();
        browser.waitFor(By.cssSelector(".notice.success"));
        assertThat(browser.notice()).contains("Log group /console/delete-me was deleted.");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/logs");
        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/console/delete-me")).logGroups()).isEmpty();
    }

    @Test
    void eventsReadableOnANarrowWindowAndEveryFieldLabelled() {
        logs.createLogGroup(r -> r.logGroupName("/narrow/app"));
        logs.createLogStream(r -> r.logGroupName("/narrow/app").logStreamName("s"));
        put("/narrow/app", "s", "x".repeat(400), "a line\n  with an indented second line");
        signedIn();
        browser.resize(380, 800);
        try {
            browser.go("/console/logs/stream?group=%2Fnarrow%2Fapp&stream=s");
            long overflow = browser.horizontalOverflow();
            assertThat(overflow).isLessThanOrEqualTo(0);
            browser.screenshot(SHOTS.resolve("logs-narrow-events.png"));
        } finally {
            browser.resize(1280, 900);
        }
        for (String page : List.of("/console/logs", "/console/logs/group?group=%2Fnarrow%2Fapp",
                "/console/logs/stream?group=%2Fnarrow%2Fapp&stream=s")) {
            browser.go(page);
            long unlabelled = browser.unlabelledFields();
            assertThat(unlabelled).as(page).isZero();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
