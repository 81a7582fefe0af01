package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Formatting for the CloudWatch Logs pages. Logs' wire times are epoch milliseconds (not seconds,
 * as in Secrets Manager), and an event's millisecond matters when reading a log, so they get their
 * own formatters here rather than {@link Views#date}.
 */
public final class LogsViews {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    /** The retention periods PutRetentionPolicy accepts, labelled as the AWS console's select labels them. */
    public static final Map<Integer, String> RETENTION = retentionLabels();

    private LogsViews() {
    }

    private static Map<Integer, String> retentionLabels() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(1, "1 day");
        m.put(3, "3 days");
        m.put(5, "5 days");
        m.put(7, "1 week");
        m.put(14, "2 weeks");
        m.put(30, "1 month");
        m.put(60, "2 months");
        m.put(90, "3 months");
        m.put(120, "4 months");
        m.put(150, "5 months");
        m.put(180, "6 months");
        m.put(365, "12 months");
        m.put(400, "13 months");
        m.put(545, "18 months");
        m.put(731, "2 years");
        m.put(1096, "3 years");
        m.put(1827, "5 years");
        m.put(2192, "6 years");
        m.put(2557, "7 years");
        m.put(2922, "8 years");
        m.put(3288, "9 years");
        m.put(3653, "10 years");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** An epoch-millisecond member as UTC time with milliseconds, "-" when absent. */
    public static String time(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.canConvertToLong() ? "-" : TIME.format(Instant.ofEpochMilli(v.asLong()));
    }

    /** The same instant for a {@code <time datetime>} attribute, "" when absent. */
    public static String iso(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.canConvertToLong() ? "" : Instant.ofEpochMilli(v.asLong()).toString();
    }

    /** A group's retention as the AWS console shows it ("Never expire" without a policy). */
    public static String retention(JsonNode group) {
        JsonNode v = group == null ? null : group.get("retentionInDays");
        if (v == null || !v.canConvertToInt()) {
            return "Never expire";
        }
        return RETENTION.getOrDefault(v.asInt(), v.asInt() + " days");
    }

    /** The group's retention in days as the select's value, "" for never expire. */
    public static String retentionValue(JsonNode group) {
        JsonNode v = group == null ? null : group.get("retentionInDays");
        return v == null || !v.canConvertToInt() ? "" : String.valueOf(v.asInt());
    }

    /** A byte count in binary units ("1.5 KiB"), "-" when absent. */
    public static String bytes(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.canConvertToLong()) {
            return "-";
        }
        long n = v.asLong();
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
