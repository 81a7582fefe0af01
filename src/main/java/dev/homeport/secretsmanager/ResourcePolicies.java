package dev.homeport.secretsmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks of resource policies: the grammar of an IAM policy document (what IAM Access Analyzer's
 * policy grammar check reports for ValidateResourcePolicy) and whether a policy makes a secret
 * public (what BlockPublicPolicy refuses). Policies are stored, not yet enforced.
 */
final class ResourcePolicies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");

    private ResourcePolicies() {
    }

    static boolean isJson(String document) {
        try {
            return JSON.readTree(document) != null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Grammar errors of a policy document; empty when it is well-formed. */
    static List<String> grammarErrors(String document) {
        List<String> errors = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            errors.add("The policy document is not valid JSON.");
            return errors;
        }
        if (root == null || !root.isObject()) {
            errors.add("The policy document must be a JSON object.");
            return errors;
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            errors.add("The policy Version must be 2012-10-17 or 2008-10-17.");
        }
        JsonNode statements = root.get("Statement");
        if (statements == null) {
            errors.add("The policy must contain a Statement.");
            return errors;
        }
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else {
            list.add(statements);
        }
        for (JsonNode st : list) {
            if (!st.isObject()) {
                errors.add("Each Statement must be a JSON object.");
                continue;
            }
            st.fieldNames().forEachRemaining(k -> {
                if (!STATEMENT_KEYS.contains(k)) {
                    errors.add("Statement contains an unknown element: " + k + ".");
                }
            });
            JsonNode effect = st.get("Effect");
            if (effect == null || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
                errors.add("Each Statement needs an Effect of Allow or Deny.");
            }
            if (st.get("Action") == null && st.get("NotAction") == null) {
                errors.add("Each Statement needs an Action or NotAction.");
            }
            if (st.get("Principal") == null && st.get("NotPrincipal") == null) {
                errors.add("A resource policy Statement needs a Principal or NotPrincipal.");
            }
        }
        return errors;
    }

    /**
     * A policy is public when an Allow statement without conditions names the principal "*" (or
     * {@code {"AWS": "*"}}): anyone in any account could then read the secret.
     */
    static boolean isPublic(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return false;
        }
        JsonNode statements = root == null ? null : root.get("Statement");
        if (statements == null) {
            return false;
        }
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else {
            list.add(statements);
        }
        for (JsonNode st : list) {
            if (!"Allow".equals(st.path("Effect").asText()) || st.has("Condition")) {
                continue;
            }
            JsonNode principal = st.get("Principal");
            if (principal == null) {
                continue;
            }
            if (principal.isTextual() && principal.asText().equals("*")) {
                return true;
            }
            JsonNode aws = principal.get("AWS");
            if (aws != null && (aws.isTextual() ? aws.asText().equals("*")
                    : aws.isArray() && containsStar(aws))) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsStar(JsonNode array) {
        for (JsonNode n : array) {
            if ("*".equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}
