package dev.homeport.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs' term filter patterns for unstructured events, case-sensitive as on AWS:
 * <ul>
 *   <li>{@code ERROR Exception}: every term must occur in the message;</li>
 *   <li>{@code "request failed"}: a quoted phrase must occur as written;</li>
 *   <li>{@code ?ERROR ?WARN}: at least one of the {@code ?} terms must occur;</li>
 *   <li>{@code ERROR -Exiting}: a {@code -} term must not occur;</li>
 *   <li>empty, blank, {@code ""} or {@code " "}: every event matches.</li>
 * </ul>
 * JSON patterns ({@code { $.level = "x" }}) and space-delimited patterns ({@code [ip, user, ...]})
 * are refused as unsupported instead of being matched as text.
 */
final class FilterPattern {
    private final List<String> required;
    private final List<String> optional;
    private final List<String> excluded;

    private FilterPattern(List<String> required, List<String> optional, List<String> excluded) {
        this.required = required;
        this.optional = optional;
        this.excluded = excluded;
    }

    static final FilterPattern ALL = new FilterPattern(List.of(), List.of(), List.of());

    /** @throws dev.homeport.protocol.AwsServiceException for patterns Homeport does not support */
    static FilterPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return ALL;
        }
        String p = pattern.strip();
        if (p.startsWith("{") || p.startsWith("[") || p.startsWith("%")) {
            throw LogsErrors.unsupportedFilterPattern();
        }
        List<String> required = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<String> target = required;
            if (c == '?' || c == '-') {
                target = c == '?' ? optional : excluded;
                i++;
                if (i >= n) {
                    break;
                }
            }
            String term;
            if (p.charAt(i) == '"') {
                int end = i + 1;
                StringBuilder b = new StringBuilder();
                while (end < n && p.charAt(end) != '"') {
                    if (p.charAt(end) == '\\' && end + 1 < n) {
                        end++;
                    }
                    b.append(p.charAt(end));
                    end++;
                }
                term = b.toString();
                i = Math.min(end + 1, n);
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(p.charAt(end))) {
                    end++;
                }
                term = p.substring(i, end);
                i = end;
            }
            if (!term.isEmpty()) {
                target.add(term);
            }
        }
        return new FilterPattern(List.copyOf(required), List.copyOf(optional), List.copyOf(excluded));
    }

    boolean matchesAll() {
        return required.isEmpty() && optional.isEmpty() && excluded.isEmpty();
    }

    boolean matches(String message) {
        for (String t : required) {
            if (!message.contains(t)) {
                return false;
            }
        }
        for (String t : excluded) {
            if (message.contains(t)) {
                return false;
            }
        }
        if (optional.isEmpty()) {
            return true;
        }
        for (String t : optional) {
            if (message.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
