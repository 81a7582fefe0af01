package dev.homeport.logs;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 * The accepted text is handed to {@link java.util.regex} after two rewrites so that it means what
 * the AWS page says: {@code {,n}} becomes {@code {0,n}}, and {@code [} inside a character class is
 * escaped (Java would read it as a nested class).
 */
final class FilterRegex {
    private static final String SYMBOLS = ":_#=@/;,-";
    private static final String OPERATORS = "^$?[]{}|\\*+.";
    private static final String CLASS_ESCAPES = "dDsSwW";

    private FilterRegex() {
    }

    static Pattern compile(String body) {
        if (body.isEmpty()) {
            throw PatternCursor.invalid();
        }
        StringBuilder java = new StringBuilder(body.length() + 8);
        boolean inClass = false;
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
                    java.append("\\x").append(body, i + 1, i + 3);
                    i += 2;
                } else if (CLASS_ESCAPES.indexOf(next) >= 0) {
                    java.append('\\').append(next);
                } else if (next == ' ' || SYMBOLS.indexOf(next) >= 0 || OPERATORS.indexOf(next) >= 0) {
                    java.append('\\').append(next);
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
                    java.append(c);
                } else if (c == '[') {
                    java.append("\\[");
                } else {
                    java.append(c);
                }
            } else if (c == '[') {
                inClass = true;
                java.append(c);
                // A ']' first in the class (after an optional '^') is a literal, as in POSIX.
                int k = i + 1;
                if (k < body.length() && body.charAt(k) == '^') {
                    java.append('^');
                    k++;
                }
                if (k < body.length() && body.charAt(k) == ']') {
                    java.append("\\]");
                    k++;
                }
                i = k - 1;
            } else if (c == '{') {
                int close = body.indexOf('}', i);
                if (close < 0) {
                    throw PatternCursor.invalid();
                }
                java.append(quantifier(body.substring(i + 1, close)));
                i = close;
            } else {
                java.append(c);
            }
        }
        if (inClass) {
            throw PatternCursor.invalid();
        }
        try {
            return Pattern.compile(java.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw PatternCursor.invalid();
        }
    }

    /** {@code {m,n}} where "Either m or n can be omitted" (AWS); spaces around the numbers are allowed. */
    private static String quantifier(String inside) {
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
        if (n == null) {
            return "{" + m + "}";
        }
        if (!m.isEmpty() && !n.isEmpty() && Integer.parseInt(m) > Integer.parseInt(n)) {
            throw PatternCursor.invalid();
        }
        return "{" + (m.isEmpty() ? "0" : m) + "," + n + "}";
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
