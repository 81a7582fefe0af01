package dev.homeport.logs;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The regular-expression dialect of CloudWatch Logs filter patterns ({@code %...%}), as the
 * "Supported regular expressions (regex) syntax" section of AWS's filter pattern syntax page lists it:
 * <ul>
 *   <li>alphanumeric characters;</li>
 *   <li>the symbols {@code : _ # = @ / ; , -} ("{@code %something!%} would be rejected since '!' is
 *       not supported");</li>
 *   <li>the operators {@code ^ $ ? [ ] { } | \ * + .}, with the escapes {@code \d \D \s \S \w \W} and
 *       {@code \xhh} (the way to match other symbols, for example {@code \x28} for "(");</li>
 *   <li>no {@code (} or {@code )} ("You cannot use parentheses to define a subpattern") and no
 *       multi-byte characters.</li>
 * </ul>
 * A space is accepted too: the page's own example {@code %^starting|^initializing|^shutting down%}
 * contains one. A character outside the dialect answers "Invalid character(s) in term", as AWS answers
 * for a regex with parentheses; anything else that doesn't compile answers "Invalid filter pattern".
 *
 * <p>The accepted text is compiled by RE2/J, which matches in time linear in the event's length:
 * with {@code java.util.regex}, whose matcher backtracks, {@code %a*a*a*a*a*a*a*a*b%} took over
 * 20 seconds on a 40-character event. Two rewrites make RE2 syntax mean what the AWS page says: {@code {,n}}
 * becomes {@code {0,n}} (RE2 reads {@code {,n}} as text), and a {@code [} inside a character class is
 * escaped. {@code $} is the end of the message ("Anchors the match to the end of the string"), not
 * also the point before a final line break as in {@code java.util.regex}.
 *
 * <p>RE2 refuses a repetition count over 1,000, and a counted repetition is compiled as that many
 * copies of its operand; matching costs the compiled size for every character of the event. So the
 * counts of one regex may add up to at most {@link #MAX_REPEAT_TOTAL}, which keeps the compiled size
 * on the order of the pattern's own length (at most 1,024 characters). Beyond that: "Invalid filter
 * pattern".
 */
final class FilterRegex {
    private static final String SYMBOLS = ":_#=@/;,-";
    private static final String OPERATORS = "^$?[]{}|\\*+.";
    private static final String CLASS_ESCAPES = "dDsSwW";
    /** The most one regex's counted repetitions ({@code {m,n}}) may add up to. */
    static final int MAX_REPEAT_TOTAL = 1_000;

    private FilterRegex() {
    }

    static Pattern compile(String body) {
        if (body.isEmpty()) {
            throw PatternCursor.invalid();
        }
        StringBuilder re2 = new StringBuilder(body.length() + 8);
        boolean inClass = false;
        int repeatTotal = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c > 127) {
                throw LogsErrors.invalidTermCharacters(String.valueOf(c));
            }
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    throw PatternCursor.invalid();
                }
                char next = body.charAt(++i);
                if (next == 'x') {
                    if (i + 2 >= body.length() || !isHex(body.charAt(i + 1)) || !isHex(body.charAt(i + 2))) {
                        throw PatternCursor.invalid();
                    }
                    re2.append("\\x").append(body, i + 1, i + 3);
                    i += 2;
                } else if (CLASS_ESCAPES.indexOf(next) >= 0) {
                    re2.append('\\').append(next);
                } else if (next == ' ' || SYMBOLS.indexOf(next) >= 0 || OPERATORS.indexOf(next) >= 0) {
                    re2.append('\\').append(next);
                } else if (Character.isLetterOrDigit(next)) {
                    // \b, \n, \p{...}, back-references: not in AWS's list.
                    throw PatternCursor.invalid();
                } else {
                    throw LogsErrors.invalidTermCharacters(String.valueOf(next));
                }
                continue;
            }
            if (!(Character.isLetterOrDigit(c) || c == ' ' || SYMBOLS.indexOf(c) >= 0 || OPERATORS.indexOf(c) >= 0)) {
                throw LogsErrors.invalidTermCharacters(String.valueOf(c));
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    re2.append(c);
                } else if (c == '[') {
                    re2.append("\\[");
                } else {
                    re2.append(c);
                }
            } else if (c == '[') {
                inClass = true;
                re2.append(c);
                // A ']' first in the class (after an optional '^') is a literal, as in POSIX.
                int k = i + 1;
                if (k < body.length() && body.charAt(k) == '^') {
                    re2.append('^');
                    k++;
                }
                if (k < body.length() && body.charAt(k) == ']') {
                    re2.append("\\]");
                    k++;
                }
                i = k - 1;
            } else if (c == '{') {
                int close = body.indexOf('}', i);
                if (close < 0) {
                    throw PatternCursor.invalid();
                }
                Repeat repeat = quantifier(body.substring(i + 1, close));
                repeatTotal += repeat.copies();
                if (repeatTotal > MAX_REPEAT_TOTAL) {
                    throw PatternCursor.invalid();
                }
                re2.append(repeat.re2());
                i = close;
            } else {
                re2.append(c);
            }
        }
        if (inClass) {
            throw PatternCursor.invalid();
        }
        try {
            return Pattern.compile(re2.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw PatternCursor.invalid();
        }
    }

    /** A counted repetition in RE2 syntax, and how many copies of its operand it compiles to. */
    private record Repeat(String re2, int copies) {
    }

    /** {@code {m,n}} where "Either m or n can be omitted" (AWS); spaces around the numbers are allowed. */
    private static Repeat quantifier(String inside) {
        String s = inside.replace(" ", "");
        int comma = s.indexOf(',');
        String m = comma < 0 ? s : s.substring(0, comma);
        String n = comma < 0 ? null : s.substring(comma + 1);
        if (!digits(m, true) || (n != null && !digits(n, true)) || (m.isEmpty() && (n == null || n.isEmpty()))) {
            throw PatternCursor.invalid();
        }
        if (m.length() > 6 || (n != null && n.length() > 6)) {
            throw PatternCursor.invalid();
        }
        int min = m.isEmpty() ? 0 : Integer.parseInt(m);
        if (n == null) {
            return new Repeat("{" + min + "}", min);
        }
        if (n.isEmpty()) {
            // {m,}: m copies and a star.
            return new Repeat("{" + min + ",}", min + 1);
        }
        int max = Integer.parseInt(n);
        if (min > max) {
            throw PatternCursor.invalid();
        }
        return new Repeat("{" + min + "," + max + "}", max);
    }

    private static boolean digits(String s, boolean emptyOk) {
        if (s.isEmpty()) {
            return emptyOk;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
