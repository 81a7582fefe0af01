package dev.homeport.ssm;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A parameter's {@code AllowedPattern}: compiled once, and matched against a value within a time limit. The pattern is
 * the caller's, and Java's backtracking matcher can take polynomial time of any degree on some patterns ({@code (.*a){20}}
 * against a few thousand characters that don't match runs for hours): without the limit, one PutParameter could keep a core busy for good. The
 * matcher reads the value through {@link Deadline}, which stops it once the time is up; a value that takes that long
 * is refused as not matching.
 */
final class AllowedPattern {
    /** Far beyond any reasonable pattern against an 8 KB value (microseconds), short enough not to hold a request. */
    static final long LIMIT_NANOS = 200_000_000L;

    private AllowedPattern() {
    }

    /** The compiled pattern; InvalidAllowedPatternException when it isn't a regular expression. */
    static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException | StackOverflowError e) {
            throw SsmErrors.invalidAllowedPattern();
        }
    }

    /** Whether the whole value matches, decided within {@link #LIMIT_NANOS} (false when it couldn't be). */
    static boolean matches(Pattern pattern, String value) {
        try {
            return pattern.matcher(new Deadline(value, System.nanoTime() + LIMIT_NANOS)).matches();
        } catch (Deadline.Expired | StackOverflowError e) {
            return false;
        }
    }

    /** A string whose reads fail once its deadline has passed (checked every 4096 reads). */
    private static final class Deadline implements CharSequence {
        private final String text;
        private final long deadline;
        private int reads;

        Deadline(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new Expired();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }

        static final class Expired extends RuntimeException {
            Expired() {
                super("pattern matching took too long", null, false, false);
            }
        }
    }
}
