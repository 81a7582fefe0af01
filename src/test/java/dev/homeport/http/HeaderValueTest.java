package dev.homeport.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Helidon's own response-header checks are off; this is the one that keeps a value from splitting a header. */
class HeaderValueTest {
    @Test
    void ordinaryValuesPass() {
        for (String v : new String[]{"application/x-amz-json-1.1", "/console/secrets/a%20b?x=1", "a\tb", "", "é"}) {
            assertThat(HttpFrontDoor.headerValue(v)).isEqualTo(v);
        }
    }

    @Test
    void controlCharactersAreRefused() {
        for (String v : new String[]{"a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "\u001b[31m"}) {
            assertThatThrownBy(() -> HttpFrontDoor.headerValue(v)).as(v).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
