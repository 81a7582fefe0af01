package dev.homeport.common;

/** Region names: the shape every AWS region name has, which is all Homeport can check (it serves any region). */
public final class Regions {
    private Regions() {
    }

    /**
     * Two letters, one or more words, a number of one or two digits, joined by dashes: {@code us-east-1},
     * {@code us-gov-west-1}, {@code ap-southeast-4}, {@code us-isob-east-1}. A region ends up in ARNs and pages, so
     * anything else is refused where it comes in. (Checked by hand, not with a regular expression: every signed
     * request asks.)
     */
    public static boolean isValid(String region) {
        if (region == null || region.length() < 6 || region.length() > 32) {
            return false;
        }
        String[] parts = region.split("-", -1);
        if (parts.length < 3 || parts[0].length() != 2 || !letters(parts[0])) {
            return false;
        }
        for (int i = 1; i < parts.length - 1; i++) {
            if (parts[i].isEmpty() || !letters(parts[i])) {
                return false;
            }
        }
        String number = parts[parts.length - 1];
        return !number.isEmpty() && number.length() <= 2 && number.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean letters(String s) {
        return s.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }
}
