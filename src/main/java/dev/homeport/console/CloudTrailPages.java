package dev.homeport.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsServiceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudTrail's Event history: the account's API calls in this region, newest first, filtered by one lookup attribute
 * (as LookupEvents allows), with an event's record on demand.
 */
final class CloudTrailPages implements Section {
    static final List<String> ATTRIBUTES = List.of("EventName", "Username", "EventSource", "ResourceName",
            "ResourceType", "ReadOnly", "AccessKeyId", "EventId");

    @Override
    public String name() {
        return "cloudtrail";
    }

    @Override
    public void register(Section.Routes router) {
        router.get("/cloudtrail", this::events);
    }

    private void events(Exchange x) {
        String key = ATTRIBUTES.contains(x.query("key")) ? x.query("key") : "EventName";
        String value = x.query("value").strip();
        ObjectNode in = ConsoleApi.input().put("MaxResults", 50);
        if (!value.isEmpty()) {
            in.putArray("LookupAttributes").addObject().put("AttributeKey", key).put("AttributeValue", value);
        }
        if (!x.query("next").isEmpty()) {
            in.put("NextToken", x.query("next"));
        }
        Map<String, Object> params = new HashMap<>(Map.of("key", key, "value", value, "attributes", ATTRIBUTES,
                "paged", !x.query("next").isEmpty()));
        try {
            params.put("page", x.api().cloudTrail("LookupEvents", in));
            x.page("cloudtrail/events.jte", params);
        } catch (AwsServiceException e) {
            params.put("page", ConsoleApi.input());
            x.page(e.httpStatus(), "cloudtrail/events.jte", params, Notice.error(e));
        }
    }
}
