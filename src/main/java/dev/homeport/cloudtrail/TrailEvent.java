package dev.homeport.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.common.Arn;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded management event, as stored: the fields LookupEvents filters on and those its record is made of.
 *
 * @param principalKind {@code Root}, {@code IAMUser} or {@code AssumedRole} (CloudTrail's userIdentity type)
 * @param parameters    the request's parameters as JSON, secret values hidden; null when there were none
 */
record TrailEvent(String eventId, String account, String region, Instant time, String name, String source,
                  boolean readOnly, String username, String accessKeyId, List<TrailResource> resources,
                  String principalKind, String principalArn, String principalId, String sourceIp, String userAgent,
                  String requestId, String errorCode, String errorMessage, String parameters) {
    private static final JsonFactory JSON = new ObjectMapper().getFactory();
    private static final ObjectMapper TREE = new ObjectMapper();

    /** A resource named by an event: its CloudFormation-style type and its ARN. */
    record TrailResource(String type, String arn) {
        /** As stored: {@code type|arn}, a line each. */
        static String format(List<TrailResource> resources) {
            if (resources.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            resources.forEach(r -> text.append(r.type()).append('|').append(r.arn()).append('\n'));
            return text.toString();
        }

        static List<TrailResource> parse(String stored) {
            List<TrailResource> resources = new ArrayList<>();
            for (String line : stored.split("\n")) {
                int bar = line.indexOf('|');
                if (bar > 0) {
                    resources.add(new TrailResource(line.substring(0, bar), line.substring(bar + 1)));
                }
            }
            return resources;
        }
    }

    /** The event's record as CloudTrail writes it ({@code CloudTrailEvent}): "CloudTrail record contents". */
    String document() {
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.setCodec(TREE);
            g.writeStartObject();
            g.writeStringField("eventVersion", "1.09");
            g.writeObjectFieldStart("userIdentity");
            g.writeStringField("type", principalKind);
            g.writeStringField("principalId", principalId);
            g.writeStringField("arn", principalArn);
            g.writeStringField("accountId", account);
            g.writeStringField("accessKeyId", accessKeyId);
            if (principalKind.equals("IAMUser")) {
                g.writeStringField("userName", username);
            }
            g.writeEndObject();
            g.writeStringField("eventTime", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
            g.writeStringField("eventSource", source);
            g.writeStringField("eventName", name);
            g.writeStringField("awsRegion", region);
            g.writeStringField("sourceIPAddress", sourceIp == null ? "homeport.internal" : sourceIp);
            g.writeStringField("userAgent", userAgent == null ? "" : userAgent);
            if (errorCode != null) {
                g.writeStringField("errorCode", errorCode);
                g.writeStringField("errorMessage", errorMessage);
            }
            g.writeFieldName("requestParameters");
            if (parameters == null) {
                g.writeNull();
            } else {
                g.writeRawValue(parameters);
            }
            g.writeNullField("responseElements");
            g.writeStringField("requestID", requestId);
            g.writeStringField("eventID", eventId);
            g.writeBooleanField("readOnly", readOnly);
            if (!resources.isEmpty()) {
                g.writeArrayFieldStart("resources");
                for (TrailResource r : resources) {
                    g.writeStartObject();
                    g.writeStringField("accountId", Arn.parse(r.arn()).map(Arn::account).filter(a -> !a.isEmpty())
                            .orElse(account));
                    g.writeStringField("type", r.type());
                    g.writeStringField("ARN", r.arn());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeStringField("eventType", "AwsApiCall");
            g.writeBooleanField("managementEvent", true);
            g.writeStringField("recipientAccountId", account);
            g.writeStringField("eventCategory", "Management");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
