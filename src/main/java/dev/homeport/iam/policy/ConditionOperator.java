package dev.homeport.iam.policy;

import java.util.function.Function;

/**
 * The condition operators of "IAM JSON policy elements: Condition operators", without their {@code IfExists} suffix
 * and set-operator prefix (see {@link ConditionClause}). Each compiles one policy value into a test of one request
 * value in its <i>positive</i> sense; a negated operator ({@code StringNotEquals}, {@code NotIpAddress}, ...) shares
 * the test of its positive form and the clause inverts the result.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, Kind.STRING),
    STRING_NOT_EQUALS("StringNotEquals", true, Kind.STRING),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, Kind.STRING_IGNORE_CASE),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, Kind.STRING_IGNORE_CASE),
    STRING_LIKE("StringLike", false, Kind.STRING_LIKE),
    STRING_NOT_LIKE("StringNotLike", true, Kind.STRING_LIKE),
    NUMERIC_EQUALS("NumericEquals", false, Kind.NUMERIC_EQ),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, Kind.NUMERIC_EQ),
    NUMERIC_LESS_THAN("NumericLessThan", false, Kind.NUMERIC_LT),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, Kind.NUMERIC_LE),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, Kind.NUMERIC_GT),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, Kind.NUMERIC_GE),
    DATE_EQUALS("DateEquals", false, Kind.DATE_EQ),
    DATE_NOT_EQUALS("DateNotEquals", true, Kind.DATE_EQ),
    DATE_LESS_THAN("DateLessThan", false, Kind.DATE_LT),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, Kind.DATE_LE),
    DATE_GREATER_THAN("DateGreaterThan", false, Kind.DATE_GT),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, Kind.DATE_GE),
    BOOL("Bool", false, Kind.BOOL),
    BINARY_EQUALS("BinaryEquals", false, Kind.BINARY),
    IP_ADDRESS("IpAddress", false, Kind.IP),
    NOT_IP_ADDRESS("NotIpAddress", true, Kind.IP),
    // AWS documents ArnEquals and ArnLike alike: six colon-separated parts, each with wildcards.
    ARN_EQUALS("ArnEquals", false, Kind.ARN),
    ARN_LIKE("ArnLike", false, Kind.ARN),
    ARN_NOT_EQUALS("ArnNotEquals", true, Kind.ARN),
    ARN_NOT_LIKE("ArnNotLike", true, Kind.ARN),
    NULL("Null", false, Kind.NULL);

    private enum Kind {
        STRING, STRING_IGNORE_CASE, STRING_LIKE, NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE,
        DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE, BOOL, BINARY, IP, ARN, NULL
    }

    private final String operatorName;
    private final boolean negated;
    private final Kind kind;

    ConditionOperator(String operatorName, boolean negated, Kind kind) {
        this.operatorName = operatorName;
        this.negated = negated;
        this.kind = kind;
    }

    /** The operator with this exact name (no prefix, no IfExists), or null. */
    static ConditionOperator named(String name) {
        for (ConditionOperator op : values()) {
            if (op.operatorName.equals(name)) {
                return op;
            }
        }
        return null;
    }

    String operatorName() {
        return operatorName;
    }

    /** Whether the operator is true when the request value matches <i>none</i> of the policy values. */
    boolean negated() {
        return negated;
    }

    boolean isDate() {
        return switch (kind) {
            case DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE -> true;
            default -> false;
        };
    }

    /** The positive test of one request value against one policy value. Not for {@link #NULL}. */
    TextMatcher compile(PolicyValue value) {
        return switch (kind) {
            case STRING, BINARY -> value.isConstant() ? equalsConstant(value.text(null), false)
                    : (text, request) -> text.equals(value.text(request));
            case STRING_IGNORE_CASE, BOOL -> value.isConstant() ? equalsConstant(value.text(null), true)
                    : (text, request) -> text.equalsIgnoreCase(value.text(request));
            case STRING_LIKE -> value.globMatcher(false);
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE ->
                    ordered(value, ConditionValues::number);
            case DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE -> ordered(value, ConditionValues::date);
            case IP -> ipRange(value);
            case ARN -> ArnPattern.matcher(value);
            case NULL -> throw new IllegalStateException("Null is tested by ConditionClause");
        };
    }

    private static TextMatcher equalsConstant(String want, boolean ignoreCase) {
        return ignoreCase ? (text, request) -> text.equalsIgnoreCase(want) : (text, request) -> text.equals(want);
    }

    /** Numbers and dates: the policy's operand is parsed once when it has no variables. */
    private <T extends Comparable<T>> TextMatcher ordered(PolicyValue value, Function<String, T> parse) {
        if (value.isConstant()) {
            T want = parse.apply(value.text(null));
            if (want == null) {
                return (text, request) -> false;
            }
            return (text, request) -> {
                T have = parse.apply(text);
                return have != null && holds(have.compareTo(want));
            };
        }
        return (text, request) -> {
            String w = value.text(request);
            T want = w == null ? null : parse.apply(w);
            T have = want == null ? null : parse.apply(text);
            return have != null && holds(have.compareTo(want));
        };
    }

    /** Whether {@code request value <=> policy value} satisfies this operator (e.g. {@code < 0} for LessThan). */
    private boolean holds(int comparison) {
        return switch (kind) {
            case NUMERIC_EQ, DATE_EQ -> comparison == 0;
            case NUMERIC_LT, DATE_LT -> comparison < 0;
            case NUMERIC_LE, DATE_LE -> comparison <= 0;
            case NUMERIC_GT, DATE_GT -> comparison > 0;
            case NUMERIC_GE, DATE_GE -> comparison >= 0;
            default -> false;
        };
    }

    private static TextMatcher ipRange(PolicyValue value) {
        if (value.isConstant()) {
            IpRange range = IpRange.parse(value.text(null));
            if (range == null) {
                return (text, request) -> false;
            }
            return (text, request) -> range.contains(IpRange.address(text));
        }
        return (text, request) -> {
            String w = value.text(request);
            IpRange range = w == null ? null : IpRange.parse(w);
            return range != null && range.contains(IpRange.address(text));
        };
    }
}
