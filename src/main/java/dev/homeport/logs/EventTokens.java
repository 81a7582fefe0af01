package dev.homeport.logs;

import dev.homeport.logs.LogStore.Position;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GetLogEvents' tokens, in AWS's shape: {@code f/<56 digits>/s} to read forward (events after a
 * position) and {@code b/<56 digits>/s} to read backward (events before it). The digits are the
 * position's timestamp and sequence number, each as 28 zero-padded decimal digits with an offset so
 * that negative values stay digits.
 */
final class EventTokens {
    private static final Pattern TOKEN = Pattern.compile("([fb])/(\\d{28})(\\d{28})/s");
    private static final java.math.BigInteger OFFSET = java.math.BigInteger.ONE.shiftLeft(63);

    record Token(boolean forward, Position position) {
    }

    private EventTokens() {
    }

    static String forward(Position p) {
        return "f/" + digits(p) + "/s";
    }

    static String backward(Position p) {
        return "b/" + digits(p) + "/s";
    }

    private static String digits(Position p) {
        return pad(p.timestamp()) + pad(p.seq());
    }

    private static String pad(long v) {
        String s = java.math.BigInteger.valueOf(v).add(OFFSET).toString();
        return "0".repeat(28 - s.length()) + s;
    }

    static Optional<Token> parse(String token) {
        Matcher m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long ts = new java.math.BigInteger(m.group(2)).subtract(OFFSET).longValueExact();
            long seq = new java.math.BigInteger(m.group(3)).subtract(OFFSET).longValueExact();
            return Optional.of(new Token(m.group(1).equals("f"), new Position(ts, seq)));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
