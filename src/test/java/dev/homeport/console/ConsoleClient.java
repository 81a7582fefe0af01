package dev.homeport.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.testing.HomeportServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console over plain HTTP, as one browser session: it keeps cookies and does not follow redirects,
 * so each answer can be checked; once signed in, it knows the session's CSRF token.
 */
final class ConsoleClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HomeportServer server;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private String csrf = "";

    ConsoleClient(HomeportServer server) {
        this.server = server;
    }

    /** Signs in as test/test and returns the session's CSRF token, read from the page at {@code path}. */
    String signIn(String path) throws Exception {
        String token = csrf(get("/console/signin").body());
        HttpResponse<String> res = post("/console/signin",
                "csrf=" + token + "&accessKeyId=test&secretAccessKey=test&region=us-east-1");
        assertThat(res.statusCode()).isEqualTo(303);
        csrf = csrf(get(path).body());
        return csrf;
    }

    /** The token of the session {@link #signIn} opened; empty before. */
    String csrf() {
        return csrf;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as htmx sends it, which the console answers with a fragment. */
    HttpResponse<String> htmx(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve(path)).header("HX-Request", "true").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token in a page's form. */
    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a csrf field in the page").isTrue();
        return m.group(1);
    }
}
