package dev.homeport.console;

import dev.homeport.common.Regions;
import dev.homeport.http.RequestBodies;
import dev.homeport.protocol.AuthenticationThrottle;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsQueryProtocol;
import dev.homeport.runtime.DriverCapabilities;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.sigv4.CredentialStore;
import dev.homeport.protocol.sigv4.Credentials;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
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
    public record Backend(AwsJsonProtocol protocol, AwsQueryProtocol query, CredentialStore credentials,
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



    /** A section's pages on the server's routing, each served as the section's. */
    private final class SectionRoutes implements Section.Routes {
        private final HttpRouting.Builder routing;
        private final String section;

        private SectionRoutes(HttpRouting.Builder routing, String section) {
            this.routing = routing;
            this.section = section;
        }

        @Override
        public Section.Routes get(String path, Section.Handler handler) {
            routing.get(ROOT + path, (req, res) -> serve(req, res, section, false, handler));
            return this;
        }

        @Override
        public Section.Routes post(String path, Section.Handler handler) {
            routing.post(ROOT + path, (req, res) -> serve(req, res, section, true, handler));
            return this;
        }
    }

    public void routes(HttpRouting.Builder routing) {
        // A browser opening the server's address lands in the console; the API only uses POST /.
        routing.get("/", (req, res) -> redirect(res, ROOT));
        routing.get(ROOT + "/static/{file}", this::staticFile);
        routing.get(ROOT + "/signin", this::signInPage);
        routing.post(ROOT + "/signin", this::signIn);
        routing.post(ROOT + "/signout", (req, res) -> serve(req, res, "", true, x -> signOut(req, res)));
        routing.post(ROOT + "/region", (req, res) -> serve(req, res, "", true, this::switchRegion));
        for (Section section : List.of(new HomePages(), new SecretsPages(), new LogsPages(), new EcsPages())) {
            section.register(new SectionRoutes(routing, section.name()));
        }
    }

    private void serve(ServerRequest req, ServerResponse res, String section, boolean post, Section.Handler handler) {
        Optional<ConsoleSession> found = sessions.find(cookie(req, SESSION_COOKIE));
        if (found.isEmpty()) {
            String target = req.path().rawPath() + (req.query().rawValue().isEmpty() ? "" : "?" + req.query().rawValue());
            String signIn = ROOT + "/signin" + (post ? "" : "?next=" + Views.url(target));
            if (req.headers().contains(HeaderNames.create("HX-Request"))) {
                // htmx would swap the sign-in page into a fragment; make it load the whole page instead.
                res.header(HeaderNames.create("HX-Redirect"), signIn);
                res.status(Status.UNAUTHORIZED_401).send();
            } else {
                redirect(res, signIn);
            }
            return;
        }
        ConsoleSession session = found.get();
        Exchange x = new Exchange(req, res, session, new ConsoleApi(backend::protocol, backend::query, session), templates, section,
                backend.runtime());
        try {
            if (post && !csrfOk(req, x, session)) {
                x.page(Status.FORBIDDEN_403, "error.jte", Map.of(), Notice.error("Forbidden",
                        "The form's security token is missing or does not match this session. Reload the page and try again."));
                return;
            }
            handler.handle(x);
        } catch (AwsServiceException e) {
            // An API error no page handled itself: shown as the AWS console shows it, with the API's status.
            x.page(Status.create(e.httpStatus()), "error.jte", Map.of(), Notice.error(e));
        } catch (RuntimeException e) {
            String id = dev.homeport.common.Ids.requestId();
            LOG.log(Level.SEVERE, "console request " + id + " (" + req.path().rawPath() + ") failed", e);
            x.page(Status.INTERNAL_SERVER_ERROR_500, "error.jte", Map.of(), Notice.error("InternalFailure",
                    "The request failed because of an internal error. Request ID: " + id));
        }
    }

    private static boolean csrfOk(ServerRequest req, Exchange x, ConsoleSession session) {
        String header = req.headers().first(HeaderNames.create("X-CSRF-Token")).orElse(null);
        if (header != null) {
            return Sessions.sameToken(session.csrfToken(), header);
        }
        return Sessions.sameToken(session.csrfToken(), x.form().get("csrf"));
    }

    // ---- sign-in and sign-out ----

    private void signInPage(ServerRequest req, ServerResponse res) {
        if (sessions.find(cookie(req, SESSION_COOKIE)).isPresent()) {
            redirect(res, ROOT);
            return;
        }
        renderSignIn(res, Status.OK_200, req.query().first("next").orElse(""), "", defaultRegion, null);
    }

    /**
     * Sign-in has no session yet, so its CSRF token is a random value in a SameSite=Strict cookie that
     * the form must repeat (double submit): another site can neither read the cookie nor make the
     * browser send it.
     */
    private void renderSignIn(ServerResponse res, Status status, String next, String accessKeyId, String region,
                              Notice notice) {
        String token = Sessions.token();
        res.headers().add(HeaderNames.SET_COOKIE, cookieHeader(SIGNIN_COOKIE, token, -1));
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", new Chrome(null, null, region, token, "signin", notice, ROOT + "/signin"));
        params.put("next", safeNext(next));
        params.put("accessKeyId", accessKeyId);
        render(res, status, "signin.jte", params);
    }

    private void signIn(ServerRequest req, ServerResponse res) {
        Form form = Form.parse(RequestBodies.text(req, RequestBodies.MAX_FORM_BYTES));
        String next = form.get("next");
        String accessKeyId = form.get("accessKeyId").strip();
        String region = form.get("region").strip().isEmpty() ? defaultRegion : form.get("region").strip();
        if (!Sessions.sameToken(cookie(req, SIGNIN_COOKIE), form.get("csrf"))) {
            renderSignIn(res, Status.FORBIDDEN_403, next, accessKeyId, region, Notice.error("Forbidden",
                    "The sign-in form's security token is missing or has expired. Try again."));
            return;
        }
        // Failed sign-ins are throttled like failed signatures, per address and key: a guesser gets a few tries,
        // then one every so often, and a right guess is refused too while it waits.
        String source = req.remotePeer().host();
        String throttleKey = backend.credentials().find(accessKeyId).isPresent()
                ? accessKeyId : AuthenticationThrottle.UNKNOWN_KEY;
        if (!backend.throttle().allows(source, throttleKey)) {
            renderSignIn(res, Status.TOO_MANY_REQUESTS_429, next, accessKeyId, region, Notice.error("Sign-in failed",
                    "Too many failed sign-ins. Wait a moment, then try again."));
            return;
        }
        Optional<Credentials> principal = backend.credentials().find(accessKeyId)
                .filter(c -> Sessions.sameToken(c.secretAccessKey(), form.get("secretAccessKey")));
        if (principal.isEmpty()) {
            backend.throttle().failed(source, throttleKey);
            // One message for an unknown key and a wrong secret, as AWS's sign-in page: it tells nothing
            // about which keys exist.
            renderSignIn(res, Status.UNAUTHORIZED_401, next, accessKeyId, region, Notice.error("Sign-in failed",
                    "Your authentication information is incorrect. Please try again."));
            return;
        }
        if (!Regions.isValid(region)) {
            renderSignIn(res, Status.BAD_REQUEST_400, next, accessKeyId, defaultRegion, Notice.error("Sign-in failed",
                    "'" + region + "' is not a region name, such as us-east-1."));
            return;
        }
        ConsoleSession session = sessions.create(principal.get(), region);
        res.headers().add(HeaderNames.SET_COOKIE, cookieHeader(SESSION_COOKIE, session.id(), -1));
        res.headers().add(HeaderNames.SET_COOKIE, cookieHeader(SIGNIN_COOKIE, "", 0));
        redirect(res, safeNext(next));
    }

    private void signOut(ServerRequest req, ServerResponse res) {
        sessions.remove(cookie(req, SESSION_COOKIE));
        res.headers().add(HeaderNames.SET_COOKIE, cookieHeader(SESSION_COOKIE, "", 0));
        redirect(res, ROOT + "/signin");
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

    private static String cookie(ServerRequest req, String name) {
        return req.headers().cookies().first(name).orElse(null);
    }

    // ---- rendering helpers shared with Exchange ----

    private void render(ServerResponse res, Status status, String template, Map<String, Object> params) {
        render(templates, res, status, template, params);
    }

    static void render(TemplateEngine templates, ServerResponse res, Status status, String template,
                       Map<String, Object> params) {
        gg.jte.output.Utf8ByteOutput out = new gg.jte.output.Utf8ByteOutput();
        templates.render(template, params, out);
        res.status(status);
        pageHeaders(res);
        try (var stream = res.outputStream()) {
            out.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pageHeaders(ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        // Pages can show secret values (after "Retrieve secret value"): never stored by the browser.
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Content-Security-Policy"),
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "same-origin");
    }

    static void redirect(ServerResponse res, String location) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.send();
    }

    private void staticFile(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().first("file").orElse("");
        String resource = switch (file) {
            case "htmx.min.js" -> HTMX_JS;
            case "console.css", "console.js" -> "console/" + file;
            default -> null;
        };
        if (resource == null) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        byte[] body = staticFiles.computeIfAbsent(resource, Console::readResource);
        res.header(HeaderNames.CONTENT_TYPE, file.endsWith(".css") ? "text/css; charset=utf-8"
                : "text/javascript; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=3600");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.send(body);
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
