package dev.homeport.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects constraint violations of one request the way AWS reports them: all at once, in
 * {@code ValidationException}'s wording. Member paths are the wire member names with the first
 * letter lowered ({@code SecretId} → {@code secretId}), as AWS prints them.
 *
 * <p>Values of sensitive members (secret values, passwords) are never echoed: AWS, too, leaves
 * the value out of the message for members marked sensitive.
 */
public final class Validation {
    private final List<String> violations = new ArrayList<>();

    public static Validation of() {
        return new Validation();
    }

    public Validation notNull(String member, Object value) {
        if (value == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    public Validation length(String member, String value, int min, int max) {
        return length(member, value, min, max, false);
    }

    public Validation length(String member, String value, int min, int max, boolean sensitive) {
        if (value == null) {
            return this;
        }
        int len = value.length();
        if (len < min) {
            add(member, value, sensitive, "Member must have length greater than or equal to " + min);
        } else if (len > max) {
            add(member, value, sensitive, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    public Validation range(String member, Number value, long min, long max) {
        if (value == null) {
            return this;
        }
        long v = value.longValue();
        if (v < min) {
            add(member, String.valueOf(value), false, "Member must have value greater than or equal to " + min);
        } else if (v > max) {
            add(member, String.valueOf(value), false, "Member must have value less than or equal to " + max);
        }
        return this;
    }

    public Validation size(String member, Collection<?> value, int min, int max) {
        if (value == null) {
            return this;
        }
        if (value.size() < min) {
            add(member, value.toString(), false, "Member must have length greater than or equal to " + min);
        } else if (value.size() > max) {
            add(member, value.toString(), false, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    public Validation pattern(String member, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            add(member, value, false, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return this;
    }

    public Validation oneOf(String member, String value, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            add(member, value, false, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return this;
    }

    /** A violation worded by the caller, for constraints the helpers above don't express. */
    public Validation violation(String member, String value, String constraint) {
        add(member, value, false, constraint);
        return this;
    }

    /** A violation worded by the caller for a sensitive member: the value is left out, as AWS leaves it out. */
    public Validation sensitiveViolation(String member, String constraint) {
        add(member, null, true, constraint);
        return this;
    }

    private void add(String member, String value, boolean sensitive, String constraint) {
        String shown = sensitive ? "" : "Value '" + value + "' ";
        violations.add(shown + (sensitive ? "Value " : "") + "at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    public boolean hasViolations() {
        return !violations.isEmpty();
    }

    /** Throws {@code ValidationException} listing every violation found, if any. */
    public void check() {
        if (!violations.isEmpty()) {
            throw ProtocolErrors.validation(violations);
        }
    }
}
