package dev.homeport.secretsmanager;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** GetRandomPassword: length, every exclusion, spaces, and each required type. */
class RandomPasswordTest extends SecretsManagerTestBase {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIGITS = "0123456789";
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static String password(Consumer<GetRandomPasswordRequest.Builder> request) {
        return sm.getRandomPassword(request).randomPassword();
    }

    private static boolean hasAny(String password, String chars) {
        return password.chars().anyMatch(c -> chars.indexOf(c) >= 0);
    }

    @Test
    void defaultsToThirtyTwoCharactersOfEveryType() {
        for (int i = 0; i < 20; i++) {
            String p = password(b -> { });
            assertThat(p).hasSize(32);
            assertThat(hasAny(p, UPPER)).as(p).isTrue();
            assertThat(hasAny(p, LOWER)).as(p).isTrue();
            assertThat(hasAny(p, DIGITS)).as(p).isTrue();
            assertThat(hasAny(p, PUNCTUATION)).as(p).isTrue();
            assertThat(p).doesNotContain(" ");
            assertThat(p.chars().allMatch(c -> (UPPER + LOWER + DIGITS + PUNCTUATION).indexOf(c) >= 0)).as(p).isTrue();
        }
    }

    @Test
    void honoursTheLength() {
        assertThat(password(b -> b.passwordLength(1L).requireEachIncludedType(false))).hasSize(1);
        assertThat(password(b -> b.passwordLength(4L))).hasSize(4);
        assertThat(password(b -> b.passwordLength(4096L))).hasSize(4096);
    }

    @Test
    void passwordsDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(password(b -> b.passwordLength(20L)));
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void everyExclusionIsHonoured() {
        String p1 = password(b -> b.passwordLength(500L).excludeNumbers(true));
        assertThat(hasAny(p1, DIGITS)).isFalse();
        assertThat(hasAny(p1, UPPER) && hasAny(p1, LOWER) && hasAny(p1, PUNCTUATION)).isTrue();

        String p2 = password(b -> b.passwordLength(500L).excludePunctuation(true));
        assertThat(hasAny(p2, PUNCTUATION)).isFalse();
        assertThat(hasAny(p2, UPPER) && hasAny(p2, LOWER) && hasAny(p2, DIGITS)).isTrue();

        String p3 = password(b -> b.passwordLength(500L).excludeUppercase(true));
        assertThat(hasAny(p3, UPPER)).isFalse();
        assertThat(hasAny(p3, LOWER) && hasAny(p3, DIGITS) && hasAny(p3, PUNCTUATION)).isTrue();

        String p4 = password(b -> b.passwordLength(500L).excludeLowercase(true));
        assertThat(hasAny(p4, LOWER)).isFalse();
        assertThat(hasAny(p4, UPPER) && hasAny(p4, DIGITS) && hasAny(p4, PUNCTUATION)).isTrue();

        String excluded = "aeiouAEIOU0123!\"'\\";
        String p5 = password(b -> b.passwordLength(1000L).excludeCharacters(excluded));
        assertThat(hasAny(p5, excluded)).as(p5).isFalse();
        assertThat(hasAny(p5, "456789") && hasAny(p5, "bcd") && hasAny(p5, "#$%")).isTrue();

        // Only digits left.
        String p6 = password(b -> b.passwordLength(64L).excludeLowercase(true).excludeUppercase(true)
                .excludePunctuation(true));
        assertThat(p6).matches("[0-9]{64}");
    }

    @Test
    void includeSpaceAddsSpaces() {
        // A space is allowed, not one of the types RequireEachIncludedType requires (upper, lower, digits,
        // punctuation): four characters are enough, and each of the four types is still there.
        for (int i = 0; i < 20; i++) {
            String p = password(b -> b.passwordLength(4L).includeSpace(true));
            assertThat(p).as("'%s'", p).hasSize(4).containsPattern("[A-Z]").containsPattern("[a-z]")
                    .containsPattern("[0-9]").containsPattern("[^A-Za-z0-9 ]");
        }
        // Over 2,000 characters a space turns up (the chance that none does is under 1e-9).
        assertThat(password(b -> b.passwordLength(2000L).includeSpace(true))).contains(" ");
        String noSpace = password(b -> b.passwordLength(2000L));
        assertThat(noSpace).doesNotContain(" ");
    }

    @Test
    void requireEachIncludedTypeHoldsOverManySamples() {
        // Four characters and four types: every sample needs exactly one of each.
        for (int i = 0; i < 100; i++) {
            String p = password(b -> b.passwordLength(4L).requireEachIncludedType(true));
            assertThat(hasAny(p, UPPER) && hasAny(p, LOWER) && hasAny(p, DIGITS) && hasAny(p, PUNCTUATION))
                    .as(p).isTrue();
        }
        for (int i = 0; i < 50; i++) {
            String p = password(b -> b.passwordLength(3L).excludePunctuation(true).requireEachIncludedType(true));
            assertThat(hasAny(p, UPPER) && hasAny(p, LOWER) && hasAny(p, DIGITS)).as(p).isTrue();
        }
    }

    @Test
    void withoutRequireEachIncludedTypeShortPasswordsAreAllowed() {
        // Length 2 can't hold four types, so it is only allowed without the requirement.
        Set<String> typesSeen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String p = password(b -> b.passwordLength(2L).requireEachIncludedType(false));
            assertThat(p).hasSize(2);
            if (hasAny(p, UPPER)) typesSeen.add("upper");
            if (hasAny(p, LOWER)) typesSeen.add("lower");
            if (hasAny(p, DIGITS)) typesSeen.add("digit");
            if (hasAny(p, PUNCTUATION)) typesSeen.add("punct");
        }
        assertThat(typesSeen).containsExactlyInAnyOrder("upper", "lower", "digit", "punct");
        assertAwsError(() -> password(b -> b.passwordLength(2L)), InvalidParameterException.class,
                "InvalidParameterException",
                "The password length is too short to include one character of each required type.");
    }

    @Test
    void excludingEveryTypeIsInvalid() {
        assertAwsError(() -> password(b -> b.excludeLowercase(true).excludeUppercase(true).excludeNumbers(true)
                        .excludePunctuation(true)), InvalidParameterException.class, "InvalidParameterException",
                "The password can't be generated: every character type was excluded.");
        assertAwsError(() -> password(b -> b.excludeLowercase(true).excludeUppercase(true).excludePunctuation(true)
                        .excludeCharacters(DIGITS)), InvalidParameterException.class, "InvalidParameterException",
                "The password can't be generated: every character type was excluded.");
    }

    @Test
    void lengthOutOfRangeIsValidationException() {
        assertAwsError(() -> password(b -> b.passwordLength(0L)), SecretsManagerException.class,
                "ValidationException", "1 validation error detected: Value '0' at 'passwordLength' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 1");
        assertAwsError(() -> password(b -> b.passwordLength(4097L)), SecretsManagerException.class,
                "ValidationException", "1 validation error detected: Value '4097' at 'passwordLength' failed to "
                        + "satisfy constraint: Member must have value less than or equal to 4096");
    }
}
