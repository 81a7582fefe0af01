package dev.homeport.iam.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request to decide: who, which action on which resource, and its condition context. Condition keys are
 * case-insensitive (AWS: "condition key names are not case-sensitive"), so they are kept in lower case; a key absent
 * from the context is a missing key, which condition operators treat as AWS documents.
 */
public record AccessRequest(Caller caller, String action, String resource, Map<String, List<String>> context) {
    public static AccessRequest of(Caller caller, String action, String resource, Map<String, List<String>> context) {
        Map<String, List<String>> keys = new HashMap<>(context.size() * 2);
        context.forEach((k, v) -> keys.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return new AccessRequest(caller, action, resource, keys);
    }

    /** The values of a condition key, or null when the request does not have it. */
    public List<String> values(String lowerCaseKey) {
        return context.get(lowerCaseKey);
    }
}
