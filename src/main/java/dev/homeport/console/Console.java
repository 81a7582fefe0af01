package dev.homeport.console;

import dev.homeport.common.Regions;
import dev.homeport.protocol.AuthenticationThrottle;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsQueryProtocol;
import dev.homeport.runtime.DriverCapabilities;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.HttpRoute;
import dev.homeport.protocol.sigv4.KeyDirectory;
import dev.homeport.protocol.sigv4.Credentials;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web console at {@code /console}: server-rendered pages (jte templates compiled at build
 * time) with htmx for the parts that update themselves. Every page belongs to a signed-in user and
 * every action goes through {@link ConsoleApi}, i.e. through the API's own operations as that user.
 *
 * <p>Security: the session cookie is HttpOnly and SameSite=Strict; every POST carries the session's
 * CSRF token (form field {@code csrf}, or header {@code X-CSRF-Token} for htmx); pages forbid
 * inline scripts and framing (Content-Security-Policy), and jte escapes every value it prints.
 */
public final class Console {
    public static final String ROOT = "/console";
    static final String SESSION_COOKIE = "hp_session";
    static final String SIGNIN_COOKIE = "hp_signin";

    private static final Logger LOG = Logger.getLogger(Console.class.getName());
    private static final String HTMX_JS = "META-INF/resources/webjars/htmx.org/2.0.8/dist/htmx.min.js";

    /** What the console needs from a running Homeport; set once its services are open. */
    /**
     * @param query   the Query protocol, for EC2 (the run task form's subnets and security groups)
     * @param runtime the task runtime's name and isolation, shown on task pages; empty while none runs
     */
    public record Backend(AwsJsonProtocol protocol, AwsQueryProtocol query, KeyDirectory credentials,
                          AuthenticationThrottle throttle, Supplier<Optional<DriverCapabilities>> runtime) {
    }

    private final String defaultRegion;
    private final Clock clock;
    private final Sessions sessions;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Map<String, byte[]> staticFiles = new ConcurrentHashMap<>();
    private volatile Backend backend;

    public Console(String defaultRegion, Clock clock) {
        this.defaultRegion = defaultRegion;
        this.clock = clock;
        this.sessions = new Sessions(clock);
    }

    /** Connects the console to the services; until then no request can arrive (the server isn't started). */
    public void wire(Backend backend) {
        this.backend = backend;
    }



    /** A section's pages as routes, each served as the section's. */
    private final class SectionRoutes implements Section.Routes {
        private final List<HttpRoute> routes;
        private final String section;

        private SectionRoutes(List<HttpRoute> routes, String section) {
            this.routes = routes;
            this.section = section;
        }

        @Override
        public Section.Routes get(String path, Section.Handler handler) {
            routes.add(new HttpRoute(HttpRoute.Method.GET, ROOT + path, req -> serve(req, section, false, handler)));
            return this;
        }

        @Override
        public Section.Routes post(String path, Section.Handler handler) {
            routes.add(new HttpRoute(HttpRoute.Method.POST, ROOT + path, req -> serve(req, section, true, handler)));
            return this;
        }
    }

    /** Every route of the console, for the HTTP server. */
    public List<HttpRoute> routes() {
        List<HttpRoute> routes = new ArrayList<>();
        // A browser opening the server's address lands in the console; the API only uses POST /.
        routes.add(new HttpRoute(HttpRoute.Method.GET, "/", req -> redirect(ROOT)));
        routes.add(new HttpRoute(HttpRoute.Method.GET, ROOT + "/static/{file}", this::staticFile));
        routes.add(new HttpRoute(HttpRoute.Method.GET, ROOT + "/signin", this::signInPage));
        routes.add(new HttpRoute(HttpRoute.Method.POST, ROOT + "/signin", this::signIn));
        routes.add(new HttpRoute(HttpRoute.Method.POST, ROOT + "/signout", req -> serve(req, "", true,
                x -> signOut(req, x))));
        routes.add(new HttpRoute(HttpRoute.Method.POST, ROOT + "/region", req -> serve(req, "", true,
                this::switchRegion)));
        for (Section section : List.of(new HomePages(), new SecretsPages(), new LogsPages(), new EcsPages(),
                new IamPages(), new EcrPages(), new SsmPages(), new CloudTrailPages())) {
            section.register(new SectionRoutes(routes, section.name()));
        }
        return List.copyOf(routes);
    }

    private HttpRoute.Reply serve(HttpRoute.Request req, String section, boolean post, Section.Handler handler) {
        Optional<ConsoleSession> found = sessions.find(req.cookie(SESSION_COOKIE));
        if (found.isEmpty()) {
            String target = req.rawPath() + (req.rawQuery().isEmpty() ? "" : "?" + req.rawQuery());
            String signIn = ROOT + "/signin" + (post ? "" : "?next=" + Views.url(target));
            if (req.header("HX-Request") != null) {
                // htmx would swap the sign-in page into a fragment; make it load the whole page instead.
                return new HttpRoute.Reply(401, null, new byte[0]).with("HX-Redirect", signIn);
            }
            return redirect(signIn);
        }
        ConsoleSession session = found.get();
        Exchange x = new Exchange(req, session, new ConsoleApi(backend::protocol, backend::query, session), templates,
                section, backend.runtime());
        try {
            if (post && !csrfOk(req, x, session)) {
                x.page(403, "error.jte", Map.of(), Notice.error("Forbidden",
                        "The form's security token is missing or does not match this session. Reload the page and try again."));
                return x.reply();
            }
            handler.handle(x);
        } catch (AwsServiceException e) {
            // An API error no page handled itself: shown as the AWS console shows it, with the API's status.
            x.page(e.httpStatus(), "error.jte", Map.of(), Notice.error(e));
        } catch (RuntimeException e) {
            String id = dev.homeport.common.Ids.requestId();
            LOG.log(Level.SEVERE, "console request " + id + " (" + req.rawPath() + ") failed", e);
            x.page(500, "error.jte", Map.of(), Notice.error("InternalFailure",
                    "The request failed because of an internal error. Request ID: " + id));
        }
        return x.reply();
    }

    private static boolean csrfOk(HttpRoute.Request req, Exchange x, ConsoleSession session) {
        String header = req.header("X-CSRF-Token");
        if (header != null) {
            return Sessions.sameToken(session.csrfToken(), header);
        }
        return Sessions.sameToken(session.csrfToken(), x.form().get("csrf"));
    }

    // ---- sign-in and sign-out ----

    private HttpRoute.Reply signInPage(HttpRoute.Request req) {
        if (sessions.find(req.cookie(SESSION_COOKIE)).isPresent()) {
            return redirect(ROOT);
        }
        String next = req.query().apply("next");
        return renderSignIn(200, next == null ? "" : next, "", defaultRegion, null);
    }

    /**
     * Sign-in has no session yet, so its CSRF token is a random value in a SameSite=Strict cookie that
     * the form must repeat (double submit): another site can neither read the cookie nor make the
     * browser send it.
     */
    private HttpRoute.Reply renderSignIn(int status, String next, String accessKeyId, String region, Notice notice) {
        String token = Sessions.token();
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", new Chrome(null, null, region, token, "signin", notice, ROOT + "/signin"));
        params.put("next", safeNext(next));
        params.put("accessKeyId", accessKeyId);
        return render(templates, status, "signin.jte", params).with("Set-Cookie", cookieHeader(SIGNIN_COOKIE, token, -1));
    }

    private HttpRoute.Reply signIn(HttpRoute.Request req) {
        Form form = Form.parse(req.form().get());
        String next = form.get("next");
        String accessKeyId = form.get("accessKeyId").strip();
        String region = form.get("region").strip().isEmpty() ? defaultRegion : form.get("region").strip();
        if (!Sessions.sameToken(req.cookie(SIGNIN_COOKIE), form.get("csrf"))) {
            return renderSignIn(403, next, accessKeyId, region, Notice.error("Forbidden",
                    "The sign-in form's security token is missing or has expired. Try again."));
        }
        // Failed sign-ins are throttled like failed signatures, per address and key: a guesser gets a few tries,
        // then one every so often, and a right guess is refused too while it waits.
        String source = req.remoteAddress();
        String throttleKey = backend.credentials().find(accessKeyId).isPresent()
                ? accessKeyId : AuthenticationThrottle.UNKNOWN_KEY;
        if (!backend.throttle().allows(source, throttleKey)) {
            return renderSignIn(429, next, accessKeyId, region, Notice.error("Sign-in failed",
                    "Too many failed sign-ins. Wait a moment, then try again."));
        }
        Optional<Credentials> principal = backend.credentials().find(accessKeyId)
                .filter(c -> Sessions.sameToken(c.secretAccessKey(), form.get("secretAccessKey")));
        if (principal.isEmpty()) {
            backend.throttle().failed(source, throttleKey);
            // One message for an unknown key and a wrong secret, as AWS's sign-in page: it tells nothing
            // about which keys exist.
            return renderSignIn(401, next, accessKeyId, region, Notice.error("Sign-in failed",
                    "Your authentication information is incorrect. Please try again."));
        }
        if (!Regions.isValid(region)) {
            return renderSignIn(400, next, accessKeyId, defaultRegion, Notice.error("Sign-in failed",
                    "'" + region + "' is not a region name, such as us-east-1."));
        }
        ConsoleSession session = sessions.create(principal.get(), region);
        return redirect(safeNext(next)).with("Set-Cookie", cookieHeader(SESSION_COOKIE, session.id(), -1))
                .with("Set-Cookie", cookieHeader(SIGNIN_COOKIE, "", 0));
    }

    private void signOut(HttpRoute.Request req, Exchange x) {
        sessions.remove(req.cookie(SESSION_COOKIE));
        x.redirect(ROOT + "/signin");
        x.header("Set-Cookie", cookieHeader(SESSION_COOKIE, "", 0));
    }

    /**
     * The region selector. Resources are per region, as on AWS (a replica is read in its own region),
     * so after switching the user lands on the same kind of page, not on the resource they were viewing.
     */
    private void switchRegion(Exchange x) {
        String region = x.form().get("region").strip();
        if (!Regions.isValid(region)) {
            x.flash(Notice.error("Region not changed", "'" + region + "' is not a region name, such as us-east-1."));
        } else {
            x.session().switchRegion(region);
        }
        String back = x.form().get("back");
        x.redirect(back.startsWith(ROOT + "/secrets") ? ROOT + "/secrets" : back.startsWith(ROOT + "/ecs") ? ROOT + "/ecs"
                : back.startsWith(ROOT + "/logs") ? ROOT + "/logs" : ROOT);
    }

    /**
     * Only a path inside the console: never another site (an open redirect), and only visible ASCII,
     * as the console's own links are (they percent-encode the rest). A CR or LF would split the
     * Location header (the HTTP server refused to send it: the sign-in answered 500), and browsers drop
     * tabs and line breaks from URLs, which could turn what was checked into another address.
     */
    private static String safeNext(String next) {
        if (next == null || !next.startsWith(ROOT) || next.startsWith("//") || next.contains("\\")
                || next.startsWith(ROOT + "/signin") || !next.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
            return ROOT;
        }
        return next;
    }

    private static String cookieHeader(String name, String value, int maxAge) {
        return name + "=" + value + "; Path=" + ROOT + "; HttpOnly; SameSite=Strict"
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    // ---- rendering helpers shared with Exchange ----

    static HttpRoute.Reply render(TemplateEngine templates, int status, String template, Map<String, Object> params) {
        gg.jte.output.Utf8ByteOutput out = new gg.jte.output.Utf8ByteOutput();
        templates.render(template, params, out);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(out.getContentLength());
        try {
            out.writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pageHeaders(new HttpRoute.Reply(status, "text/html; charset=utf-8", bytes.toByteArray()));
    }

    static HttpRoute.Reply pageHeaders(HttpRoute.Reply reply) {
        // Pages can show secret values (after "Retrieve secret value"): never stored by the browser.
        return reply.with("Cache-Control", "no-store")
                .with("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                .with("X-Content-Type-Options", "nosniff")
                .with("Referrer-Policy", "same-origin");
    }

    static HttpRoute.Reply redirect(String location) {
        return new HttpRoute.Reply(303, null, new byte[0]).with("Location", location);
    }

    private HttpRoute.Reply staticFile(HttpRoute.Request req) {
        String file = req.path("file");
        String resource = switch (file) {
            case "htmx.min.js" -> HTMX_JS;
            case "console.css", "console.js" -> "console/" + file;
            default -> null;
        };
        if (resource == null) {
            return HttpRoute.Reply.notFound();
        }
        byte[] body = staticFiles.computeIfAbsent(resource, Console::readResource);
        return new HttpRoute.Reply(200, file.endsWith(".css") ? "text/css; charset=utf-8"
                : "text/javascript; charset=utf-8", body)
                .with("Cache-Control", "public, max-age=3600")
                .with("X-Content-Type-Options", "nosniff");
    }

    private static byte[] readResource(String name) {
        try (InputStream in = Console.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing console resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
