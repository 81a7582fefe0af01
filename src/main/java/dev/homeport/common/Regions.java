package dev.homeport.common;

import java.util.regex.Pattern;

/** Region names: the shape every AWS region name has, which is all Homeport can check (it serves any region). */
public final class Regions {
    /**
     * Two letters, one or more words, a number: {@code us-east-1}, {@code us-gov-west-1}, {@code ap-southeast-4},
     * {@code us-isob-east-1}. A region ends up in ARNs and pages, so anything else is refused where it comes in.
     */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private Regions() {
    }

    public static boolean isValid(String region) {
        return region != null && region.length() <= 32 && REGION.matcher(region).matches();
    }
}
