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
        // One pass: words of lowercase letters (the first of exactly two), each followed by a dash, then 1-2 digits.
        int words = 0;
        int wordStart = 0;
        int i = 0;
        int n = region.length();
        while (i < n) {
            char c = region.charAt(i);
            if (c == '-') {
                int length = i - wordStart;
                if (length == 0 || (words == 0 && length != 2)) {
                    return false;
                }
                words++;
                wordStart = i + 1;
            } else if (c < 'a' || c > 'z') {
                break;
            }
            i++;
        }
        int digits = n - i;
        if (words < 2 || i != wordStart || digits < 1 || digits > 2) {
            return false;
        }
        for (; i < n; i++) {
            char c = region.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
