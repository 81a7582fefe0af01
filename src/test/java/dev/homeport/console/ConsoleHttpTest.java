package dev.homeport.console;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in, session cookie and CSRF rules, checked over plain HTTP (what a browser
 * cannot show: headers, and requests a page would never make).
 */
class ConsoleHttpTest {

    static HomeportServer server;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBrowserOpeningTheServerLandsOnTheConsoleAndMustSignIn() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        HttpResponse<String> root = c.get("/");
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/console");
        HttpResponse<String> console = c.get("/console/secrets?q=x");
        assertThat(console.statusCode()).isEqualTo(303);
        assertThat(console.headers().firstValue("Location")).hasValue("/console/signin?next=%2Fconsole%2Fsecrets%3Fq%3Dx");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String token = ConsoleClient.csrf(c.get("/console/signin").body());
        HttpResponse<String> res = c.post("/console/signin",
                "csrf=" + token + "&accessKeyId=test&secretAccessKey=test&region=us-east-1&next=/console/secrets");
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(res.headers().firstValue("Location")).hasValue("/console/secrets");
        String cookie = res.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("hp_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console");
        assertThat(c.get("/console/secrets").statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongSecretKeyOrAnUnknownKeyIsRefusedWithTheSameMessage() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String token = ConsoleClient.csrf(c.get("/console/signin").body());
        HttpResponse<String> wrong = c.post("/console/signin", "csrf=" + token + "&accessKeyId=test&secretAccessKey=nope&region=us-east-1");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Your authentication information is incorrect");
        token = ConsoleClient.csrf(wrong.body());
        HttpResponse<String> unknown = c.post("/console/signin", "csrf=" + token + "&accessKeyId=AKIDNOBODY&secretAccessKey=test&region=us-east-1");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("Your authentication information is incorrect");
        assertThat(unknown.headers().allValues("Set-Cookie")).noneMatch(v -> v.startsWith("hp_session="));
        assertThat(c.get("/console/secrets").statusCode()).isEqualTo(303);
    }

    @Test
    void signInWithoutItsCsrfTokenIsRefused() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        c.get("/console/signin");
        HttpResponse<String> res = c.post("/console/signin", "accessKeyId=test&secretAccessKey=test&region=us-east-1");
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.headers().allValues("Set-Cookie")).noneMatch(v -> v.startsWith("hp_session="));
    }

    @Test
    void aFormWithoutOrWithAWrongCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String token = c.signIn("/console/secrets/new");
        HttpResponse<String> none = c.post("/console/secrets", "type=plaintext&name=csrf-none&plaintext=x");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("security token");
        HttpResponse<String> wrong = c.post("/console/secrets", "csrf=" + token + "x&type=plaintext&name=csrf-wrong&plaintext=x");
        assertThat(wrong.statusCode()).isEqualTo(403);
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            assertThat(sm.listSecrets().secretList()).noneMatch(s -> s.name().startsWith("csrf-"));
        }
        HttpResponse<String> ok = c.post("/console/secrets", "csrf=" + token + "&type=plaintext&name=csrf-ok&plaintext=x");
        assertThat(ok.statusCode()).isEqualTo(303);
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String token = c.signIn("/console/secrets/new");
        assertThat(c.post("/console/signout", "csrf=" + token).statusCode()).isEqualTo(303);
        assertThat(c.get("/console/secrets").statusCode()).isEqualTo(303);
    }

    @Test
    void pagesForbidInlineScriptsAndFramingAndAreNotCached() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        c.signIn("/console/secrets/new");
        HttpResponse<String> page = c.get("/console/secrets");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    }

    @Test
    void anOpenRedirectThroughNextIsNotPossible() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String token = ConsoleClient.csrf(c.get("/console/signin").body());
        HttpResponse<String> res = c.post("/console/signin",
                "csrf=" + token + "&accessKeyId=test&secretAccessKey=test&region=us-east-1&next=//evil.example/console");
        assertThat(res.headers().firstValue("Location")).hasValue("/console");
    }

    /** A CR/LF in next answered 500 (the server refuses such a Location header); now it leads home. */
    @Test
    void aNextWithALineBreakOrAControlCharacterLeadsHome() throws Exception {
        for (String next : new String[] {"/console/secrets%0D%0ASet-Cookie:%20injected=1", "/console/secrets%0Ax",
                "/console/secrets%0Dx", "/console/a%09b", "/console/a%00b", "/console/a%7Fb", "/console/caf%C3%A9",
                "/console/a%20b"}) {
            ConsoleClient c = new ConsoleClient(server);
            HttpResponse<String> page = c.get("/console/signin?next=" + next);
            assertThat(page.statusCode()).as(next).isEqualTo(200);
            assertThat(page.body()).as(next).contains("name=\"next\" value=\"/console\"");
            String token = ConsoleClient.csrf(page.body());
            HttpResponse<String> res = c.post("/console/signin",
                    "csrf=" + token + "&accessKeyId=test&secretAccessKey=test&region=us-east-1&next=" + next);
            assertThat(res.statusCode()).as(next).isEqualTo(303);
            assertThat(res.headers().firstValue("Location")).as(next).hasValue("/console");
            assertThat(res.headers().allValues("Set-Cookie")).as(next).noneMatch(v -> v.contains("injected"));
        }
        // A next the console's own links make still leads there.
        ConsoleClient c = new ConsoleClient(server);
        String token = ConsoleClient.csrf(c.get("/console/signin").body());
        HttpResponse<String> res = c.post("/console/signin", "csrf=" + token
                + "&accessKeyId=test&secretAccessKey=test&region=us-east-1&next=%2Fconsole%2Fsecrets%3Fq%3Dx%2520y");
        assertThat(res.headers().firstValue("Location")).hasValue("/console/secrets?q=x%20y");
    }

    @Test
    void staticFilesAreServedFromTheJar() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        HttpResponse<String> htmx = c.get("/console/static/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
        assertThat(c.get("/console/static/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(c.get("/console/static/nope.js").statusCode()).isEqualTo(404);
    }

    @Test
    void anApiErrorIsShownAsTheConsoleShowsItNeverAsAStackTrace() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        c.signIn("/console/secrets/new");
        HttpResponse<String> res = c.get("/console/secrets/detail?id=does-not-exist");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("ResourceNotFoundException").contains("Secrets Manager can't find the specified secret.")
                .doesNotContain("at dev.homeport");
    }
}
