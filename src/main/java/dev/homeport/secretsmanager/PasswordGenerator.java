package dev.homeport.secretsmanager;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * GetRandomPassword's generator. Character classes as AWS documents them: upper and lower case
 * letters, digits, and the punctuation {@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}; a space only when
 * asked for. With RequireEachIncludedType (the default) every class still included appears at
 * least once.
 */
public final class PasswordGenerator {
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    static final String SPACE = " ";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What GetRandomPassword was asked for, with AWS's defaults already applied. */
    public record Options(int length, String excludeCharacters, boolean excludeNumbers, boolean excludePunctuation,
                          boolean excludeUppercase, boolean excludeLowercase, boolean includeSpace,
                          boolean requireEachIncludedType) {
    }

    private PasswordGenerator() {
    }

    /**
     * @throws IllegalArgumentException when no character is left to choose from, or when there are
     *                                  more required classes than characters in the password
     */
    public static String generate(Options o) {
        List<String> classes = new ArrayList<>();
        addClass(classes, UPPER, !o.excludeUppercase(), o.excludeCharacters());
        addClass(classes, LOWER, !o.excludeLowercase(), o.excludeCharacters());
        addClass(classes, DIGITS, !o.excludeNumbers(), o.excludeCharacters());
        addClass(classes, PUNCTUATION, !o.excludePunctuation(), o.excludeCharacters());
        // RequireEachIncludedType covers "uppercase letters, lowercase letters, numbers, and punctuation" (the API
        // reference): a space may appear but is never required, so PasswordLength 4 with IncludeSpace is valid.
        List<String> required = List.copyOf(classes);
        addClass(classes, SPACE, o.includeSpace(), o.excludeCharacters());
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no characters to choose from");
        }
        if (o.requireEachIncludedType() && required.size() > o.length()) {
            throw new IllegalArgumentException("password too short to include each type");
        }
        String all = String.join("", classes);
        char[] out = new char[o.length()];
        int i = 0;
        if (o.requireEachIncludedType()) {
            for (String c : required) {
                out[i++] = c.charAt(RANDOM.nextInt(c.length()));
            }
        }
        for (; i < out.length; i++) {
            out[i] = all.charAt(RANDOM.nextInt(all.length()));
        }
        // Shuffle so the required characters don't sit at fixed positions.
        for (int j = out.length - 1; j > 0; j--) {
            int k = RANDOM.nextInt(j + 1);
            char t = out[j];
            out[j] = out[k];
            out[k] = t;
        }
        return new String(out);
    }

    private static void addClass(List<String> classes, String chars, boolean included, String exclude) {
        if (!included) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (char c : chars.toCharArray()) {
            if (exclude == null || exclude.indexOf(c) < 0) {
                kept.append(c);
            }
        }
        if (!kept.isEmpty()) {
            classes.add(kept.toString());
        }
    }
}
