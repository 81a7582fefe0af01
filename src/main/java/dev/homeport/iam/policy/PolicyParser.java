package dev.homeport.iam.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a document as IAM does and compiles it. IAM reports one MalformedPolicyDocument message per document, so
 * the checks run in passes over all statements, in the order IAM's answers reveal (grammar first — "Syntax errors in
 * policy." —, then IAM's legacy parser, SIDs, principals, actions, resources), each pass reporting the first problem.
 */
final class PolicyParser {
    static final String SYNTAX = "Syntax errors in policy.";
    static final String LEGACY = "The policy failed legacy parsing";
    static final String UNIQUE_SIDS = "Statement IDs (SID) in a single policy must be unique.";
    static final String PRINCIPAL_NOT_ALLOWED = "Policy document should not specify a principal.";
    static final String MISSING_PRINCIPAL = "Missing required field Principal";
    static final String MISSING_EFFECT = "Missing required field Effect";
    static final String MISSING_ACTIONS = "Policy statement must contain actions.";
    static final String MISSING_RESOURCES = "Policy statement must contain resources.";
    static final String VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    static final String ONE_COLON = "Actions/Condition can contain only one colon.";
    static final String RESOURCE_VENDOR = "Resource vendor must be fully qualified and cannot contain regexes.";

    private static final String V2012 = "2012-10-17";
    private static final String V2008 = "2008-10-17";
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final String FOR_ALL = "ForAllValues:";
    private static final String FOR_ANY = "ForAnyValue:";
    private static final String IF_EXISTS = "IfExists";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One statement after the grammar check. Lists are empty, not null, when the element is absent. */
    private record Raw(String sid, String effect, JsonNode principal, boolean notPrincipal, List<String> actions,
                       boolean hasAction, boolean notAction, List<String> resources, boolean hasResource,
                       boolean notResource, JsonNode condition) {
    }

    private PolicyParser() {
    }

    static Policy parse(String json, Policy.Kind kind) throws MalformedPolicyException {
        JsonNode root = read(json);
        requireKnownFields(root, TOP_LEVEL);
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual()
                && (version.textValue().equals(V2012) || version.textValue().equals(V2008)))) {
            throw new MalformedPolicyException(SYNTAX);
        }
        JsonNode id = root.get("Id");
        if (id != null && !id.isTextual()) {
            throw new MalformedPolicyException(SYNTAX);
        }
        // Policy variables exist from version 2012-10-17 on; without a Version, IAM reads the 2008 language.
        boolean variables = version != null && version.textValue().equals(V2012);

        List<Raw> statements = new ArrayList<>();
        for (JsonNode node : statementNodes(root.get("Statement"))) {
            statements.add(grammar(node, kind));
        }
        for (Raw s : statements) {
            legacy(s, variables);
        }
        Set<String> sids = new HashSet<>();
        for (Raw s : statements) {
            if (s.sid() != null && !s.sid().isEmpty() && !sids.add(s.sid())) {
                throw new MalformedPolicyException(UNIQUE_SIDS);
            }
        }
        List<PrincipalMatcher> principals = new ArrayList<>();
        for (Raw s : statements) {
            principals.add(principal(s, kind));
        }
        for (Raw s : statements) {
            if (s.actions().isEmpty()) {
                throw new MalformedPolicyException(MISSING_ACTIONS);
            }
        }
        if (kind == Policy.Kind.TRUST) {
            for (Raw s : statements) {
                if (s.hasResource()) {
                    throw new MalformedPolicyException("Has prohibited field " + (s.notResource() ? "NotResource"
                            : "Resource"));
                }
            }
        }
        for (Raw s : statements) {
            for (String resource : s.resources()) {
                checkResourceFormat(resource);
            }
        }
        for (Raw s : statements) {
            for (String action : s.actions()) {
                checkAction(action);
            }
        }
        for (Raw s : statements) {
            if (s.resources().isEmpty() && (kind == Policy.Kind.IDENTITY || s.hasResource())) {
                throw new MalformedPolicyException(MISSING_RESOURCES);
            }
        }

        Statement[] compiled = new Statement[statements.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = compile(statements.get(i), principals.get(i), variables);
        }
        return new Policy(json, kind, compiled);
    }

    private static JsonNode read(String json) throws MalformedPolicyException {
        if (json == null || json.isBlank()) {
            throw new MalformedPolicyException(SYNTAX);
        }
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new MalformedPolicyException(SYNTAX);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException(SYNTAX);
        }
    }

    /** {@code "Statement"}: one statement object, or a non-empty array of them. */
    private static List<JsonNode> statementNodes(JsonNode node) throws MalformedPolicyException {
        if (node == null || !(node.isObject() || node.isArray()) || node.isEmpty() && node.isArray()) {
            throw new MalformedPolicyException(SYNTAX);
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (node.isObject()) {
            nodes.add(node);
        } else {
            for (JsonNode item : node) {
                if (!item.isObject()) {
                    throw new MalformedPolicyException(SYNTAX);
                }
                nodes.add(item);
            }
        }
        return nodes;
    }

    /** The policy grammar ("Grammar of the IAM JSON policy language"): fields, their types, exclusive pairs. */
    private static Raw grammar(JsonNode node, Policy.Kind kind) throws MalformedPolicyException {
        requireKnownFields(node, STATEMENT);
        JsonNode sid = node.get("Sid");
        if (sid != null && !sid.isTextual()) {
            throw new MalformedPolicyException(SYNTAX);
        }
        JsonNode effect = node.get("Effect");
        if (effect == null) {
            // IAM's identity-policy parser reports a missing Effect as a grammar error; its resource-policy parser
            // (trust policies, and the resource policies services check with it) names the field.
            throw new MalformedPolicyException(kind == Policy.Kind.IDENTITY ? SYNTAX : MISSING_EFFECT);
        }
        if (!effect.isTextual() || !(effect.textValue().equalsIgnoreCase("Allow")
                || effect.textValue().equalsIgnoreCase("Deny"))) {
            throw new MalformedPolicyException(SYNTAX);
        }
        JsonNode principal = exclusive(node, "Principal", "NotPrincipal");
        if (principal != null && !(principal.isTextual() || principal.isObject())) {
            throw new MalformedPolicyException(SYNTAX);
        }
        JsonNode action = exclusive(node, "Action", "NotAction");
        JsonNode resource = exclusive(node, "Resource", "NotResource");
        JsonNode condition = node.get("Condition");
        if (condition != null) {
            conditionGrammar(condition);
        }
        return new Raw(sid == null ? null : sid.textValue(), effect.textValue(), principal,
                node.has("NotPrincipal"), strings(action), action != null, node.has("NotAction"),
                strings(resource), resource != null, node.has("NotResource"), condition);
    }

    /** The one of two exclusive elements the statement has, or null; both at once is a grammar error. */
    private static JsonNode exclusive(JsonNode node, String element, String notElement)
            throws MalformedPolicyException {
        if (node.has(element) && node.has(notElement)) {
            throw new MalformedPolicyException(SYNTAX);
        }
        return node.has(element) ? node.get(element) : node.get(notElement);
    }

    /** A string, or an array of strings (maybe empty: IAM then says the element is missing). */
    private static List<String> strings(JsonNode node) throws MalformedPolicyException {
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new MalformedPolicyException(SYNTAX);
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new MalformedPolicyException(SYNTAX);
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** {@code {"Operator": {"key": value | [values]}}}, values scalars; an unknown operator is a grammar error. */
    private static void conditionGrammar(JsonNode condition) throws MalformedPolicyException {
        if (!condition.isObject()) {
            throw new MalformedPolicyException(SYNTAX);
        }
        for (Map.Entry<String, JsonNode> operator : condition.properties()) {
            JsonNode keys = operator.getValue();
            if (!keys.isObject()) {
                throw new MalformedPolicyException(SYNTAX);
            }
            if (!keys.isEmpty() && operator(operator.getKey()) == null) {
                // IAM's identity-policy parser answers an unknown operator so (S3 names it: "Invalid Condition type").
                throw new MalformedPolicyException(SYNTAX);
            }
            for (Map.Entry<String, JsonNode> key : keys.properties()) {
                scalars(key.getValue());
            }
        }
    }

    /** Condition values: strings, numbers or booleans, alone or in an array, read as text. */
    private static List<String> scalars(JsonNode node) throws MalformedPolicyException {
        List<String> out = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            if (!(item.isTextual() || item.isNumber() || item.isBoolean())) {
                throw new MalformedPolicyException(SYNTAX);
            }
            out.add(item.asText());
        }
        return out;
    }

    /** What IAM's older parser refuses: an Effect not spelled Allow/Deny exactly, bad dates, malformed ARNs. */
    private static void legacy(Raw s, boolean variables) throws MalformedPolicyException {
        if (!(s.effect().equals("Allow") || s.effect().equals("Deny"))) {
            throw new MalformedPolicyException(LEGACY);
        }
        if (s.condition() != null) {
            for (Map.Entry<String, JsonNode> operator : s.condition().properties()) {
                Operator op = operator(operator.getKey());
                if (op == null || !op.base().isDate()) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                    for (String value : scalars(key.getValue())) {
                        boolean variable = variables && value.contains("${");
                        if (!variable && ConditionValues.date(value) == null) {
                            throw new MalformedPolicyException(LEGACY);
                        }
                    }
                }
            }
        }
        for (String resource : s.resources()) {
            if (resource.equals("*") || resource.indexOf(':') < 0) {
                continue;
            }
            String[] parts = resource.split(":", -1);
            boolean tooShort = resource.contains("::") && parts.length < 6;
            if (tooShort || parts.length >= 3 && parts[2].isEmpty()) {
                throw new MalformedPolicyException(LEGACY);
            }
        }
    }

    /** The Principal rules of each kind, then each principal's form ("Invalid principal in policy"). */
    private static PrincipalMatcher principal(Raw s, Policy.Kind kind) throws MalformedPolicyException {
        if (kind == Policy.Kind.IDENTITY) {
            if (s.principal() != null) {
                throw new MalformedPolicyException(PRINCIPAL_NOT_ALLOWED);
            }
            return null;
        }
        if (s.principal() == null) {
            throw new MalformedPolicyException(MISSING_PRINCIPAL);
        }
        PrincipalMatcher.Builder builder = new PrincipalMatcher.Builder(s.notPrincipal());
        JsonNode node = s.principal();
        if (node.isTextual()) {
            if (!node.textValue().equals("*")) {
                throw new MalformedPolicyException("Invalid principal in policy: \"" + node.textValue() + "\"");
            }
            return builder.everyone().build();
        }
        if (node.isEmpty()) {
            throw new MalformedPolicyException(SYNTAX);
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            List<String> values = strings(entry.getValue());
            if (values.isEmpty()) {
                throw new MalformedPolicyException(SYNTAX);
            }
            for (String value : values) {
                boolean valid = switch (entry.getKey()) {
                    case "AWS" -> builder.aws(value);
                    case "Service" -> {
                        builder.service(value);
                        yield !value.isEmpty();
                    }
                    // Identities Homeport does not have: valid, never matched.
                    case "Federated", "CanonicalUser" -> !value.isEmpty();
                    default -> false;
                };
                if (!valid) {
                    String type = entry.getKey().equals("Service") ? "SERVICE" : entry.getKey();
                    throw new MalformedPolicyException("Invalid principal in policy: \"" + type + "\":\"" + value
                            + "\"");
                }
            }
        }
        return builder.build();
    }

    /** A resource is {@code *} or an ARN ("IAM JSON policy elements: Resource"). */
    private static void checkResourceFormat(String resource) throws MalformedPolicyException {
        if (resource.equals("*")) {
            return;
        }
        int colon = resource.indexOf(':');
        if (colon < 0) {
            throw new MalformedPolicyException("Resource " + resource + " must be in ARN format or \"*\".");
        }
        if (resource.split(":", -1).length < 3) {
            throw new MalformedPolicyException(RESOURCE_VENDOR);
        }
    }

    /** An action is {@code *} or {@code vendor:action} ("IAM JSON policy elements: Action"). */
    private static void checkAction(String action) throws MalformedPolicyException {
        if (action.equals("*")) {
            return;
        }
        int colon = action.indexOf(':');
        if (colon < 0) {
            throw new MalformedPolicyException(VENDOR);
        }
        if (action.indexOf(':', colon + 1) >= 0) {
            throw new MalformedPolicyException(ONE_COLON);
        }
        String vendor = action.substring(0, colon);
        for (int i = 0; i < vendor.length(); i++) {
            char c = vendor.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '*' || c == '?')) {
                throw new MalformedPolicyException("Vendor " + vendor + " is not valid");
            }
        }
    }

    private static Statement compile(Raw s, PrincipalMatcher principal, boolean variables) {
        // Actions are case-insensitive ("Action element": "... values are not case-sensitive") and have no variables.
        TextMatcher[] actions = s.actions().stream()
                .map(a -> PolicyValue.parse(a, false).globMatcher(true)).toArray(TextMatcher[]::new);
        // ARNs are matched case-sensitively, variables substituted in a 2012-10-17 document.
        TextMatcher[] resources = s.hasResource() ? s.resources().stream()
                .map(r -> PolicyValue.parse(r, variables).globMatcher(false)).toArray(TextMatcher[]::new) : null;
        return new Statement(s.effect().equals("Allow"), principal, actions, s.notAction(), resources,
                s.notResource(), conditions(s.condition(), variables));
    }

    private static ConditionBlock conditions(JsonNode condition, boolean variables) {
        if (condition == null || condition.isEmpty()) {
            return ConditionBlock.NONE;
        }
        List<ConditionClause> clauses = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : condition.properties()) {
            Operator op = operator(entry.getKey());
            if (op == null) {
                continue; // an unknown operator with no keys: IAM accepts it, and it tests nothing
            }
            for (Map.Entry<String, JsonNode> key : entry.getValue().properties()) {
                List<PolicyValue> values = new ArrayList<>();
                try {
                    for (String v : scalars(key.getValue())) {
                        values.add(PolicyValue.parse(v, variables));
                    }
                } catch (MalformedPolicyException e) {
                    throw new IllegalStateException("checked by conditionGrammar", e);
                }
                clauses.add(new ConditionClause(op.set(), op.base(), op.ifExists(),
                        key.getKey().toLowerCase(Locale.ROOT), values));
            }
        }
        return new ConditionBlock(clauses);
    }

    /** An operator as written: an optional set prefix, the operator, an optional IfExists suffix. */
    private record Operator(ConditionClause.SetOperator set, ConditionOperator base, boolean ifExists) {
    }

    /** The operator a Condition key names, or null when IAM does not know it ({@code Null} takes no IfExists). */
    private static Operator operator(String written) {
        ConditionClause.SetOperator set = ConditionClause.SetOperator.NONE;
        String name = written;
        if (name.startsWith(FOR_ALL)) {
            set = ConditionClause.SetOperator.FOR_ALL_VALUES;
            name = name.substring(FOR_ALL.length());
        } else if (name.startsWith(FOR_ANY)) {
            set = ConditionClause.SetOperator.FOR_ANY_VALUE;
            name = name.substring(FOR_ANY.length());
        }
        boolean ifExists = name.endsWith(IF_EXISTS);
        ConditionOperator base = ConditionOperator.named(ifExists ? name.substring(0, name.length()
                - IF_EXISTS.length()) : name);
        if (base == null || ifExists && base == ConditionOperator.NULL) {
            return null;
        }
        return new Operator(set, base, ifExists);
    }

    private static void requireKnownFields(JsonNode node, Set<String> known) throws MalformedPolicyException {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!known.contains(field.getKey())) {
                throw new MalformedPolicyException(SYNTAX);
            }
        }
    }
}
