package dev.homeport.iam.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request to authorize: who, which action on which resource, and the request context its conditions read.
 *
 * <p>Condition key names are case-insensitive ("IAM JSON policy elements: Condition": "condition key names are not
 * case-sensitive"), so the context is kept with lower-case keys; values keep their case. Values are text: booleans
 * {@code "true"}/{@code "false"}, numbers and dates as written (dates ISO 8601 or epoch seconds). A key absent from the
 * context, or present with no values, is a <i>missing</i> key.
 */
public record AccessRequest(Caller caller, String action, String resource, Keys context) {

    /**
     * Where a request's condition keys are read: only the keys a policy's conditions and variables name are asked
     * for, so a context can compute its values when asked rather than list them all for every request.
     */
    @FunctionalInterface
    public interface Keys {
        /** The values of a condition key given in lower case, or null when the request does not have it. */
        List<String> values(String lowerCaseKey);
    }

    public AccessRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(context, "context");
    }

    /** Copies the context, lower-casing its keys (values of keys that differ only in case are merged). */
    public static AccessRequest of(Caller caller, String action, String resource, Map<String, List<String>> context) {
        return new AccessRequest(caller, action, resource, lowerCaseKeys(context == null ? Map.of() : context)::get);
    }

    /** The values of a lower-case condition key, or null when the request does not have it. */
    List<String> values(String lowerCaseKey) {
        return context.values(lowerCaseKey);
    }

    /** {@code context} with lower-case keys (values of keys that differ only in case merged). */
    public static Map<String, List<String>> lowerCaseKeys(Map<String, List<String>> context) {
        Map<String, List<String>> keys = new HashMap<>(Math.max(4, context.size() * 2));
        context.forEach((key, values) -> {
            if (values != null) {
                keys.merge(key.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
                    List<String> both = new java.util.ArrayList<>(a);
                    both.addAll(b);
                    return List.copyOf(both);
                });
            }
        });
        return Map.copyOf(keys);
    }
}
