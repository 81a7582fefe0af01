package dev.homeport.logs;

import com.google.re2j.Pattern;

import java.math.BigDecimal;

/**
 * One comparison of a value from the event (a JSON string or number, or a space-delimited field)
 * with a value written in the pattern: {@code = != < <= > >=} against a string (with {@code *}
 * wildcards), a number or a {@code %regex%}. Shared by JSON and space-delimited patterns, which AWS
 * documents with the same operators and values.
 */
record FilterCondition(Op op, Operand operand) {

    enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean numericOnly() {
            return this != EQ && this != NE;
        }
    }

    /** What a pattern compares against. */
    sealed interface Operand permits Text, Number, Regex {
    }

    /**
     * A string; {@code *} matches any text ("Use the asterisk as a wild card to match text"). Compiled
     * by RE2/J like a {@code %regex%}: with a backtracking matcher, {@code a*a*a*a*a*b} against a long
     * field costs a power of its length.
     */
    record Text(String raw, Pattern glob) implements Operand {
        static Text of(String raw) {
            StringBuilder re = new StringBuilder();
            int from = 0;
            for (int i = raw.indexOf('*'); i >= 0; i = raw.indexOf('*', from)) {
                re.append(Pattern.quote(raw.substring(from, i))).append(".*");
                from = i + 1;
            }
            re.append(Pattern.quote(raw.substring(from)));
            return new Text(raw, Pattern.compile(re.toString(), Pattern.DOTALL));
        }
    }

    record Number(BigDecimal value) implements Operand {
    }

    record Regex(Pattern pattern) implements Operand {
    }

    /** Characters an unquoted value may hold: AWS asks for double quotes around anything else. */
    private static final String BARE_EXTRA = "_.*+-";

    /** Reads an operator; {@code null} when none comes next. */
    static Op readOp(PatternCursor c) {
        if (c.accept("!=")) {
            return Op.NE;
        }
        if (c.accept("<=")) {
            return Op.LE;
        }
        if (c.accept(">=")) {
            return Op.GE;
        }
        if (c.accept("=")) {
            return Op.EQ;
        }
        if (c.accept("<")) {
            return Op.LT;
        }
        if (c.accept(">")) {
            return Op.GT;
        }
        return null;
    }

    /**
     * Reads the value after {@code op}: {@code "quoted"}, {@code %regex%}, a number, or a bare word
     * ending at whitespace or one of {@code stops}. Numeric operators need a number.
     */
    static FilterCondition read(PatternCursor c, Op op, String stops) {
        c.skipSpaces();
        if (c.atEnd()) {
            throw PatternCursor.invalid();
        }
        Operand operand;
        if (c.peekIs('"')) {
            operand = Text.of(c.quoted());
        } else if (c.peekIs('%')) {
            operand = new Regex(c.regex());
        } else {
            String word = c.word(stops);
            if (word.isEmpty()) {
                throw PatternCursor.invalid();
            }
            for (int i = 0; i < word.length(); i++) {
                char ch = word.charAt(i);
                if (!Character.isLetterOrDigit(ch) && BARE_EXTRA.indexOf(ch) < 0) {
                    throw LogsErrors.invalidTermCharacters(String.valueOf(ch));
                }
            }
            BigDecimal n = word.indexOf('*') < 0 ? number(word) : null;
            operand = n != null ? new Number(n) : Text.of(word);
        }
        if (op.numericOnly() && !(operand instanceof Number)) {
            throw PatternCursor.invalid();
        }
        return new FilterCondition(op, operand);
    }

    /**
     * Tests a value from the event: {@code text} as it reads, {@code number} its numeric value
     * ({@code null} when it isn't a number).
     */
    boolean test(String text, BigDecimal number) {
        return switch (operand) {
            case Text t -> t.glob().matcher(text).matches() == (op == Op.EQ);
            case Regex r -> r.pattern().matcher(text).find() == (op == Op.EQ);
            case Number n -> {
                if (number == null) {
                    // Not a number: it can only differ from one.
                    yield op == Op.NE;
                }
                int cmp = number.compareTo(n.value());
                yield switch (op) {
                    case EQ -> cmp == 0;
                    case NE -> cmp != 0;
                    case LT -> cmp < 0;
                    case LE -> cmp <= 0;
                    case GT -> cmp > 0;
                    case GE -> cmp >= 0;
                };
            }
        };
    }

    boolean usesRegex() {
        return operand instanceof Regex;
    }

    /**
     * A number as AWS documents it: an optional sign, digits, an optional decimal part and an
     * optional exponent ({@code 10e3}, {@code 1e-3}, {@code +1000}, {@code 55.5}); otherwise null.
     */
    static BigDecimal number(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        int i = 0;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            i++;
        }
        int digitsStart = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        if (i == digitsStart) {
            return null;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            int frac = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == frac) {
                return null;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == exp || i - exp > 4) {
                return null;
            }
        }
        if (i != s.length()) {
            return null;
        }
        try {
            return new BigDecimal(s.charAt(0) == '+' ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
