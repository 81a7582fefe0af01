package dev.homeport.console;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudWatch Logs pages over plain HTTP: what a browser test shows poorly (statuses, paging
 * through many items, the follow fragment's markup, forms posted without their token).
 */
class LogsConsoleHttpTest {
    private static final Pattern EVENT = Pattern.compile("<span class=\"msg\">([^<]*)</span>");

    static HomeportServer server;
    static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        logs = server.client(CloudWatchLogsClient.builder());
    }

    @AfterAll
    static void stop() {
        logs.close();
        server.close();
    }

    /** A console session signed in as test/test, its CSRF token read from the Logs page. */
    private static ConsoleClient signIn() throws Exception {
        ConsoleClient s = new ConsoleClient(server);
        s.signIn("/console/logs");
        return s;
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The messages of the events a page or fragment lists, in order (as HTML text, still escaped). */
    private static List<String> messages(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = EVENT.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** A stream with {@code n} events "event 0" .. "event n-1", a millisecond apart, ending now. */
    private static void seed(String group, String stream, int n) {
        logs.createLogGroup(r -> r.logGroupName(group));
        logs.createLogStream(r -> r.logGroupName(group).logStreamName(stream));
        long start = System.currentTimeMillis() - n;
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(InputLogEvent.builder().timestamp(start + i).message("event " + i).build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    @Test
    void theGroupListSearchesByPrefixAndPagesWithNextToken() throws Exception {
        for (int i = 0; i < 53; i++) {
            String name = String.format("/pages/g%02d", i);
            logs.createLogGroup(r -> r.logGroupName(name));
        }
        logs.createLogGroup(r -> r.logGroupName("/other/one"));
        ConsoleClient s = signIn();
        String first = s.get("/console/logs?q=" + url("/pages/")).body();
        assertThat(first).contains("/pages/g00").contains("/pages/g49").doesNotContain("/pages/g50")
                .doesNotContain("/other/one").contains("Never expire").contains("Next page");
        Matcher next = Pattern.compile("href=\"(/console/logs\\?q=[^\"]*&(?:amp;)?next=[^\"]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        String second = s.get(next.group(1).replace("&amp;", "&")).body();
        assertThat(second).contains("/pages/g50").contains("/pages/g52").doesNotContain("/pages/g49")
                .doesNotContain("Next page").contains("First page");

        HttpResponse<String> bad = s.get("/console/logs?q=" + url("bad prefix!"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("InvalidParameterException").doesNotContain("at dev.homeport");
    }

    @Test
    void aGroupThatDoesNotExistIsAwsErrorNotAStackTrace() throws Exception {
        ConsoleClient s = signIn();
        HttpResponse<String> res = s.get("/console/logs/group?group=" + url("/no/such/group"));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("ResourceNotFoundException").contains("The specified log group does not exist.")
                .doesNotContain("at dev.homeport");
        HttpResponse<String> stream = s.get("/console/logs/stream?group=" + url("/no/such/group") + "&stream=x");
        assertThat(stream.statusCode()).isEqualTo(400);
        assertThat(stream.body()).contains("ResourceNotFoundException");
    }

    @Test
    void aGroupWhoseNameIsAPrefixOfAnotherShowsItsOwnDetails() throws Exception {
        logs.createLogGroup(r -> r.logGroupName("/prefix/app-long"));
        logs.createLogGroup(r -> r.logGroupName("/prefix/app"));
        logs.putRetentionPolicy(r -> r.logGroupName("/prefix/app-long").retentionInDays(3));
        logs.putRetentionPolicy(r -> r.logGroupName("/prefix/app").retentionInDays(14));
        ConsoleClient s = signIn();
        String page = s.get("/console/logs/group?group=" + url("/prefix/app")).body();
        assertThat(page).contains("<dd id=\"retention\">2 weeks</dd>");
    }

    @Test
    void retentionIsChangedAndRemovedWithTheSessionsToken() throws Exception {
        logs.createLogGroup(r -> r.logGroupName("/retention/app"));
        ConsoleClient s = signIn();
        String form = "group=" + url("/retention/app") + "&days=7";
        assertThat(s.post("/console/logs/retention", form).statusCode()).isEqualTo(403);
        assertThat(group("/retention/app").retentionInDays()).isNull();

        HttpResponse<String> set = s.post("/console/logs/retention", "csrf=" + s.csrf() + "&" + form);
        assertThat(set.statusCode()).isEqualTo(303);
        assertThat(group("/retention/app").retentionInDays()).isEqualTo(7);
        String page = s.get(set.headers().firstValue("Location").orElseThrow()).body();
        assertThat(page).contains("Retention of /retention/app was set to 1 week.")
                .contains("<dd id=\"retention\">1 week</dd>").contains("<option value=\"7\" selected>");

        HttpResponse<String> wrong = s.post("/console/logs/retention", "csrf=" + s.csrf() + "&group="
                + url("/retention/app") + "&days=8");
        assertThat(s.get(wrong.headers().firstValue("Location").orElseThrow()).body())
                .contains("InvalidParameterException").contains("retentionInDays");
        assertThat(group("/retention/app").retentionInDays()).isEqualTo(7);

        s.post("/console/logs/retention", "csrf=" + s.csrf() + "&group=" + url("/retention/app") + "&days=");
        assertThat(group("/retention/app").retentionInDays()).isNull();
    }

    private static LogGroup group(String name) {
        return logs.describeLogGroups(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void deletingAGroupTakesTypingDelete() throws Exception {
        logs.createLogGroup(r -> r.logGroupName("/delete/app"));
        ConsoleClient s = signIn();
        HttpResponse<String> unconfirmed = s.post("/console/logs/delete-group",
                "csrf=" + s.csrf() + "&group=" + url("/delete/app") + "&confirm=yes");
        assertThat(s.get(unconfirmed.headers().firstValue("Location").orElseThrow()).body())
                .contains("type delete in the box");
        assertThat(group("/delete/app")).isNotNull();

        HttpResponse<String> confirmed = s.post("/console/logs/delete-group",
                "csrf=" + s.csrf() + "&group=" + url("/delete/app") + "&confirm=delete");
        assertThat(confirmed.headers().firstValue("Location")).hasValue("/console/logs");
        assertThat(s.get("/console/logs").body()).contains("Log group /delete/app was deleted.");
        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/delete/app")).logGroups()).isEmpty();
    }

    @Test
    void eventsPageOlderAndNewerWithTheTokens() throws Exception {
        seed("/events-paging/app", "s1", 150);
        ConsoleClient s = signIn();
        String here = "/console/logs/stream?group=" + url("/events-paging/app") + "&stream=s1";
        String newest = s.get(here).body();
        List<String> page = messages(newest);
        assertThat(page).hasSize(LogsPages.PAGE_EVENTS).first().isEqualTo("event 50");
        assertThat(page).last().isEqualTo("event 149");

        Matcher older = Pattern.compile("href=\"([^\"]*&(?:amp;)?token=b[^\"]+)\">Older events").matcher(newest);
        assertThat(older.find()).isTrue();
        String olderPage = s.get(older.group(1).replace("&amp;", "&")).body();
        assertThat(messages(olderPage)).hasSize(50).first().isEqualTo("event 0");
        assertThat(messages(olderPage)).last().isEqualTo("event 49");

        Matcher newer = Pattern.compile("href=\"([^\"]*&(?:amp;)?token=f[^\"]+)\">Newer events").matcher(olderPage);
        assertThat(newer.find()).isTrue();
        assertThat(messages(s.get(newer.group(1).replace("&amp;", "&")).body())).first().isEqualTo("event 50");
    }

    @Test
    void messagesAreEscapedAndThePageHasNoInlineScriptOrStyle() throws Exception {
        logs.createLogGroup(r -> r.logGroupName("/escape/app"));
        logs.createLogStream(r -> r.logGroupName("/escape/app").logStreamName("s"));
        logs.putLogEvents(r -> r.logGroupName("/escape/app").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("<script>alert(1)</script>").build()));
        ConsoleClient s = signIn();
        HttpResponse<String> page = s.get("/console/logs/stream?group=" + url("/escape/app") + "&stream=s");
        assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .doesNotContain("style=");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
    }

    @Test
    void theFilterShowsOnlyMatchingEventsAndAwsErrorForAPatternItRefuses() throws Exception {
        seed("/filter/app", "s", 10);
        ConsoleClient s = signIn();
        String here = "/console/logs/stream?group=" + url("/filter/app") + "&stream=s&filter=";
        assertThat(messages(s.get(here + url("\"event 7\"")).body())).containsExactly("event 7");
        assertThat(messages(s.get(here + url("event -3 -4")).body())).hasSize(8).doesNotContain("event 3", "event 4");
        HttpResponse<String> json = s.get(here + url("{ $.level = \"x\" }"));
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(messages(json.body())).isEmpty();
        HttpResponse<String> bad = s.get(here + url("{ $.level = \"x\""));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("InvalidParameterException").contains("filter-error")
                .contains("value=\"{ $.level = &#34;x&#34;\"").doesNotContain("at dev.homeport");
    }

    @Test
    void oneTailPollAnswersTheNewEventsAndTheNextPollerOnce() throws Exception {
        seed("/tail/app", "s", 3);
        ConsoleClient s = signIn();
        String here = "/console/logs/stream?group=" + url("/tail/app") + "&stream=s";
        Matcher follow = Pattern.compile("hx-get=\"([^\"]*on=1[^\"]*)\"").matcher(s.get(here).body());
        assertThat(follow.find()).isTrue();
        String on = s.htmx(follow.group(1).replace("&amp;", "&")).body();
        assertThat(on).contains("Stop following").contains("id=\"tail\"").contains("hx-trigger=\"every 1s\"")
                .as("swapped in place, not out of band (htmx 2 swaps nested out-of-band elements too)")
                .doesNotContain("hx-swap-oob");

        String tail = tailUrl(on);
        String nothing = s.htmx(tail).body();
        assertThat(messages(nothing)).isEmpty();
        assertThat(tailUrl(nothing)).as("the token stays where it was").isEqualTo(tail);

        logs.putLogEvents(r -> r.logGroupName("/tail/app").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("fresh <b>one</b>").build()));
        String fresh = s.htmx(tail).body();
        assertThat(messages(fresh)).containsExactly("fresh &lt;b&gt;one&lt;/b&gt;");
        assertThat(fresh).contains("hx-swap-oob=\"true\"");
        assertThat(messages(s.htmx(tailUrl(fresh)).body())).as("no event twice").isEmpty();

        logs.deleteLogStream(r -> r.logGroupName("/tail/app").logStreamName("s"));
        String gone = s.htmx(tail).body();
        assertThat(gone).contains("Stopped following").contains("The specified log stream does not exist.")
                .doesNotContain("id=\"tail\"").contains(">Follow</button>");
    }

    private static String tailUrl(String html) {
        Matcher m = Pattern.compile("<div id=\"tail\" hx-get=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a poller in " + html).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    @Test
    void theRecentFragmentShowsTheLastEventsOrAwsError() throws Exception {
        seed("/recent/app", "task/1", 30);
        ConsoleClient s = signIn();
        String body = s.htmx("/console/logs/recent?group=" + url("/recent/app") + "&stream=" + url("task/1") + "&limit=5").body();
        assertThat(messages(body)).containsExactly("event 25", "event 26", "event 27", "event 28", "event 29");
        assertThat(body).doesNotContain("<html").contains("View in CloudWatch Logs");
        HttpResponse<String> missing = s.htmx("/console/logs/recent?group=" + url("/recent/app") + "&stream=nope");
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(missing.body()).contains("ResourceNotFoundException").contains("The specified log stream does not exist.");
    }

    @Test
    void pollingAfterTheSessionEndedSendsTheBrowserToSignIn() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> res = anonymous.send(HttpRequest.newBuilder(server.endpoint()
                        .resolve("/console/logs/tail?group=x&stream=y")).header("HX-Request", "true").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.headers().firstValue("HX-Redirect").orElseThrow()).startsWith("/console/signin");
    }
}
