package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch Logs pages: log groups (search by name prefix), a group's streams and retention, a
 * stream's events with a filter box, paging, and "Follow", a live tail.
 *
 * <p>Group and stream names contain slashes ({@code /ecs/web}), so they travel as query parameters
 * ({@code ?group=...&stream=...}), never as path segments.
 *
 * <p>Follow is htmx polling: {@code #tail} asks {@code /logs/tail} every second for the events after
 * its GetLogEvents forward token; the answer's events are appended to the list and a new
 * {@code #tail} carrying the next token replaces the old one out of band. Removing {@code #tail}
 * (Stop following, leaving the page) is what stops the polling: htmx stops polling an element that
 * is no longer in the document.
 *
 * <p>For other pages (an ECS task's logs): {@code GET /console/logs/recent?group=...&stream=...&limit=N}
 * answers the fragment {@code logs/recent.jte} with the stream's last N events (load it with
 * {@code hx-get=... hx-trigger="load"}), or render that template with {@link #recentParams}.
 */
final class LogsPages implements Section {
    /** Events a page shows; GetLogEvents' page is capped at 1 MB of messages anyway. */
    static final int PAGE_EVENTS = 100;
    /** Events one poll of a followed stream may append (more arrive with the next poll). */
    static final int TAIL_EVENTS = 500;
    static final int RECENT_DEFAULT = 20;
    static final int RECENT_MAX = 100;

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/logs", this::groups)
                .get("/logs/group", this::group)
                .post("/logs/retention", this::retention)
                .post("/logs/delete-group", this::deleteGroup)
                .get("/logs/stream", this::stream)
                .get("/logs/follow", this::follow)
                .get("/logs/tail", this::tail)
                .get("/logs/recent", this::recent);
    }

    private void groups(Exchange x) {
        String q = x.query("q").strip();
        ObjectNode in = ConsoleApi.input().put("limit", 50);
        if (!q.isEmpty()) {
            in.put("logGroupNamePrefix", q);
        }
        if (!x.query("next").isEmpty()) {
            in.put("nextToken", x.query("next"));
        }
        Map<String, Object> params = new HashMap<>(Map.of("q", q, "paged", !x.query("next").isEmpty()));
        try {
            params.put("page", x.api().logs("DescribeLogGroups", in));
            x.page("logs/groups.jte", params);
        } catch (AwsServiceException e) {
            // A prefix AWS refuses (a character no group name may have): the list with AWS's message.
            params.put("page", ConsoleApi.input());
            x.page(e.httpStatus(), "logs/groups.jte", params, Notice.error(e));
        }
    }

    private void group(Exchange x) {
        String name = x.query("group");
        ObjectNode in = ConsoleApi.input().put("logGroupName", name).put("orderBy", "LastEventTime")
                .put("descending", true).put("limit", 50);
        if (!x.query("next").isEmpty()) {
            in.put("nextToken", x.query("next"));
        }
        // Streams first: for a group that does not exist this is AWS's own ResourceNotFoundException.
        JsonNode streams = x.api().logs("DescribeLogStreams", in);
        x.page("logs/group.jte", Map.of("name", name, "group", describeGroup(x.api(), name),
                "streams", streams, "paged", !x.query("next").isEmpty(), "retention", LogsViews.RETENTION));
    }

    /**
     * The group's description. DescribeLogGroups has no "get one"; the group itself is the first name
     * with its own name as prefix, since every other match is longer.
     */
    private static JsonNode describeGroup(ConsoleApi api, String name) {
        JsonNode page = api.logs("DescribeLogGroups", ConsoleApi.input().put("logGroupNamePrefix", name).put("limit", 1));
        for (JsonNode g : Views.list(page, "logGroups")) {
            if (name.equals(Views.text(g, "logGroupName"))) {
                return g;
            }
        }
        throw new AwsServiceException("ResourceNotFoundException", 400, "The specified log group does not exist.");
    }

    private void retention(Exchange x) {
        String name = x.form().get("group");
        String days = x.form().get("days").strip();
        try {
            if (days.isEmpty()) {
                x.api().logs("DeleteRetentionPolicy", ConsoleApi.input().put("logGroupName", name));
                x.flash(Notice.success("Events in " + name + " now never expire."));
            } else {
                ObjectNode in = ConsoleApi.input().put("logGroupName", name);
                try {
                    in.put("retentionInDays", Integer.parseInt(days));
                } catch (NumberFormatException e) {
                    // Sent as typed so that AWS's own validation message answers it.
                    in.put("retentionInDays", days);
                }
                x.api().logs("PutRetentionPolicy", in);
                x.flash(Notice.success("Retention of " + name + " was set to "
                        + LogsViews.RETENTION.getOrDefault(in.path("retentionInDays").asInt(), days + " days") + "."));
            }
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
        }
        x.redirect("/console/logs/group?group=" + Views.url(name));
    }

    private void deleteGroup(Exchange x) {
        String name = x.form().get("group");
        // As the AWS console: deleting every event of a group takes typing "delete", not one stray click.
        if (!"delete".equals(x.form().get("confirm").strip())) {
            x.flash(Notice.error("Log group not deleted", "To confirm the deletion, type delete in the box."));
            x.redirect("/console/logs/group?group=" + Views.url(name));
            return;
        }
        try {
            x.api().logs("DeleteLogGroup", ConsoleApi.input().put("logGroupName", name));
            x.flash(Notice.success("Log group " + name + " was deleted."));
            x.redirect("/console/logs");
        } catch (AwsServiceException e) {
            x.flash(Notice.error(e));
            x.redirect("/console/logs/group?group=" + Views.url(name));
        }
    }

    /**
     * A stream's events: without a filter, a page of GetLogEvents (the newest, or the page a token
     * names); with one, FilterLogEvents on this stream, whose error for a pattern it refuses is shown
     * under the filter box.
     */
    private void stream(Exchange x) {
        String group = x.query("group");
        String stream = x.query("stream");
        String filter = x.query("filter");
        String token = x.query("token");
        Map<String, Object> params = new HashMap<>(Map.of("group", group, "stream", stream, "filter", filter,
                "token", token, "older", "", "newer", "", "more", ""));
        params.put("error", null);
        if (filter.isBlank()) {
            ObjectNode in = ConsoleApi.input().put("logGroupName", group).put("logStreamName", stream)
                    .put("limit", PAGE_EVENTS);
            if (token.isEmpty()) {
                in.put("startFromHead", false);
            } else {
                in.put("nextToken", token);
            }
            JsonNode page = x.api().logs("GetLogEvents", in);
            params.put("events", Views.list(page, "events"));
            params.put("older", Views.text(page, "nextBackwardToken"));
            params.put("newer", Views.text(page, "nextForwardToken"));
            x.page("logs/stream.jte", params);
            return;
        }
        ObjectNode in = ConsoleApi.input().put("logGroupName", group).put("filterPattern", filter)
                .put("limit", PAGE_EVENTS);
        in.putArray("logStreamNames").add(stream);
        if (!token.isEmpty()) {
            in.put("nextToken", token);
        }
        try {
            JsonNode page = x.api().logs("FilterLogEvents", in);
            params.put("events", Views.list(page, "events"));
            params.put("more", Views.text(page, "nextToken"));
            x.page("logs/stream.jte", params);
        } catch (AwsServiceException e) {
            params.put("events", List.of());
            params.put("error", Notice.error(e));
            x.page(e.httpStatus(), "logs/stream.jte", params, null);
        }
    }

    /** Follow (on=1) or Stop following: the control, carrying the forward token where reading resumes. */
    private void follow(Exchange x) {
        x.fragment("logs/follow.jte", followParams(x.query("group"), x.query("stream"), x.query("token"),
                "1".equals(x.query("on")), null, false));
    }

    /** One poll of a followed stream: the new events, and the poller again with the next token. */
    private void tail(Exchange x) {
        String group = x.query("group");
        String stream = x.query("stream");
        String token = x.query("token");
        ObjectNode in = ConsoleApi.input().put("logGroupName", group).put("logStreamName", stream)
                .put("limit", TAIL_EVENTS).put("startFromHead", true);
        if (!token.isEmpty()) {
            in.put("nextToken", token);
        }
        Map<String, Object> params;
        try {
            JsonNode page = x.api().logs("GetLogEvents", in);
            params = followParams(group, stream, Views.text(page, "nextForwardToken", token), true, null, true);
            params.put("events", Views.list(page, "events"));
        } catch (AwsServiceException e) {
            // The stream or group went away: stop following and say why, instead of failing every second.
            params = followParams(group, stream, token, false, Notice.error(e), true);
            params.put("events", List.of());
        }
        x.fragment("logs/tail.jte", params);
    }

    private static Map<String, Object> followParams(String group, String stream, String token, boolean following,
                                                    Notice error, boolean oob) {
        Map<String, Object> params = new HashMap<>(Map.of("group", group, "stream", stream, "token", token,
                "following", following, "oob", oob));
        params.put("error", error);
        return params;
    }

    private void recent(Exchange x) {
        int limit = RECENT_DEFAULT;
        try {
            limit = Math.max(1, Math.min(RECENT_MAX, Integer.parseInt(x.query("limit"))));
        } catch (NumberFormatException e) {
            // No or a malformed limit: the default.
        }
        x.fragment("logs/recent.jte", recentParams(x.api(), x.query("group"), x.query("stream"), limit));
    }

    /**
     * The parameters of {@code logs/recent.jte}: a stream's last {@code limit} events, or AWS's error
     * (a task's stream does not exist until its container writes).
     */
    static Map<String, Object> recentParams(ConsoleApi api, String group, String stream, int limit) {
        Map<String, Object> params = new HashMap<>(Map.of("group", group, "stream", stream));
        try {
            JsonNode page = api.logs("GetLogEvents", ConsoleApi.input().put("logGroupName", group)
                    .put("logStreamName", stream).put("limit", limit).put("startFromHead", false));
            params.put("events", Views.list(page, "events"));
            params.put("error", null);
        } catch (AwsServiceException e) {
            params.put("events", List.of());
            params.put("error", Notice.error(e));
        }
        return params;
    }
}
