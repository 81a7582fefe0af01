package dev.homeport.iam.policy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reading numbers and dates as the Numeric and Date condition operators do. AWS accepts dates as ISO 8601 ("W3C
 * implementations of the ISO 8601 date formats", e.g. {@code 2026-01-01T12:00:00Z}, or just a date) or as epoch
 * seconds ({@code aws:EpochTime}). Anything else compares as no match; in a policy, IAM refuses it ("The policy failed
 * legacy parsing").
 */
final class ConditionValues {
    private ConditionValues() {
    }

    /** A decimal number, or null when the text is not one. */
    static BigDecimal number(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An instant from epoch seconds or an ISO 8601 date or date-time, or null when the text is neither. */
    static Instant date(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (isDigits(s, 0, s.length())) {
            return s.length() > 18 ? null : Instant.ofEpochSecond(Long.parseLong(s));
        }
        try {
            return new IsoReader(s).read();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean isDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code [-]YYYY[-MM[-DD]][(T|t)hh[:mm[:ss[.fraction]]][Z|z|(+|-)hh[:mm]]]}, with one- or two-digit time fields as
     * IAM accepts them. A date-time without a zone is UTC.
     */
    private static final class IsoReader {
        private final String s;
        private int pos;

        IsoReader(String s) {
            this.s = s;
        }

        Instant read() {
            boolean negative = s.charAt(0) == '-';
            pos = negative ? 1 : 0;
            int year = field(4, 9);
            int month = 1;
            int day = 1;
            if (accept('-')) {
                month = field(1, 2);
                if (accept('-')) {
                    day = field(1, 2);
                }
            }
            int hour = 0;
            int minute = 0;
            int second = 0;
            int nanos = 0;
            ZoneOffset offset = ZoneOffset.UTC;
            if (accept('T') || accept('t')) {
                hour = field(1, 2);
                if (accept(':')) {
                    minute = field(1, 2);
                    if (accept(':')) {
                        second = field(1, 2);
                        if (accept('.')) {
                            int from = pos;
                            field(1, 9);
                            String fraction = s.substring(from, pos);
                            nanos = Integer.parseInt((fraction + "00000000").substring(0, 9));
                        }
                    }
                }
                if (accept('Z') || accept('z')) {
                    offset = ZoneOffset.UTC;
                } else if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    int sign = s.charAt(pos++) == '-' ? -1 : 1;
                    int hours = field(2, 2);
                    int minutes = accept(':') ? field(2, 2) : 0;
                    offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
                }
            }
            if (pos != s.length()) {
                throw new DateTimeException("trailing text");
            }
            return LocalDateTime.of(negative ? -year : year, month, day, hour, minute, second, nanos)
                    .toInstant(offset);
        }

        private boolean accept(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private int field(int min, int max) {
            int from = pos;
            while (pos < s.length() && pos - from < max && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos - from < min) {
                throw new DateTimeException("expected digits at " + from);
            }
            return Integer.parseInt(s.substring(from, pos));
        }
    }
}
