package dev.homeport.iam.policy;

import java.math.BigDecimal;
import java.net.Inet6Address;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * One test of a statement's Condition block: an operator ({@code StringEquals}, {@code ForAnyValue:StringLike},
 * {@code NumericLessThanIfExists}, …), one condition key and its values. AWS's rules ("IAM JSON policy elements:
 * Condition operators"): several values of one key match if any matches; a negated operator ({@code StringNotEquals},
 * {@code NotIpAddress}, …) is true when no value matches, and true when the key is missing; any other operator is
 * false for a missing key, unless it ends in {@code IfExists}; {@code Null} tests whether the key is missing;
 * {@code ForAllValues:} is true when every value of a multi-valued key matches (and for a missing or empty key),
 * {@code ForAnyValue:} when at least one does (false for a missing key).
 */
final class Condition {
    /** The comparison an operator makes; negated operators share it with their positive form. */
    enum Family { STRING, STRING_IGNORE_CASE, STRING_LIKE, NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE,
        DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE, BOOL, BINARY, IP, ARN, NULL }

    enum SetOperator { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    private record Operator(Family family, boolean negated) {
    }

    private final SetOperator set;
    private final Family family;
    private final boolean negated;
    private final boolean ifExists;
    private final String key; // lower case
    private final List<Pattern> values;

    private Condition(SetOperator set, Family family, boolean negated, boolean ifExists, String key,
                      List<Pattern> values) {
        this.set = set;
        this.family = family;
        this.negated = negated;
        this.ifExists = ifExists;
        this.key = key;
        this.values = values;
    }

    /**
     * @param operator       the operator as written, e.g. {@code ForAnyValue:StringNotLikeIfExists}
     * @param withVariables  policy variables are substituted in values (Version 2012-10-17)
     */
    static Condition parse(String operator, String key, List<String> values, boolean withVariables)
            throws MalformedPolicyException {
        SetOperator set = SetOperator.NONE;
        String name = operator;
        if (name.startsWith("ForAllValues:")) {
            set = SetOperator.FOR_ALL_VALUES;
            name = name.substring("ForAllValues:".length());
        } else if (name.startsWith("ForAnyValue:")) {
            set = SetOperator.FOR_ANY_VALUE;
            name = name.substring("ForAnyValue:".length());
        }
        boolean ifExists = name.endsWith("IfExists") && !name.equals("IfExists");
        Operator op = operator(ifExists ? name.substring(0, name.length() - "IfExists".length()) : name);
        if (op == null || (ifExists && op.family() == Family.NULL)) {
            throw new MalformedPolicyException("Invalid Condition type : " + operator + ".");
        }
        if (key.indexOf(':') <= 0) {
            throw new MalformedPolicyException(
                    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        }
        boolean ignoreCase = op.family() == Family.STRING_IGNORE_CASE;
        List<Pattern> patterns = values.stream().map(v -> Pattern.compile(v, withVariables, ignoreCase)).toList();
        return new Condition(set, op.family(), op.negated(), ifExists, key.toLowerCase(Locale.ROOT), patterns);
    }

    private static Operator operator(String name) {
        return switch (name) {
            case "StringEquals" -> new Operator(Family.STRING, false);
            case "StringNotEquals" -> new Operator(Family.STRING, true);
            case "StringEqualsIgnoreCase" -> new Operator(Family.STRING_IGNORE_CASE, false);
            case "StringNotEqualsIgnoreCase" -> new Operator(Family.STRING_IGNORE_CASE, true);
            case "StringLike" -> new Operator(Family.STRING_LIKE, false);
            case "StringNotLike" -> new Operator(Family.STRING_LIKE, true);
            case "NumericEquals" -> new Operator(Family.NUMERIC_EQ, false);
            case "NumericNotEquals" -> new Operator(Family.NUMERIC_EQ, true);
            case "NumericLessThan" -> new Operator(Family.NUMERIC_LT, false);
            case "NumericLessThanEquals" -> new Operator(Family.NUMERIC_LE, false);
            case "NumericGreaterThan" -> new Operator(Family.NUMERIC_GT, false);
            case "NumericGreaterThanEquals" -> new Operator(Family.NUMERIC_GE, false);
            case "DateEquals" -> new Operator(Family.DATE_EQ, false);
            case "DateNotEquals" -> new Operator(Family.DATE_EQ, true);
            case "DateLessThan" -> new Operator(Family.DATE_LT, false);
            case "DateLessThanEquals" -> new Operator(Family.DATE_LE, false);
            case "DateGreaterThan" -> new Operator(Family.DATE_GT, false);
            case "DateGreaterThanEquals" -> new Operator(Family.DATE_GE, false);
            case "Bool" -> new Operator(Family.BOOL, false);
            case "BinaryEquals" -> new Operator(Family.BINARY, false);
            case "IpAddress" -> new Operator(Family.IP, false);
            case "NotIpAddress" -> new Operator(Family.IP, true);
            case "ArnEquals", "ArnLike" -> new Operator(Family.ARN, false);
            case "ArnNotEquals", "ArnNotLike" -> new Operator(Family.ARN, true);
            case "Null" -> new Operator(Family.NULL, false);
            default -> null;
        };
    }

    boolean test(AccessRequest request) {
        List<String> actual = request.values(key);
        boolean missing = actual == null || actual.isEmpty();
        if (family == Family.NULL) {
            // {"Null": {"k": "true"}}: true when k is missing; "false": when it is present.
            for (Pattern v : values) {
                if (Boolean.parseBoolean(v.source()) == missing) {
                    return true;
                }
            }
            return false;
        }
        switch (set) {
            case FOR_ALL_VALUES -> {
                if (missing) {
                    return true;
                }
                for (String value : actual) {
                    if (matchesAny(value, request) == negated) {
                        return false;
                    }
                }
                return true;
            }
            case FOR_ANY_VALUE -> {
                if (missing) {
                    return false;
                }
                for (String value : actual) {
                    if (matchesAny(value, request) != negated) {
                        return true;
                    }
                }
                return false;
            }
            default -> {
                if (missing) {
                    return ifExists || negated;
                }
                boolean any = false;
                for (String value : actual) {
                    if (matchesAny(value, request)) {
                        any = true;
                        break;
                    }
                }
                return any != negated;
            }
        }
    }

    /** Whether one value of the request matches one of the condition's values, by the operator's comparison. */
    private boolean matchesAny(String actual, AccessRequest request) {
        for (Pattern expected : values) {
            if (matches(expected, actual, request)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(Pattern expected, String actual, AccessRequest request) {
        if (family == Family.STRING_LIKE) {
            return expected.matches(actual, request);
        }
        String want = expected.resolveLiteral(request);
        if (want == null) {
            return false; // a variable without a value matches nothing
        }
        return switch (family) {
            case STRING, BINARY -> want.equals(actual);
            case STRING_IGNORE_CASE -> want.equalsIgnoreCase(actual);
            case BOOL -> want.equalsIgnoreCase(actual);
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE -> compareNumbers(actual, want);
            case DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE -> compareDates(actual, want);
            case IP -> Cidr.contains(want, actual);
            case ARN -> arnLike(want, actual, request);
            case STRING_LIKE, NULL -> false;
        };
    }

    private boolean compareNumbers(String actual, String want) {
        try {
            return ordered(new BigDecimal(actual.strip()).compareTo(new BigDecimal(want.strip())));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean compareDates(String actual, String want) {
        Instant a = date(actual);
        Instant w = date(want);
        return a != null && w != null && ordered(a.compareTo(w));
    }

    private boolean ordered(int comparison) {
        return switch (family) {
            case NUMERIC_EQ, DATE_EQ -> comparison == 0;
            case NUMERIC_LT, DATE_LT -> comparison < 0;
            case NUMERIC_LE, DATE_LE -> comparison <= 0;
            case NUMERIC_GT, DATE_GT -> comparison > 0;
            case NUMERIC_GE, DATE_GE -> comparison >= 0;
            default -> false;
        };
    }

    /** ISO 8601 (a date-time or a date) or epoch seconds, the forms AWS accepts in Date conditions. */
    static Instant date(String text) {
        String s = text.strip();
        try {
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(s));
            }
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** ArnLike and ArnEquals compare the six colon-separated parts one by one, each with wildcards. */
    private static boolean arnLike(String want, String actual, AccessRequest request) {
        String[] w = want.split(":", 6);
        String[] a = actual.split(":", 6);
        if (w.length != 6 || a.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Pattern.compile(w[i], false, false).matches(a[i], request)) {
                return false;
            }
        }
        return true;
    }

    /** IPv4 and IPv6 CIDR blocks, parsed from literals only (never a name lookup). */
    static final class Cidr {
        private Cidr() {
        }

        static boolean contains(String cidr, String address) {
            int slash = cidr.indexOf('/');
            byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            byte[] ip = literal(address);
            if (network == null || ip == null || network.length != ip.length) {
                return false;
            }
            int bits;
            try {
                bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > network.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((network[i / 8] & mask) != (ip[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** The bytes of an IPv4 or IPv6 literal, or null when it is not one. */
        static byte[] literal(String text) {
            String s = text.strip();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            if (s.isEmpty()) {
                return null;
            }
            if (s.indexOf(':') < 0) {
                return ipv4(s);
            }
            if (!s.matches("[0-9A-Fa-f:.]+")) {
                return null; // a zone id or anything else: not a literal this parser accepts
            }
            try {
                // Only hexadecimal digits, colons and dots reach here, so this is parsed, never looked up.
                // An IPv4-mapped literal (::ffff:a.b.c.d) comes back as its four IPv4 bytes.
                return Inet6Address.getByName(s).getAddress();
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }

        private static byte[] ipv4(String s) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                out[i] = (byte) v;
            }
            return out;
        }
    }
}
