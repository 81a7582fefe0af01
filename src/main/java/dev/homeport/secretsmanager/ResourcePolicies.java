package dev.homeport.secretsmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.iam.policy.MalformedPolicyException;
import dev.homeport.iam.policy.Policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks of resource policies: the grammar of an IAM policy document (what IAM Access Analyzer's
 * policy grammar check reports for ValidateResourcePolicy) and whether a policy makes a secret
 * public (what BlockPublicPolicy refuses). The authorizer enforces them (see SecretAccess).
 */
final class ResourcePolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResourcePolicies() {
    }

    static boolean isJson(String document) {
        try {
            return JSON.readTree(document) != null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Grammar errors of a policy document; empty when it is well-formed. The policy engine's parser decides, so a
     * stored policy is always one the authorizer can evaluate.
     */
    static List<String> grammarErrors(String document) {
        try {
            Policy.parse(document, Policy.Kind.RESOURCE);
            return List.of();
        } catch (MalformedPolicyException e) {
            return List.of(e.getMessage());
        }
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
