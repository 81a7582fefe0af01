package dev.homeport.console;

/**
 * What every console page shows around its content: who is signed in, where, the navigation's
 * current section, the CSRF token forms carry, and a banner if there is one.
 */
public record Chrome(String accountId, String user, String region, String csrf, String section, Notice notice,
                     String path) {
    /** Regions offered by the selector; any other valid region name can be typed at sign-in. */
    public static final java.util.List<String> REGIONS = java.util.List.of("us-east-1", "us-east-2", "us-west-1",
            "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1", "ap-south-1",
            "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1");

    /** The selector's options: the usual regions, plus the current one if it is not among them. */
    public java.util.List<String> regions() {
        if (region == null || REGIONS.contains(region)) {
            return REGIONS;
        }
        java.util.List<String> all = new java.util.ArrayList<>(REGIONS);
        all.add(0, region);
        return all;
    }

    public boolean signedIn() {
        return user != null;
    }

    public Chrome withNotice(Notice n) {
        return new Chrome(accountId, user, region, csrf, section, n, path);
    }

    public Chrome withSection(String s) {
        return new Chrome(accountId, user, region, csrf, s, notice, path);
    }
}
