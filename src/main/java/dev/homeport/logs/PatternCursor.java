package dev.homeport.logs;

import com.google.re2j.Pattern;
import dev.homeport.protocol.AwsServiceException;

/**
 * A read position in a filter pattern, with the small lexing steps the three pattern parsers share
 * (quoted strings, {@code %regex%} spans, bare words). Every failure is AWS's
 * {@code InvalidParameterException}, so no parser can fail any other way.
 */
final class PatternCursor {
    final String text;
    int pos;

    PatternCursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return text.charAt(pos);
    }

    boolean peekIs(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    /** Consumes {@code s} if it comes next. */
    boolean accept(String s) {
        if (text.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (!peekIs(c)) {
            throw invalid();
        }
        pos++;
    }

    void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** After the opening {@code "}: the text up to the closing quote, {@code \"} and {@code \\} unescaped. */
    String quoted() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\\')) {
                c = text.charAt(pos++);
            }
            b.append(c);
        }
        throw invalid();
    }

    /** A {@code %regex%} span, checked against the dialect AWS accepts and compiled. */
    Pattern regex() {
        expect('%');
        int end = text.indexOf('%', pos);
        if (end < 0) {
            throw invalid();
        }
        String body = text.substring(pos, end);
        pos = end + 1;
        return FilterRegex.compile(body);
    }

    /** Characters up to whitespace or one of {@code stops}; may be empty. */
    String word(String stops) {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || stops.indexOf(c) >= 0) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    /** AWS's answer to a pattern it cannot read. */
    static AwsServiceException invalid() {
        return LogsErrors.invalidFilterPattern();
    }
}
