package dev.homeport.protocol;

import java.util.List;
import java.util.Map;

/**
 * One permission a request needs, as AWS's <i>Service Authorization Reference</i> lists it for the operation: the
 * IAM action, the resource's ARN ({@code *} for actions that take no resource), and what the policy engine may ask
 * of that resource.
 *
 * @param action         the IAM action, such as {@code secretsmanager:GetSecretValue}
 * @param resource       the resource's ARN, or {@code *}
 * @param resourcePolicy the resource's policy document (a secret's), or null when it has none
 * @param resourceTags   the resource's tags, for {@code aws:ResourceTag/<key>}; empty when none
 * @param conditionKeys  the service's condition keys for this request ({@code secretsmanager:SecretId}, …), beside
 *                       the global ones the authorizer adds
 * @param policyRequired whether the resource's policy must allow even within its account: a role's trust policy
 *                       (AssumeRole is never allowed by identity policies alone)
 */
public record Access(String action, String resource, String resourcePolicy, Map<String, String> resourceTags,
                     Map<String, List<String>> conditionKeys, boolean policyRequired) {
    /** An action on a resource with no policy, tags or condition keys of its own. */
    public static Access to(String action, String resource) {
        return new Access(action, resource, null, Map.of(), Map.of(), false);
    }

    /** An action on a resource whose policy must allow it, in its own account too (a role and its trust policy). */
    public static Access trusted(String action, String resource, String trustPolicy) {
        return new Access(action, resource, trustPolicy, Map.of(), Map.of(), true);
    }

    /** An action that AWS authorizes on no particular resource ({@code "Resource": "*"}). */
    public static Access toAny(String action) {
        return to(action, "*");
    }

    /**
     * The condition keys of tags a request sets: {@code aws:RequestTag/<key>} for each, and {@code aws:TagKeys}
     * (empty when there are none). A mutable map, for the service's own keys to be added.
     */
    public static Map<String, List<String>> requestTags(Map<String, String> tags) {
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        if (tags != null && !tags.isEmpty()) {
            tags.forEach((k, v) -> keys.put("aws:RequestTag/" + k, List.of(v == null ? "" : v)));
            keys.put("aws:TagKeys", List.copyOf(tags.keySet()));
        }
        return keys;
    }

    /** {@link #requestTags(Map)} of a request's list of tags, each read with {@code key} and {@code value}. */
    public static <T> Map<String, List<String>> requestTags(List<T> tags, java.util.function.Function<T, String> key,
                                                            java.util.function.Function<T, String> value) {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        if (tags != null) {
            tags.stream().filter(t -> t != null && key.apply(t) != null)
                    .forEach(t -> given.put(key.apply(t), value.apply(t)));
        }
        return requestTags(given);
    }

    public Access withConditionKeys(Map<String, List<String>> keys) {
        return new Access(action, resource, resourcePolicy, resourceTags, keys, policyRequired);
    }

    /** The same resource, policy, tags and condition keys, under another action. */
    public Access as(String otherAction) {
        return new Access(otherAction, resource, resourcePolicy, resourceTags, conditionKeys, policyRequired);
    }

    /** Whether the request sets tags: {@link #requestTags} put {@code aws:TagKeys} in this permission's keys. */
    public boolean setsTags() {
        return conditionKeys.containsKey("aws:TagKeys");
    }

    /**
     * A create call and, when it sets tags, the service's tagging action on the same new resource with the same
     * request tags: each service that takes tags on create documents that "if you include tags, you also need"
     * its tagging permission (Secrets Manager's CreateSecret, ECR's CreateRepository, IAM's CreateUser, …), so
     * a policy that allows creating but not tagging refuses a tagged create, before anything is written.
     */
    public static List<Access> creating(Access create, String tagAction) {
        return create.setsTags() ? List.of(create, create.as(tagAction)) : List.of(create);
    }

    /**
     * The account that owns the resource: the fifth field of its ARN, or null for {@code *} and ARNs without an
     * account (AWS managed policies): those are evaluated as in the caller's own account.
     */
    public String resourceAccount() {
        if (!resource.startsWith("arn:")) {
            return null;
        }
        int start = 0;
        for (int i = 0; i < 4; i++) {
            start = resource.indexOf(':', start) + 1;
            if (start == 0) {
                return null;
            }
        }
        int end = resource.indexOf(':', start);
        String account = end < 0 ? "" : resource.substring(start, end);
        return account.isEmpty() || account.equals("aws") ? null : account;
    }
}
