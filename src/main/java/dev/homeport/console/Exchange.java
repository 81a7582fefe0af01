package dev.homeport.console;

import dev.homeport.runtime.DriverCapabilities;
import java.util.Optional;
import java.util.function.Supplier;

import dev.homeport.http.RequestBodies;
import gg.jte.TemplateEngine;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.HashMap;
import java.util.Map;

/**
 * One console request of a signed-in user: its query and form, the API as that user, and the
 * ways to answer (a page in the layout, an htmx fragment, a redirect).
 */
public final class Exchange {
    private final ServerRequest req;
    private final ServerResponse res;
    private final ConsoleSession session;
    private final ConsoleApi api;
    private final TemplateEngine templates;
    private final String section;
    private final Supplier<Optional<DriverCapabilities>> runtime;
    private Form form;

    Exchange(ServerRequest req, ServerResponse res, ConsoleSession session, ConsoleApi api,
             TemplateEngine templates, String section, Supplier<Optional<DriverCapabilities>> runtime) {
        this.req = req;
        this.res = res;
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
        return req.query().first(name).orElse("");
    }

    /** A path parameter of the route, such as {@code {name}}. */
    public String path(String name) {
        return req.path().pathParameters().first(name).orElse("");
    }

    /** The POSTed form (read once). */
    public Form form() {
        if (form == null) {
            form = Form.parse(RequestBodies.text(req, RequestBodies.MAX_FORM_BYTES));
        }
        return form;
    }

    /** True for requests htmx made (a fragment is wanted, not a whole page). */
    public boolean htmx() {
        return req.headers().contains(HeaderNames.create("HX-Request"));
    }

    public Chrome chrome() {
        return new Chrome(session.principal().accountId(), session.principal().accessKeyId(), session.region(),
                session.csrfToken(), section, null, req.path().rawPath());
    }

    /** Shows {@code notice} on the next page rendered, after a redirect. */
    public void flash(Notice notice) {
        session.flash(notice);
    }

    /** A whole page: {@code template} gets {@code params} plus {@code chrome}. */
    public void page(String template, Map<String, Object> params) {
        page(Status.OK_200, template, params, null);
    }

    /** A whole page with a banner (an API error, typically) and a status. */
    public void page(Status status, String template, Map<String, Object> params, Notice notice) {
        Notice shown = notice != null ? notice : session.takeFlash();
        Map<String, Object> all = new HashMap<>(params);
        all.put("chrome", chrome().withNotice(shown));
        html(status, template, all);
    }

    /** Part of a page, for htmx to swap in. */
    public void fragment(String template, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.putIfAbsent("chrome", chrome());
        html(Status.OK_200, template, all);
    }

    void html(Status status, String template, Map<String, Object> params) {
        Console.render(templates, res, status, template, params);
    }

    /** After a successful POST: the browser GETs {@code location} (POST/redirect/GET). */
    public void redirect(String location) {
        Console.redirect(res, location);
    }
}
