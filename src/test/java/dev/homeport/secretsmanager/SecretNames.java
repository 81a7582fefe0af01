package dev.homeport.secretsmanager;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of secret names, valid (1–512 of {@code A-Za-z0-9/_+=.@-}) and invalid. */
final class SecretNames {
    static final String ALLOWED_PUNCTUATION = "/_+=.@-";

    private SecretNames() {
    }

    static Arbitrary<String> valid() {
        Arbitrary<String> any = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars(ALLOWED_PUNCTUATION.toCharArray()).ofMinLength(1).ofMaxLength(512);
        // Mostly short names, with the long ones (up to the 512 limit) well represented.
        Arbitrary<String> shortOnes = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars(ALLOWED_PUNCTUATION.toCharArray()).ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> punctuationOnly = Arbitraries.strings().withChars(ALLOWED_PUNCTUATION.toCharArray())
                .ofMinLength(1).ofMaxLength(20);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, shortOnes),
                net.jqwik.api.Tuple.of(3, any),
                net.jqwik.api.Tuple.of(1, punctuationOnly),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars('a').ofLength(512)));
    }

    /** A valid name with one character outside the allowed set put somewhere in it. */
    static Arbitrary<String> withForbiddenChar() {
        Arbitrary<Character> bad = Arbitraries.oneOf(
                Arbitraries.of(' ', '!', '#', '$', '%', '&', '*', '(', ')', ':', ';', ',', '?', '"', '\'', '\\', '|',
                        '<', '>', '[', ']', '{', '}', '~', '`', '^', '\t', '\n', '\u0000', '\u007f'),
                Arbitraries.chars().range('\u0080', '\uffef').filter(c -> !Character.isSurrogate(c)));
        Arbitrary<String> base = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars(ALLOWED_PUNCTUATION.toCharArray()).ofMinLength(0).ofMaxLength(60);
        return Combinators.combine(base, bad, Arbitraries.integers().between(0, 60))
                .as((b, c, at) -> {
                    int i = Math.min(at, b.length());
                    return b.substring(0, i) + c + b.substring(i);
                });
    }
}
