package dev.homeport.common;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RegionsTest {
    /** The rule as the documentation of {@link Regions#isValid} states it. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    @Test
    void awsRegionNamesAreValidAndLookalikesAreNot() {
        for (String ok : new String[]{"us-east-1", "us-gov-west-1", "ap-southeast-4", "us-isob-east-1", "eu-west-10"}) {
            assertThat(Regions.isValid(ok)).as(ok).isTrue();
        }
        for (String bad : new String[]{"us-1", "us--east-1", "use-east-1", "us-east1", "us-east-", "us-east-1a",
                "US-EAST-1", "us-east-123", "-us-east-1", "us-east-1-", "", "us-east-1 "}) {
            assertThat(Regions.isValid(bad)).as(bad).isFalse();
        }
        assertThat(Regions.isValid(null)).isFalse();
    }

    @Property
    void agreesWithTheRegularExpression(@ForAll("regionLike") String s) {
        boolean expected = s.length() >= 6 && s.length() <= 32 && REGION.matcher(s).matches();
        assertThat(Regions.isValid(s)).as(s).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> regionLike() {
        return Arbitraries.strings().withChars("ab-1Z").ofMinLength(0).ofMaxLength(12);
    }
}
