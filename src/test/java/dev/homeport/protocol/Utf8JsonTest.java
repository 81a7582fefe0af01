package dev.homeport.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The byte check in front of Jackson: what is Unicode text in UTF-8 passes, nothing else does. */
class Utf8JsonTest {

    /** {@code {"v":"<bytes>"}} */
    private static byte[] body(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"v\":\"".getBytes(StandardCharsets.US_ASCII));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] body(String escapedJsonText) {
        return ("{\"v\":\"" + escapedJsonText + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(byte[] body) {
        AwsServiceException e = catchThrowableOfType(AwsServiceException.class, () -> Utf8Json.requireUnicodeText(body));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.errorType()).isEqualTo("SerializationException");
        return e.getMessage();
    }

    @Test
    void wellFormedTextPasses() {
        String text = "ascii é € \uD83D\uDE00 \uFFFD \uD7FF \uE000 \uFFFF \uDBFF\uDFFF \u0800";
        for (byte[] b : new byte[][] {body(text), body(""), new byte[0], "null".getBytes(StandardCharsets.UTF_8),
                // The UTF-8 byte order mark, which Jackson skips.
                {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}}) {
            assertThatCode(() -> Utf8Json.requireUnicodeText(b)).doesNotThrowAnyException();
        }
        // Escapes: a pair, every one-character escape, and an escaped backslash before a 'u'.
        for (String escaped : new String[] {"\\ud83d\\ude00", "\\uD83D\\uDE00", "\\\" \\\\ \\/ \\b \\f \\n \\r \\t",
                "\\\\ud800", "\\u0041\\u00e9\\uffff"}) {
            assertThatCode(() -> Utf8Json.requireUnicodeText(body(escaped))).as(escaped).doesNotThrowAnyException();
        }
    }

    @Test
    void unpairedSurrogateEscapesAreRefused() {
        for (String escaped : new String[] {"\\ud800", "\\udbff", "\\udc00", "\\udfff", "a\\ud800b", "\\ud800\\u0041",
                "\\ud800\\n", "\\udc00\\ud800", "\\ud800\\ud800\\udc00", "\\ud83d\\ude00\\ude00"}) {
            assertThat(refusal(body(escaped))).as(escaped)
                    .isEqualTo("The request body contains an unpaired UTF-16 surrogate in a string.");
        }
        // A high surrogate escape as the very last thing in the body.
        assertThat(refusal("\"\\ud800".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("The request body contains an unpaired UTF-16 surrogate in a string.");
    }

    @Test
    void bytesThatAreNotWellFormedUtf8AreRefused() {
        int[][] malformed = {
                {0xED, 0xA0, 0x80},             // U+D800 encoded
                {0xED, 0xBF, 0xBF},             // U+DFFF encoded
                {0xF0, 0x8D, 0xA0, 0x80},       // U+D800, overlong
                {0xC0, 0xAF}, {0xC1, 0xBF},     // overlong ASCII
                {0xE0, 0x9F, 0xBF},             // overlong below U+0800
                {0xF0, 0x8F, 0xBF, 0xBF},       // overlong below U+10000
                {0xF4, 0x90, 0x80, 0x80},       // above U+10FFFF
                {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0xFE},
                {0x80}, {0xBF},                 // a continuation byte alone
                {0xC3}, {0xE2, 0x82}, {0xF0, 0x9F, 0x98}, // cut short
                {0xC3, 0x41},                   // a lead byte without its continuation
                {0x00}};                        // NUL: JSON escapes it; a UTF-16 body has them
        for (int[] bad : malformed) {
            assertThat(refusal(body(bad))).isEqualTo("The request body is not valid UTF-8.");
        }
        assertThat(refusal("{\"v\":\"x\"}".getBytes(StandardCharsets.UTF_16))).isEqualTo("The request body is not valid UTF-8.");
        assertThat(refusal(new byte[] {'{', '"', 'v', '"', ':', '"', (byte) 0xC3}))
                .isEqualTo("The request body is not valid UTF-8.");
    }
}
