package dev.homeport.logs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Space-delimited filter patterns, "Using filter patterns to match terms in space-delimited log
 * events" in AWS's filter pattern syntax page: {@code [ip, user, ..., status_code = 4*, bytes > 1000]}.
 * <pre>
 *   pattern    := '[' slot (',' slot)* ']'
 *   slot       := '...' | name | name op value (('&amp;&amp;' | '||') name op value)*
 * </pre>
 * {@code &&} binds tighter than {@code ||}, and every condition of a slot names that slot
 * ({@code status_code = 404 || status_code = 410}); AWS answers "Invalid filter pattern" to its own
 * old example {@code status_code = 4* && bytes > 1000}, which mixes two fields in one slot.
 *
 * <p>The message is split at spaces, but "Characters between brackets ("[]") and double quotation
 * marks ("") are considered single fields" (without the brackets or quotes, as AWS extracts
 * {@code $request} = {@code GET /index.html HTTP/1.0}). {@code ...} stands for any number of
 * fields. Without one, the last slot takes the rest of the line, which is why AWS asks for "a blank
 * w2 indicator after the w1 term" in {@code [w1=ERROR, w2]}; a message with fewer fields than
 * slots doesn't match.
 */
final class DelimitedFilterPattern {
    private static final String NAME_EXTRA = "_";

    private record Slot(String name, List<List<FilterCondition>> anyOf) {
        static final Slot ELLIPSIS = new Slot(null, List.of());

        boolean ellipsis() {
            return name == null;
        }

        boolean test(String field) {
            if (anyOf.isEmpty()) {
                return true;
            }
            BigDecimal n = FilterCondition.number(field);
            for (List<FilterCondition> all : anyOf) {
                boolean ok = true;
                for (FilterCondition c : all) {
                    if (!c.test(field, n)) {
                        ok = false;
                        break;
                    }
                }
                if (ok) {
                    return true;
                }
            }
            return false;
        }
    }

    record MessageField(String value, int start) {
    }

    private DelimitedFilterPattern() {
    }

    /** {@code text} is the whole pattern, from its '[' to its ']'. */
    static Predicate<String> parse(String text) {
        PatternCursor c = new PatternCursor(text.substring(1, text.length() - 1));
        List<Slot> slots = new ArrayList<>();
        int regexes = 0;
        while (true) {
            c.skipSpaces();
            if (c.accept("...")) {
                slots.add(Slot.ELLIPSIS);
            } else if (c.atEnd() || c.peekIs(',')) {
                // An unnamed field, as the trailing comma of AWS's example [..., request=*.html*, status_code=4*,]
                // (its extracted values name that last field "$7").
                slots.add(new Slot("", List.of()));
            } else {
                Slot s = slot(c);
                for (List<FilterCondition> all : s.anyOf()) {
                    for (FilterCondition cond : all) {
                        // "There is a limit of 2 regex for each filter pattern when creating a delimited ... pattern"
                        if (cond.usesRegex() && ++regexes > 2) {
                            throw PatternCursor.invalid();
                        }
                    }
                }
                slots.add(s);
            }
            c.skipSpaces();
            if (c.atEnd()) {
                break;
            }
            c.expect(',');
        }
        if (slots.size() == 1 && slots.get(0).name() != null && slots.get(0).name().isEmpty()) {
            throw PatternCursor.invalid(); // []
        }
        List<Slot> frozen = List.copyOf(slots);
        boolean ellipsis = frozen.stream().anyMatch(Slot::ellipsis);
        return message -> matches(frozen, ellipsis, message);
    }

    private static Slot slot(PatternCursor c) {
        String name = name(c);
        c.skipSpaces();
        List<List<FilterCondition>> anyOf = new ArrayList<>();
        if (c.atEnd() || c.peekIs(',')) {
            return new Slot(name, anyOf);
        }
        List<FilterCondition> all = new ArrayList<>();
        all.add(condition(c));
        while (true) {
            c.skipSpaces();
            boolean and = c.accept("&&");
            if (!and && !c.accept("||")) {
                break;
            }
            if (!and) {
                anyOf.add(all);
                all = new ArrayList<>();
            }
            c.skipSpaces();
            if (!name(c).equals(name)) {
                throw PatternCursor.invalid();
            }
            c.skipSpaces();
            all.add(condition(c));
        }
        anyOf.add(all);
        c.skipSpaces();
        if (!c.atEnd() && !c.peekIs(',')) {
            throw PatternCursor.invalid();
        }
        return new Slot(name, anyOf);
    }

    private static FilterCondition condition(PatternCursor c) {
        c.skipSpaces();
        FilterCondition.Op op = FilterCondition.readOp(c);
        if (op == null) {
            if (c.atEnd() || Character.isLetterOrDigit(c.peek())) {
                throw PatternCursor.invalid();
            }
            throw LogsErrors.invalidTermCharacters(String.valueOf(c.peek()));
        }
        return FilterCondition.read(c, op, ",&|");
    }

    private static String name(PatternCursor c) {
        int start = c.pos;
        while (!c.atEnd() && (Character.isLetterOrDigit(c.peek()) || NAME_EXTRA.indexOf(c.peek()) >= 0)) {
            c.pos++;
        }
        if (start == c.pos) {
            if (c.atEnd() || c.peekIs(',')) {
                throw PatternCursor.invalid();
            }
            throw LogsErrors.invalidTermCharacters(String.valueOf(c.peek()));
        }
        return c.text.substring(start, c.pos);
    }

    private static boolean matches(List<Slot> slots, boolean ellipsis, String message) {
        List<MessageField> fields = split(message);
        int k = slots.size();
        int n = fields.size();
        if (!ellipsis) {
            if (n < k) {
                return false;
            }
            for (int i = 0; i < k - 1; i++) {
                if (!slots.get(i).test(fields.get(i).value())) {
                    return false;
                }
            }
            MessageField last = fields.get(k - 1);
            String rest = n == k ? last.value() : message.substring(last.start()).strip();
            return slots.get(k - 1).test(rest);
        }
        // ok[i][j]: slots i.. match fields j..; "..." takes any number of fields.
        boolean[][] ok = new boolean[k + 1][n + 1];
        ok[k][n] = true;
        for (int i = k - 1; i >= 0; i--) {
            Slot s = slots.get(i);
            for (int j = n; j >= 0; j--) {
                ok[i][j] = s.ellipsis()
                        ? ok[i + 1][j] || (j < n && ok[i][j + 1])
                        : j < n && ok[i + 1][j + 1] && s.test(fields.get(j).value());
            }
        }
        return ok[0][0];
    }

    /** The message's fields: runs of non-spaces, or the text inside "..." or [...]. */
    static List<MessageField> split(String message) {
        List<MessageField> out = new ArrayList<>();
        int i = 0;
        int len = message.length();
        while (i < len) {
            char ch = message.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
                continue;
            }
            int start = i;
            if (ch == '"' || ch == '[') {
                char close = ch == '"' ? '"' : ']';
                int end = message.indexOf(close, i + 1);
                if (end < 0) {
                    end = len;
                }
                out.add(new MessageField(message.substring(i + 1, end), start));
                i = Math.min(end + 1, len);
            } else {
                while (i < len && !Character.isWhitespace(message.charAt(i))) {
                    i++;
                }
                out.add(new MessageField(message.substring(start, i), start));
            }
        }
        return out;
    }
}
