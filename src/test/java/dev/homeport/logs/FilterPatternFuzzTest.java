package dev.homeport.logs;

import dev.homeport.protocol.AwsServiceException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random patterns, built from the characters the grammars care about, either parse or answer AWS's
 * InvalidParameterException; a parsed pattern never fails while matching. Seeded, so a failure
 * names a pattern that reproduces it.
 */
class FilterPatternFuzzTest {
    private static final String[] PIECES = {
            "{", "}", "[", "]", "(", ")", "$", ".", "$.", "$.a", "$.b[0]", "[*]", ".*", "['x.y']", "=", "!=", "<", "<=",
            ">", ">=", "&&", "||", "\"", "\"q\"", "%", "%a.b%", "%[0-9]+%", "%\\d{1,3}%", "{2,}", "\\", "\\x41", "*", "?",
            "-", "...", ",", " ", "  ", "IS", "NOT", "EXISTS", "TRUE", "NULL", "FALSE", "1", "-2.5", "1e3", "4*", "ERROR",
            "w1", "x", "é", "!", ":", "'", "\t", "a{", "^", "|", "+",
    };
    private static final List<String> MESSAGES = List.of(
            "", "ERROR something failed", "{\"a\": 1, \"b\": [\"x\", 2], \"x.y\": null, \"c\": {\"d\": true}}",
            "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /a HTTP/1.0\" 404 1534", "{not json",
            "[unterminated \"quote", "{\"a\": \"4\"}");

    @Test
    void randomPatternsParseOrAnswerInvalidParameter() {
        Random random = new Random(20240611);
        int parsed = 0;
        for (int i = 0; i < 30_000; i++) {
            String pattern = randomPattern(random);
            FilterPattern p;
            try {
                p = FilterPattern.parse(pattern);
            } catch (AwsServiceException e) {
                assertThat(e.errorType()).as(pattern).isEqualTo("InvalidParameterException");
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.getMessage()).as(pattern).isNotBlank();
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                fail("parse(" + pattern + ") threw " + e);
                return;
            }
            parsed++;
            for (String m : MESSAGES) {
                try {
                    p.matches(m);
                } catch (RuntimeException | StackOverflowError e) {
                    fail("parse(" + pattern + ").matches(" + m + ") threw " + e);
                }
            }
        }
        assertThat(parsed).as("some random patterns are valid").isGreaterThan(500);
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "{ " + "(".repeat(5_000) + "$.a = 1" + ")".repeat(5_000) + " }";
        try {
            FilterPattern.parse(deep);
            fail("expected InvalidParameterException");
        } catch (AwsServiceException e) {
            assertThat(e.getMessage()).isEqualTo("Invalid filter pattern");
        }
    }

    private static String randomPattern(Random random) {
        StringBuilder b = new StringBuilder();
        int start = random.nextInt(4);
        b.append(start == 0 ? "{ " : start == 1 ? "[" : "");
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
            if (random.nextInt(3) == 0) {
                b.append(' ');
            }
        }
        if (start == 0 && random.nextInt(5) > 0) {
            b.append(" }");
        } else if (start == 1 && random.nextInt(5) > 0) {
            b.append(']');
        }
        return b.toString();
    }
}
