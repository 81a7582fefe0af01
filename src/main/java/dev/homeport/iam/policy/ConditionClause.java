package dev.homeport.iam.policy;

import java.util.List;

/**
 * One condition key under one operator, e.g. {@code "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]}}.
 * AWS's rules ("IAM JSON policy elements: Condition operators", "Multivalued context keys"):
 *
 * <ul>
 *   <li>Several policy values for the key: OR — a request value matches if it matches any of them. A negated operator
 *       ({@code StringNotEquals}, ...) holds for a request value that matches none of them.</li>
 *   <li>Missing key: false, except that negated operators are true ("If the key is not present, ... negated matching
 *       operators return true"), {@code ...IfExists} is true, {@code ForAllValues:} is true and {@code Null} tests
 *       exactly that ({@code "true"}: the key is missing).</li>
 *   <li>A multi-valued request key without a set operator: a positive operator holds when any request value matches;
 *       a negated one when no request value matches (the negation of the positive test). With
 *       {@code ForAllValues:} every request value must pass the operator's test, with {@code ForAnyValue:} at least
 *       one.</li>
 * </ul>
 */
final class ConditionClause {
    enum SetOperator { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    private final SetOperator set;
    private final ConditionOperator operator;
    private final boolean ifExists;
    private final String key; // lower case
    private final TextMatcher[] values;     // not for Null
    private final Boolean[] nullExpectations; // Null only: true = "the key is missing"; null = not a boolean

    ConditionClause(SetOperator set, ConditionOperator operator, boolean ifExists, String key,
                    List<PolicyValue> values) {
        this.set = set;
        this.operator = operator;
        this.ifExists = ifExists;
        this.key = key;
        if (operator == ConditionOperator.NULL) {
            this.values = new TextMatcher[0];
            this.nullExpectations = values.stream().map(v -> {
                String text = v.raw().strip();
                return text.equalsIgnoreCase("true") ? Boolean.TRUE
                        : text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }).toArray(Boolean[]::new);
        } else {
            this.values = values.stream().map(operator::compile).toArray(TextMatcher[]::new);
            this.nullExpectations = null;
        }
    }

    boolean holds(AccessRequest request) {
        List<String> actual = request.values(key);
        boolean missing = actual == null || actual.isEmpty();
        if (operator == ConditionOperator.NULL) {
            for (Boolean expectMissing : nullExpectations) {
                if (expectMissing != null && expectMissing == missing) {
                    return true;
                }
            }
            return false;
        }
        if (missing) {
            if (ifExists) {
                return true;
            }
            return switch (set) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> operator.negated();
            };
        }
        boolean negated = operator.negated();
        switch (set) {
            case FOR_ALL_VALUES -> {
                for (int i = 0; i < actual.size(); i++) {
                    if (matchesAnyValue(actual.get(i), request) == negated) {
                        return false;
                    }
                }
                return true;
            }
            case FOR_ANY_VALUE -> {
                for (int i = 0; i < actual.size(); i++) {
                    if (matchesAnyValue(actual.get(i), request) != negated) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                for (int i = 0; i < actual.size(); i++) {
                    if (matchesAnyValue(actual.get(i), request)) {
                        return !negated;
                    }
                }
                return negated;
            }
        }
    }

    /** Whether one request value matches at least one of the policy's values, in the operator's positive sense. */
    private boolean matchesAnyValue(String actual, AccessRequest request) {
        for (TextMatcher value : values) {
            if (value.matches(actual, request)) {
                return true;
            }
        }
        return false;
    }
}
