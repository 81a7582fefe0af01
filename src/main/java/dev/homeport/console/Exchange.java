package dev.homeport.console;

import dev.homeport.protocol.HttpRoute;
import dev.homeport.runtime.DriverCapabilities;
import gg.jte.TemplateEngine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One console request of a signed-in user: its query and form, the API as that user, and the
 * ways to answer (a page in the layout, an htmx fragment, a redirect). The answer is kept here until the
 * handler returns; the console then hands it to the server.
 */
public final class Exchange {
    private final HttpRoute.Request req;
    private final ConsoleSession session;
    private final ConsoleApi api;
    private final TemplateEngine templates;
    private final String section;
    private final Supplier<Optional<DriverCapabilities>> runtime;
    private Form form;
    private HttpRoute.Reply reply;

    Exchange(HttpRoute.Request req, ConsoleSession session, ConsoleApi api, TemplateEngine templates, String section,
             Supplier<Optional<DriverCapabilities>> runtime) {
        this.req = req;
        this.session = session;
        this.api = api;
        this.templates = templates;
        this.section = section;
        this.runtime = runtime;
    }

    /** Where tasks run, in words: the runtime's name and how it isolates a task ("none" while no runtime runs). */
    public String runtime() {
        return runtime.get().map(c -> c.name() + " · " + c.isolation())
                .orElse("none: tasks fail to start");
    }

    ConsoleSession session() {
        return session;
    }

    public ConsoleApi api() {
        return api;
    }

    /** A query-string parameter, "" when absent. */
    public String query(String name) {
        String value = req.query().apply(name);
        return value == null ? "" : value;
    }

    /** A path parameter of the route, such as {@code {name}}. */
    public String path(String name) {
        return req.path(name);
    }

    /** The POSTed form (read once). */
    public Form form() {
        if (form == null) {
            form = Form.parse(req.form().get());
        }
        return form;
    }

    /** True for requests htmx made (a fragment is wanted, not a whole page). */
    public boolean htmx() {
        return req.header("HX-Request") != null;
    }

    public Chrome chrome() {
        return new Chrome(session.principal().accountId(), session.principal().accessKeyId(), session.region(),
                session.csrfToken(), section, null, req.rawPath());
    }

    /** Shows {@code notice} on the next page rendered, after a redirect. */
    public void flash(Notice notice) {
        session.flash(notice);
    }

    /** A whole page: {@code template} gets {@code params} plus {@code chrome}. */
    public void page(String template, Map<String, Object> params) {
        page(200, template, params, null);
    }

    /** A whole page with a banner (an API error, typically) and an HTTP status. */
    public void page(int status, String template, Map<String, Object> params, Notice notice) {
        Notice shown = notice != null ? notice : session.takeFlash();
        Map<String, Object> all = new HashMap<>(params);
        all.put("chrome", chrome().withNotice(shown));
        html(status, template, all);
    }

    /** Part of a page, for htmx to swap in. */
    public void fragment(String template, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.putIfAbsent("chrome", chrome());
        html(200, template, all);
    }

    void html(int status, String template, Map<String, Object> params) {
        reply = Console.render(templates, status, template, params);
    }

    /** After a successful POST: the browser GETs {@code location} (POST/redirect/GET). */
    public void redirect(String location) {
        reply = Console.redirect(location);
    }

    /** Adds a header to the answer already given (a cookie to clear, say). */
    void header(String name, String value) {
        reply = reply().with(name, value);
    }

    /** What the handler answered; a handler that answered nothing is a bug, shown as such. */
    HttpRoute.Reply reply() {
        if (reply == null) {
            throw new IllegalStateException("console handler for " + req.rawPath() + " answered nothing");
        }
        return reply;
    }
}
