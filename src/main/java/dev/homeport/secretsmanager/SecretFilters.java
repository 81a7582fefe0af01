package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * ListSecrets' {@code Filters}, as AWS documents them: several filters must all match; the values of
 * one filter are alternatives; a value starting with {@code !} must not match. Every key is a
 * prefix match; {@code name}, {@code tag-key}, {@code tag-value}, {@code primary-region} and
 * {@code owning-service} are case-sensitive, {@code description} and {@code all} are not, and
 * {@code all} splits its value into words and looks for each in the name, description and tags.
 */
final class SecretFilters {
    static final List<String> KEYS = List.of("description", "name", "tag-key", "tag-value", "primary-region",
            "owning-service", "all");

    private SecretFilters() {
    }

    static Predicate<Secret> of(List<SecretsManagerShapes.Filter> filters) {
        Predicate<Secret> result = s -> true;
        if (filters == null) {
            return result;
        }
        for (SecretsManagerShapes.Filter f : filters) {
            result = result.and(one(f.key(), f.values() == null ? List.of() : f.values()));
        }
        return result;
    }

    /**
     * Within one filter, plain values are alternatives and negated values are all required to miss:
     * {@code name: [a, !ab]} keeps secrets starting with "a" but not with "ab".
     */
    private static Predicate<Secret> one(String key, List<String> values) {
        List<String> positive = new ArrayList<>();
        List<String> negative = new ArrayList<>();
        for (String v : values) {
            if (v.startsWith("!")) {
                negative.add(v.substring(1));
            } else {
                positive.add(v);
            }
        }
        return secret -> {
            for (String v : negative) {
                if (matches(key, v, secret)) {
                    return false;
                }
            }
            if (positive.isEmpty()) {
                return true;
            }
            for (String v : positive) {
                if (matches(key, v, secret)) {
                    return true;
                }
            }
            return false;
        };
    }

    static boolean matches(String key, String value, Secret s) {
        return switch (key) {
            case "name" -> s.name().startsWith(value);
            case "description" -> wordPrefix(s.description(), value);
            case "tag-key" -> s.tags().stream().anyMatch(t -> t.key().startsWith(value));
            case "tag-value" -> s.tags().stream().anyMatch(t -> t.value() != null && t.value().startsWith(value));
            case "primary-region" -> s.primaryRegion() != null && s.primaryRegion().startsWith(value);
            case "owning-service" -> s.owningService() != null && s.owningService().startsWith(value);
            case "all" -> all(value, s);
            default -> false;
        };
    }

    /**
     * Case-insensitive: the whole text starts with the value, or each word of the value starts a word of the text
     * (AWS splits a description value into words: "one two" matches "one and two").
     */
    private static boolean wordPrefix(String text, String value) {
        if (text == null) {
            return false;
        }
        if (text.toLowerCase(Locale.ROOT).startsWith(value.toLowerCase(Locale.ROOT))) {
            return true;
        }
        List<String> wanted = words(value);
        List<String> have = words(text);
        return !wanted.isEmpty() && wanted.stream().allMatch(w -> have.stream().anyMatch(h -> h.startsWith(w)));
    }

    /** Every word of the value must be found as a word prefix in the name, description or tags. */
    private static boolean all(String value, Secret s) {
        List<String> wanted = words(value);
        if (wanted.isEmpty()) {
            return true;
        }
        List<String> haystack = new ArrayList<>(words(s.name()));
        haystack.addAll(words(s.description()));
        for (SecretTag t : s.tags()) {
            haystack.addAll(words(t.key()));
            haystack.addAll(words(t.value()));
        }
        for (String w : wanted) {
            if (haystack.stream().noneMatch(h -> h.startsWith(w))) {
                return false;
            }
        }
        return true;
    }

    /**
     * AWS splits search text into words at punctuation and at every change from upper to lower
     * case or from letter to digit: {@code credsDatabase#892} → creds, database, 892.
     */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder current = new StringBuilder();
        int prevType = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.isDigit(c) ? 1 : Character.isUpperCase(c) ? 2 : Character.isLetter(c) ? 3 : 0;
            boolean boundary = type == 0 || (prevType != 0 && type != prevType
                    && !(prevType == 2 && type == 3));
            if (boundary && !current.isEmpty()) {
                out.add(current.toString().toLowerCase(Locale.ROOT));
                current.setLength(0);
            }
            if (type != 0) {
                current.append(c);
            }
            prevType = type;
        }
        if (!current.isEmpty()) {
            out.add(current.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
