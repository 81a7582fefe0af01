package dev.homeport.logs;

import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A CloudWatch Logs filter pattern, as AWS's "Filter pattern syntax for metric filters, subscription
 * filters, filter log events, and Live Tail" page documents it. Case-sensitive, as on AWS. By first
 * character:
 * <ul>
 *   <li>{@code {}: a JSON pattern ({@link JsonFilterPattern});</li>
 *   <li>{@code [}: a space-delimited pattern ({@link DelimitedFilterPattern});</li>
 *   <li>otherwise terms, each a word, a {@code "quoted phrase"} or a {@code %regex%}
 *       ({@link FilterRegex}): every plain term must occur, no {@code -term} may occur, and
 *       {@code ?term}s match when any of them occurs. "If you combine "?" with other filter patterns,
 *       all question mark terms will be ignored." Unquoted terms hold letters, digits and {@code _}
 *       ("Enclose exact phrases and terms that include non-alphanumeric characters in double
 *       quotation marks"); Homeport also lets {@code -} and {@code .} through, which AWS's wording
 *       doesn't settle.</li>
 *   <li>empty, blank, {@code ""} or {@code " "}: every event matches.</li>
 * </ul>
 * A pattern AWS refuses answers its {@code InvalidParameterException} from {@link #parse}; matching
 * never fails.
 */
final class FilterPattern {
    /** "There is a limit of 2 regex for each filter pattern ... when filtering log events." */
    static final int MAX_REGEX = 2;
    private static final String BARE_EXTRA = "_-.";

    private final Predicate<String> test;
    private final boolean all;

    private FilterPattern(Predicate<String> test, boolean all) {
        this.test = test;
        this.all = all;
    }

    static final FilterPattern ALL = new FilterPattern(m -> true, true);

    /** @throws dev.homeport.protocol.AwsServiceException InvalidParameterException, as AWS answers */
    static FilterPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return ALL;
        }
        String p = pattern.strip();
        if (p.startsWith("{")) {
            if (!p.endsWith("}") || p.length() < 2) {
                throw LogsErrors.filterPatternBraces();
            }
            return new FilterPattern(JsonFilterPattern.parse(p), false);
        }
        if (p.startsWith("[")) {
            if (!p.endsWith("]") || p.length() < 2) {
                throw PatternCursor.invalid();
            }
            return new FilterPattern(DelimitedFilterPattern.parse(p), false);
        }
        return terms(p);
    }

    boolean matchesAll() {
        return all;
    }

    boolean matches(String message) {
        return test.test(message == null ? "" : message);
    }

    private static FilterPattern terms(String p) {
        List<Predicate<String>> required = new ArrayList<>();
        List<Predicate<String>> optional = new ArrayList<>();
        List<Predicate<String>> excluded = new ArrayList<>();
        PatternCursor c = new PatternCursor(p);
        int count = 0;
        int regexes = 0;
        boolean emptyQuoted = false;
        while (true) {
            c.skipSpaces();
            if (c.atEnd()) {
                break;
            }
            List<Predicate<String>> target = required;
            if (c.peekIs('?') || c.peekIs('-')) {
                target = c.peek() == '?' ? optional : excluded;
                c.pos++;
                // AWS's older examples write the exclusion apart: "ERROR" - "Exiting".
                c.skipSpaces();
                if (c.atEnd()) {
                    throw PatternCursor.invalid();
                }
            }
            count++;
            Predicate<String> term;
            if (c.peekIs('"')) {
                String phrase = c.quoted();
                if (phrase.isEmpty()) {
                    emptyQuoted = true;
                }
                if (phrase.isBlank()) {
                    continue; // " " is AWS's documented "match everything" pattern: it asks for nothing.
                }
                term = m -> m.contains(phrase);
            } else if (c.peekIs('%')) {
                if (++regexes > MAX_REGEX) {
                    throw PatternCursor.invalid();
                }
                Pattern re = c.regex();
                term = m -> re.matcher(m).find();
            } else {
                String word = c.word("");
                for (int i = 0; i < word.length(); i++) {
                    char ch = word.charAt(i);
                    if (!Character.isLetterOrDigit(ch) && BARE_EXTRA.indexOf(ch) < 0) {
                        // As AWS answers `?Status: timeout`: "Invalid character(s) in term ':'".
                        throw LogsErrors.invalidTermCharacters(String.valueOf(ch));
                    }
                }
                term = m -> m.contains(word);
            }
            target.add(term);
        }
        if (emptyQuoted && count > 1) {
            // AWS refuses "" next to other terms: "Invalid character(s) in term '""'".
            throw LogsErrors.invalidTermCharacters("\"\"");
        }
        List<Predicate<String>> req = List.copyOf(required);
        List<Predicate<String>> exc = List.copyOf(excluded);
        // "?" terms count only when they stand alone.
        List<Predicate<String>> opt = req.isEmpty() && exc.isEmpty() ? List.copyOf(optional) : List.of();
        boolean all = req.isEmpty() && exc.isEmpty() && opt.isEmpty();
        if (all) {
            return ALL;
        }
        return new FilterPattern(m -> {
            for (Predicate<String> t : req) {
                if (!t.test(m)) {
                    return false;
                }
            }
            for (Predicate<String> t : exc) {
                if (t.test(m)) {
                    return false;
                }
            }
            if (opt.isEmpty()) {
                return true;
            }
            for (Predicate<String> t : opt) {
                if (t.test(m)) {
                    return true;
                }
            }
            return false;
        }, false);
    }
}
