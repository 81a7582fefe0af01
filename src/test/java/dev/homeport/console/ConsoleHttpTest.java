package dev.homeport.console;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in, session cookie and CSRF rules, checked over plain HTTP (what a browser
 * cannot show: headers, and requests a page would never make).
 */
class ConsoleHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    static HomeportServer server;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A cookie-keeping client that does not follow redirects, so each answer can be checked. */
    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient c, String path) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(server.endpoint().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient c, String path, String form) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(server.endpoint().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a csrf field in the page").isTrue();
        return m.group(1);
    }

    /** Signs in as test/test and returns the session's CSRF token (read from a page). */
    private static String signIn(HttpClient c) throws Exception {
        String token = csrf(get(c, "/console/signin").body());
        HttpResponse<String> res = post(c, "/console/signin",
                "csrf=" + token + "&accessKeyId=test&secretAccessKey=test&region=us-east-1");
        assertThat(res.statusCode()).isEqualTo(303);
        return csrf(get(c, "/console/secrets/new").body());
    }

    @Test
    void aBrowserOpeningTheServerLandsOnTheConsoleAndMustSignIn() throws Exception {
        HttpClient c = client();
        HttpResponse<String> root = get(c, "/");
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/console");
        HttpResponse<String> console = get(c, "/console/secrets?q=x");
        assertThat(console.statusCode()).isEqualTo(303);
        assertThat(console.headers().firstValue("Location")).hasValue("/console/signin?next=%2Fconsole%2Fsecrets%3Fq%3Dx");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        HttpClient c = client();
        String token = csrf(get(c, "/console/signin").body());
        HttpResponse<String> res = post(c, "/console/signin",
                "csrf=" + token + "&accessKeyId=test&secretAccessKey=test&region=us-east-1&next=/console/secrets");
        assertThat(res.statusCode()).isEqualTo(303);
        assertThat(res.headers().firstValue("Location")).hasValue("/console/secrets");
        String cookie = res.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("hp_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console");
        assertThat(get(c, "/console/secrets").statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongSecretKeyOrAnUnknownKeyIsRefusedWithTheSameMessage() throws Exception {
        HttpClient c = client();
        String token = csrf(get(c, "/console/signin").body());
        HttpResponse<String> wrong = post(c, "/console/signin", "csrf=" + token + "&accessKeyId=test&secretAccessKey=nope&region=us-east-1");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Your authentication information is incorrect");
        token = csrf(wrong.body());
        HttpResponse<String> unknown = post(c, "/console/signin", "csrf=" + token + "&accessKeyId=AKIDNOBODY&secretAccessKey=test&region=us-east-1");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("Your authentication information is incorrect");
        assertThat(unknown.headers().allValues("Set-Cookie")).noneMatch(v -> v.startsWith("hp_session="));
        assertThat(get(c, "/console/secrets").statusCode()).isEqualTo(303);
    }

    @Test
    void signInWithoutItsCsrfTokenIsRefused() throws Exception {
        HttpClient c = client();
        get(c, "/console/signin");
        HttpResponse<String> res = post(c, "/console/signin", "accessKeyId=test&secretAccessKey=test&region=us-east-1");
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.headers().allValues("Set-Cookie")).noneMatch(v -> v.startsWith("hp_session="));
    }

    @Test
    void aFormWithoutOrWithAWrongCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        HttpClient c = client();
        String token = signIn(c);
        HttpResponse<String> none = post(c, "/console/secrets", "type=plaintext&name=csrf-none&plaintext=x");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("security token");
        HttpResponse<String> wrong = post(c, "/console/secrets", "csrf=" + token + "x&type=plaintext&name=csrf-wrong&plaintext=x");
        assertThat(wrong.statusCode()).isEqualTo(403);
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            assertThat(sm.listSecrets().secretList()).noneMatch(s -> s.name().startsWith("csrf-"));
        }
        HttpResponse<String> ok = post(c, "/console/secrets", "csrf=" + token + "&type=plaintext&name=csrf-ok&plaintext=x");
        assertThat(ok.statusCode()).isEqualTo(303);
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        HttpClient c = client();
        String token = signIn(c);
        assertThat(post(c, "/console/signout", "csrf=" + token).statusCode()).isEqualTo(303);
        assertThat(get(c, "/console/secrets").statusCode()).isEqualTo(303);
    }

    @Test
    void pagesForbidInlineScriptsAndFramingAndAreNotCached() throws Exception {
        HttpClient c = client();
        signIn(c);
        HttpResponse<String> page = get(c, "/console/secrets");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    }

    @Test
    void anOpenRedirectThroughNextIsNotPossible() throws Exception {
        HttpClient c = client();
        String token = csrf(get(c, "/console/signin").body());
        HttpResponse<String> res = post(c, "/console/signin",
                "csrf=" + token + "&accessKeyId=test&secretAccessKey=test&region=us-east-1&next=//evil.example/console");
        assertThat(res.headers().firstValue("Location")).hasValue("/console");
    }

    @Test
    void staticFilesAreServedFromTheJar() throws Exception {
        HttpClient c = client();
        HttpResponse<String> htmx = get(c, "/console/static/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
        assertThat(get(c, "/console/static/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get(c, "/console/static/nope.js").statusCode()).isEqualTo(404);
    }

    @Test
    void anApiErrorIsShownAsTheConsoleShowsItNeverAsAStackTrace() throws Exception {
        HttpClient c = client();
        signIn(c);
        HttpResponse<String> res = get(c, "/console/secrets/detail?id=does-not-exist");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("ResourceNotFoundException").contains("Secrets Manager can't find the specified secret.")
                .doesNotContain("at dev.homeport");
    }
}
