package dev.homeport.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The form parameters of a Query request, with the Query protocol's list conventions:
 * {@code SubnetId.1=a&SubnetId.2=b} and {@code Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1}.
 */
public final class QueryParams {
    private final Map<String, String> values;

    public QueryParams(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Parses an {@code application/x-www-form-urlencoded} body; a malformed escape is a client error. */
    public static QueryParams parse(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    out.put(k, v);
                } catch (IllegalArgumentException e) {
                    throw QueryErrors.malformedQueryString();
                }
            }
        }
        return new QueryParams(out);
    }

    public String get(String name) {
        return values.get(name);
    }

    /** {@code prefix.1}, {@code prefix.2}, ... up to the first gap. */
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; values.containsKey(prefix + "." + i); i++) {
            out.add(values.get(prefix + "." + i));
        }
        return out;
    }

    /**
     * {@code prefix.member.N.Key} with {@code .Value} (a missing value is ""), in order: how AWS's Query services
     * carry tags ({@code Tags.member.1.Key=team&Tags.member.1.Value=db}).
     */
    public List<Map.Entry<String, String>> keyValues(String prefix) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (int i = 1; values.containsKey(prefix + ".member." + i + ".Key"); i++) {
            String value = values.get(prefix + ".member." + i + ".Value");
            out.add(Map.entry(values.get(prefix + ".member." + i + ".Key"), value == null ? "" : value));
        }
        return out;
    }

    /** A filter: its name and values. */
    public record Filter(String name, List<String> values) {
    }

    /** {@code Filter.N.Name} with {@code Filter.N.Value.M}. */
    public List<Filter> filters() {
        List<Filter> out = new ArrayList<>();
        for (int i = 1; values.containsKey("Filter." + i + ".Name"); i++) {
            out.add(new Filter(values.get("Filter." + i + ".Name"), list("Filter." + i + ".Value")));
        }
        return out;
    }

    public Map<String, String> asMap() {
        return values;
    }
}
