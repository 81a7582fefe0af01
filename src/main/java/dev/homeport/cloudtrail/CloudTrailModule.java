package dev.homeport.cloudtrail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.common.PageTokens;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.ServiceModule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * AWS CloudTrail's event history ({@code X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.*}):
 * LookupEvents over the management events {@link CloudTrailRecorder} keeps, per account and region, for 90 days.
 * Trails, event data stores and Insights are not modelled.
 */
public final class CloudTrailModule implements ServiceModule {
    private static final ObjectMapper MAPPER = Json.mapper(PropertyNamingStrategies.UPPER_CAMEL_CASE);

    private final TrailStore store;
    private final Clock clock;

    public CloudTrailModule(CloudTrailRecorder recorder, Clock clock) {
        this.store = recorder.store();
        this.clock = clock;
    }

    public record LookupAttribute(@JsonProperty("AttributeKey") String attributeKey,
                                  @JsonProperty("AttributeValue") String attributeValue) {
    }

    public record LookupEventsRequest(@JsonProperty("LookupAttributes") List<LookupAttribute> lookupAttributes,
                                      @JsonProperty("StartTime") Instant startTime,
                                      @JsonProperty("EndTime") Instant endTime,
                                      @JsonProperty("EventCategory") String eventCategory,
                                      @JsonProperty("MaxResults") Integer maxResults,
                                      @JsonProperty("NextToken") String nextToken) {
    }

    public record Resource(@JsonProperty("ResourceType") String resourceType,
                           @JsonProperty("ResourceName") String resourceName) {
    }

    public record Event(@JsonProperty("EventId") String eventId, @JsonProperty("EventName") String eventName,
                        @JsonProperty("ReadOnly") String readOnly, @JsonProperty("AccessKeyId") String accessKeyId,
                        @JsonProperty("EventTime") Instant eventTime, @JsonProperty("EventSource") String eventSource,
                        @JsonProperty("Username") String username,
                        @JsonProperty("Resources") List<Resource> resources,
                        @JsonProperty("CloudTrailEvent") String cloudTrailEvent) {
    }

    public record LookupEventsResponse(@JsonProperty("Events") List<Event> events,
                                       @JsonProperty("NextToken") String nextToken) {
    }

    @Override
    public String targetPrefix() {
        return "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
    }

    @Override
    public String signingName() {
        return "cloudtrail";
    }

    @Override
    public ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public String errorMessageMember() {
        return "Message";
    }

    @Override
    public void register(OperationRegistry registry) {
        registry.add("LookupEvents", LookupEventsRequest.class, AccessRule.any("cloudtrail:LookupEvents"),
                this::lookupEvents);
    }

    LookupEventsResponse lookupEvents(RequestContext ctx, LookupEventsRequest in) {
        Predicate<TrailEvent> filter = e -> true;
        if (in.lookupAttributes() != null && !in.lookupAttributes().isEmpty()) {
            if (in.lookupAttributes().size() > 1) {
                throw error("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.");
            }
            LookupAttribute a = in.lookupAttributes().getFirst();
            if (a == null || a.attributeKey() == null || a.attributeValue() == null) {
                throw error("InvalidLookupAttributesException", "Lookup attributes need an AttributeKey and an "
                        + "AttributeValue.");
            }
            filter = attribute(a.attributeKey(), a.attributeValue());
            if (filter == null) {
                throw error("InvalidLookupAttributesException", "Invalid attribute key: " + a.attributeKey());
            }
        }
        if (in.eventCategory() != null && !in.eventCategory().equals("insight")) {
            throw error("InvalidEventCategoryException", "Event category " + in.eventCategory() + " is not valid.");
        }
        if ("insight".equals(in.eventCategory())) {
            return new LookupEventsResponse(List.of(), null); // Homeport records no Insights events
        }
        int limit = in.maxResults() == null ? 50 : in.maxResults();
        if (limit < 1 || limit > 50) {
            throw error("InvalidMaxResultsException", "Value " + limit + " for MaxResults is not valid.");
        }
        Instant now = clock.instant();
        Instant start = in.startTime() == null ? now.minus(CloudTrailRecorder.RETENTION) : in.startTime();
        Instant end = in.endTime() == null ? now : in.endTime();
        if (start.isAfter(end)) {
            throw error("InvalidTimeRangeException", "Start time must be before end time.");
        }
        TrailStore.Cursor after = null;
        if (in.nextToken() != null) {
            after = PageTokens.decode(in.nextToken()).map(CloudTrailModule::cursor)
                    .orElseThrow(() -> error("InvalidNextTokenException", "Invalid NextToken."));
        }
        List<TrailEvent> page = store.page(ctx.accountId(), ctx.region(), start, end, filter, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            TrailEvent last = page.getLast();
            next = PageTokens.encode(last.time().toEpochMilli() + "|" + last.eventId());
        }
        List<Event> events = new ArrayList<>();
        for (TrailEvent e : page) {
            events.add(new Event(e.eventId(), e.name(), Boolean.toString(e.readOnly()), e.accessKeyId(), e.time(),
                    e.source(), e.username(), e.resources().stream()
                    .map(r -> new Resource(r.type(), r.arn())).toList(), e.document()));
        }
        return new LookupEventsResponse(events, next);
    }

    /** The events one LookupEvents attribute selects (values compare exactly, as CloudTrail's do); null if unknown. */
    static Predicate<TrailEvent> attribute(String key, String value) {
        return switch (key) {
            case "EventId" -> e -> value.equals(e.eventId());
            case "EventName" -> e -> value.equals(e.name());
            case "ReadOnly" -> e -> value.equals(Boolean.toString(e.readOnly()));
            case "Username" -> e -> value.equals(e.username());
            case "EventSource" -> e -> value.equals(e.source());
            case "AccessKeyId" -> e -> value.equals(e.accessKeyId());
            case "ResourceType" -> e -> e.resources().stream().anyMatch(r -> value.equals(r.type()));
            case "ResourceName" -> e -> e.resources().stream().anyMatch(r -> value.equals(r.arn()));
            default -> null;
        };
    }

    private static TrailStore.Cursor cursor(String token) {
        int bar = token.indexOf('|');
        if (bar <= 0) {
            return null;
        }
        try {
            return new TrailStore.Cursor(Instant.ofEpochMilli(Long.parseLong(token.substring(0, bar))),
                    token.substring(bar + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static AwsServiceException error(String type, String message) {
        return new AwsServiceException(type, 400, message);
    }
}
