package dev.homeport.logs;

import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.Validation;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Request checks shared by the operation groups, with CloudWatch Logs' error types. */
final class LogsInputs {
    static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    static final int MAX_TAGS = 50;

    private LogsInputs() {
    }

    /** Runs a {@link Validation} and reports its violations as CloudWatch Logs does: InvalidParameterException. */
    static void check(Validation v) {
        try {
            v.check();
        } catch (AwsServiceException e) {
            throw LogsErrors.invalidParameter(e.getMessage());
        }
    }

    static void groupName(String member, String name, boolean required) {
        if (name != null && name.length() > 512) {
            throw LogsErrors.nameTooLong();
        }
        Validation v = Validation.of();
        if (required) {
            v.notNull(member, name);
        }
        check(v.length(member, name, 1, 512).pattern(member, name, GROUP_NAME));
    }

    static void streamName(String member, String name, boolean required) {
        if (name != null && name.length() > 512) {
            throw LogsErrors.nameTooLong();
        }
        Validation v = Validation.of();
        if (required) {
            v.notNull(member, name);
        }
        check(v.length(member, name, 1, 512).pattern(member, name, STREAM_NAME));
    }

    static void tags(String member, Map<String, String> tags, boolean required) {
        Validation v = Validation.of();
        if (required) {
            v.notNull(member, tags);
        }
        if (tags != null) {
            if (tags.isEmpty() || tags.size() > MAX_TAGS) {
                v.violation(member, tags.keySet().toString(), tags.isEmpty()
                        ? "Member must have length greater than or equal to 1"
                        : "Member must have length less than or equal to " + MAX_TAGS);
            }
            for (Map.Entry<String, String> e : tags.entrySet()) {
                v.length(member + ".key", e.getKey(), 1, 128);
                v.length(member + ".value", e.getValue(), 0, 256);
            }
        }
        check(v);
    }

    static void limit(Integer limit, int max) {
        check(Validation.of().range("limit", limit, 1, max));
    }

    static void nextToken(String token) {
        if (token != null && token.isEmpty()) {
            throw LogsErrors.invalidNextToken();
        }
    }
}
