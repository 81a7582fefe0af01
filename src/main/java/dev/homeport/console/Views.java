package dev.homeport.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Small formatting helpers for templates. Templates escape everything they print (jte's HTML
 * content type); these only turn wire JSON into display text.
 */
public final class Views {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    /** A member as text, "" when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    /** A member as text, or {@code fallback} when absent or empty. */
    public static String text(JsonNode node, String field, String fallback) {
        String t = text(node, field);
        return t.isEmpty() ? fallback : t;
    }

    public static boolean has(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty()) && !(v.isTextual() && v.asText().isEmpty());
    }

    /** The elements of an array member (none when absent). */
    public static List<JsonNode> list(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            v.forEach(out::add);
        }
        return out;
    }

    /** A wire timestamp (epoch seconds, possibly fractional) as a UTC date, "-" when absent. */
    public static String date(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isNumber()) {
            return "-";
        }
        BigDecimal seconds = v.decimalValue();
        return DATE.format(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
    }

    public static String date(long epochMillis) {
        return DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A JSON document indented for reading. */
    public static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    /** A JSON string indented for reading, or the text as is when it is not JSON. */
    public static String prettyJson(String text) {
        try {
            return PRETTY.writeValueAsString(PRETTY.readTree(text));
        } catch (JsonProcessingException | RuntimeException e) {
            return text;
        }
    }

    /** A value for a URL's query string. */
    public static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** The last part of an ARN ({@code ...:task/cluster/id} gives {@code id}). */
    public static String shortId(String arn) {
        if (arn == null) {
            return "";
        }
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }
}
