package dev.homeport.protocol;

/**
 * The check that a request body is UTF-8 JSON whose strings are Unicode text, before Jackson reads it.
 *
 * <p>Smithy's string shape is "a UTF-8 encoded string", and a lone UTF-16 surrogate has no UTF-8
 * encoding. Jackson reads one without complaint, from an escape ({@code "\\ud800"}) or from bytes that
 * are not well-formed UTF-8 (ED A0 80 encodes a surrogate; F0 8D A0 80 is an overlong form that it
 * decodes into one), and the value then became {@code ?} wherever it was encoded as UTF-8 (sealing a
 * secret, SQLite): acknowledged, then returned changed. AWS's JSON front end answers bytes it cannot
 * decode as UTF-8 with a {@code SerializationException} (DynamoDB reports where clients sent Latin-1,
 * e.g. aws/aws-sdk-js#46); so does Homeport, for those and for unpaired surrogate escapes alike.
 *
 * <p>A NUL byte is refused too: JSON must escape it inside strings and allows none outside, so a body
 * with one is UTF-16 or UTF-32 text, which Jackson would otherwise detect and read (RFC 8259: JSON
 * exchanged between systems "MUST be encoded using UTF-8").
 *
 * <p>One pass over the bytes, before the one pass that binds them; nothing is decoded or allocated.
 */
final class Utf8Json {
    private Utf8Json() {
    }

    /** @throws AwsServiceException {@code SerializationException} when {@code body} is not such text */
    static void requireUnicodeText(byte[] body) {
        boolean awaitingLowSurrogate = false;
        int i = 0;
        while (i < body.length) {
            int b = body[i] & 0xff;
            int unit = b == '\\' ? escapedUnit(body, i) : -1;
            // A high surrogate escape must be followed at once by a low one, and a low one must follow a high one.
            boolean low = unit >= 0xDC00 && unit <= 0xDFFF;
            if (awaitingLowSurrogate != low) {
                throw ProtocolErrors.unpairedSurrogate();
            }
            awaitingLowSurrogate = unit >= 0xD800 && unit <= 0xDBFF;
            if (b == '\\') {
                // \\uXXXX, or a one-character escape such as \\" or \\\\ (what follows is not a delimiter).
                i += unit >= 0 ? 6 : 2;
            } else if (b == 0) {
                throw ProtocolErrors.notUtf8();
            } else if (b < 0x80) {
                i++;
            } else {
                i += wellFormedSequenceLength(body, i);
            }
        }
        if (awaitingLowSurrogate) {
            throw ProtocolErrors.unpairedSurrogate();
        }
    }

    /** The UTF-16 code unit of a {@code \\uXXXX} escape starting at {@code at}, or -1 if there is none. */
    private static int escapedUnit(byte[] body, int at) {
        if (at + 5 >= body.length || body[at + 1] != 'u') {
            return -1;
        }
        int unit = 0;
        for (int k = at + 2; k < at + 6; k++) {
            int digit = Character.digit(body[k], 16);
            if (digit < 0) {
                return -1; // not an escape Jackson accepts either; it reports the body as invalid JSON
            }
            unit = unit * 16 + digit;
        }
        return unit;
    }

    /**
     * The length of the multi-byte UTF-8 sequence starting at {@code at}, checked against the
     * well-formed byte sequences of the Unicode Standard (table 3-7): the second byte's range depends on
     * the first, which rules out overlong forms, surrogates (ED A0..BF) and code points over U+10FFFF.
     */
    private static int wellFormedSequenceLength(byte[] body, int at) {
        int lead = body[at] & 0xff;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondMin = 0xA0;
            } else if (lead == 0xED) {
                secondMax = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondMin = 0x90;
            } else if (lead == 0xF4) {
                secondMax = 0x8F;
            }
        } else {
            throw ProtocolErrors.notUtf8();
        }
        if (at + length > body.length) {
            throw ProtocolErrors.notUtf8();
        }
        int second = body[at + 1] & 0xff;
        if (second < secondMin || second > secondMax) {
            throw ProtocolErrors.notUtf8();
        }
        for (int k = at + 2; k < at + length; k++) {
            int continuation = body[k] & 0xff;
            if (continuation < 0x80 || continuation > 0xBF) {
                throw ProtocolErrors.notUtf8();
            }
        }
        return length;
    }
}
