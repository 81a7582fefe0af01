package dev.homeport.iam.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy document, checked as IAM checks it and compiled for evaluation: parsed once per change, evaluated on
 * every request without touching JSON. Immutable and thread-safe.
 *
 * <p>Kinds differ in their required elements ("IAM JSON policy elements reference"): identity policies (and
 * permissions boundaries and session policies) have Resource and no Principal; resource policies have a Principal;
 * trust policies have a Principal and no Resource.
 */
public final class Policy {
    public enum Kind { IDENTITY, RESOURCE, TRUST }

    /** What a policy says about one request. */
    public enum Match { NONE, ALLOW, DENY }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");

    private final String json;
    private final List<Statement> statements;

    private Policy(String json, List<Statement> statements) {
        this.json = json;
        this.statements = statements;
    }

    /** The document as given. */
    public String json() {
        return json;
    }

    /** DENY if a Deny statement covers the request; else ALLOW if an Allow statement does; else NONE. */
    public Match evaluate(AccessRequest request) {
        Principals.Naming grant = grant(request);
        return grant == null ? Match.DENY : grant == Principals.Naming.NONE ? Match.NONE : Match.ALLOW;
    }

    /**
     * For resource and trust policies: true when an Allow statement covering the request names the caller itself
     * (its user or session ARN, or everyone), not only its account or role.
     */
    public boolean allowsCallerDirectly(AccessRequest request) {
        return grant(request) == Principals.Naming.DIRECT;
    }

    /**
     * How the policy grants the request: null for an explicit deny, NONE when nothing allows it, else the strongest
     * way an Allow statement names the caller (identity policies name their holder directly).
     */
    Principals.Naming grant(AccessRequest request) {
        Principals.Naming best = Principals.Naming.NONE;
        for (Statement s : statements) {
            Principals.Naming named = s.naming(request.caller());
            if (named == Principals.Naming.NONE || !s.covers(request)) {
                continue;
            }
            if (!s.allow()) {
                return null;
            }
            if (named.ordinal() > best.ordinal()) {
                best = named;
            }
        }
        return best;
    }

    public static Policy parse(String json, Kind kind) throws MalformedPolicyException {
        if (json == null || json.isBlank()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        requireKnown(root, TOP_LEVEL);
        JsonNode version = root.get("Version");
        if (version != null && (!version.isTextual()
                || !(version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            throw new MalformedPolicyException("The policy failed legacy parsing");
        }
        // Policy variables exist from version 2012-10-17 on; in older documents "${...}" is plain text.
        boolean variables = version != null && version.asText().equals("2012-10-17");
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || !(statementNode.isObject() || statementNode.isArray())) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isObject()) {
            nodes.add(statementNode);
        } else {
            statementNode.forEach(nodes::add);
        }
        Set<String> sids = new HashSet<>();
        List<Statement> statements = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (!node.isObject()) {
                throw new MalformedPolicyException("Syntax errors in policy.");
            }
            JsonNode sid = node.get("Sid");
            if (sid != null) {
                if (!sid.isTextual()) {
                    throw new MalformedPolicyException("Syntax errors in policy.");
                }
                if (!sid.asText().isEmpty() && !sids.add(sid.asText())) {
                    throw new MalformedPolicyException("Statement IDs (SID) in a single policy must be unique.");
                }
            }
            statements.add(statement(node, kind, variables));
        }
        return new Policy(json, List.copyOf(statements));
    }

    private static Statement statement(JsonNode node, Kind kind, boolean variables) throws MalformedPolicyException {
        requireKnown(node, STATEMENT);
        JsonNode effect = node.get("Effect");
        if (effect == null) {
            throw new MalformedPolicyException("Missing required field Effect");
        }
        if (!effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        boolean hasPrincipal = node.has("Principal") || node.has("NotPrincipal");
        if (node.has("Principal") && node.has("NotPrincipal")) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (kind == Kind.IDENTITY && hasPrincipal) {
            throw new MalformedPolicyException("Policy document should not specify a principal.");
        }
        if (kind != Kind.IDENTITY && !hasPrincipal) {
            throw new MalformedPolicyException("Missing required field Principal");
        }
        if (node.has("Action") && node.has("NotAction")) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (!node.has("Action") && !node.has("NotAction")) {
            throw new MalformedPolicyException("Policy statement must contain actions.");
        }
        boolean hasResource = node.has("Resource") || node.has("NotResource");
        if (node.has("Resource") && node.has("NotResource")) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        if (kind == Kind.TRUST && hasResource) {
            throw new MalformedPolicyException("Has prohibited field Resource");
        }
        if (kind != Kind.TRUST && !hasResource) {
            throw new MalformedPolicyException("Policy statement must contain resources.");
        }
        boolean notAction = node.has("NotAction");
        List<Pattern> actions = new ArrayList<>();
        for (String action : strings(node.get(notAction ? "NotAction" : "Action"))) {
            if (!action.equals("*") && action.indexOf(':') <= 0) {
                throw new MalformedPolicyException(
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
            actions.add(Pattern.compile(action, false, true));
        }
        boolean notResource = node.has("NotResource");
        List<Pattern> resources = null;
        if (hasResource) {
            resources = new ArrayList<>();
            for (String resource : strings(node.get(notResource ? "NotResource" : "Resource"))) {
                if (!resource.equals("*") && !resource.startsWith("arn:")) {
                    throw new MalformedPolicyException("Resource " + resource + " must be in ARN format or \"*\".");
                }
                resources.add(Pattern.compile(resource, variables, false));
            }
        }
        boolean notPrincipal = node.has("NotPrincipal");
        Principals principals = hasPrincipal ? principals(node.get(notPrincipal ? "NotPrincipal" : "Principal")) : null;
        return new Statement(effect.asText().equals("Allow"), principals, notPrincipal, List.copyOf(actions),
                notAction, resources == null ? null : List.copyOf(resources), notResource,
                conditions(node.get("Condition"), variables));
    }

    private static Principals principals(JsonNode node) throws MalformedPolicyException {
        if (node.isTextual()) {
            if (!node.asText().equals("*")) {
                throw new MalformedPolicyException("Invalid principal in policy: \"" + node.asText() + "\"");
            }
            return new Principals(true);
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        Principals principals = new Principals(false);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<String> values = strings(field.getValue());
            switch (field.getKey()) {
                case "AWS" -> {
                    for (String v : values) {
                        principals.addAws(v);
                    }
                }
                case "Service" -> values.forEach(principals::addService);
                case "Federated", "CanonicalUser" -> {
                    // Identities Homeport has none of: named, but never matched.
                }
                default -> throw new MalformedPolicyException("Invalid principal in policy: \"" + field.getKey()
                        + "\"");
            }
        }
        return principals;
    }

    private static List<Condition> conditions(JsonNode node, boolean variables) throws MalformedPolicyException {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        List<Condition> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> operators = node.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            if (!operator.getValue().isObject()) {
                throw new MalformedPolicyException("Syntax errors in policy.");
            }
            Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> key = keys.next();
                out.add(Condition.parse(operator.getKey(), key.getKey(), scalars(key.getValue()), variables));
            }
        }
        return List.copyOf(out);
    }

    /** A string or a non-empty array of strings. */
    private static List<String> strings(JsonNode node) throws MalformedPolicyException {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new MalformedPolicyException("Syntax errors in policy.");
                }
                out.add(item.asText());
            }
        } else {
            throw new MalformedPolicyException("Syntax errors in policy.");
        }
        return out;
    }

    /** Condition values: strings, numbers or booleans, alone or in an array, compared as text. */
    private static List<String> scalars(JsonNode node) throws MalformedPolicyException {
        List<String> out = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            if (!(item.isTextual() || item.isNumber() || item.isBoolean())) {
                throw new MalformedPolicyException("Syntax errors in policy.");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static void requireKnown(JsonNode node, Set<String> allowed) throws MalformedPolicyException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            if (!allowed.contains(names.next())) {
                throw new MalformedPolicyException("Syntax errors in policy.");
            }
        }
    }
}
