package dev.homeport.console;

/**
 * What every console page shows around its content: who is signed in, where, the navigation's
 * current section, the CSRF token forms carry, and a banner if there is one.
 */
public record Chrome(String accountId, String user, String region, String csrf, String section, Notice notice) {
    public boolean signedIn() {
        return user != null;
    }

    public Chrome withNotice(Notice n) {
        return new Chrome(accountId, user, region, csrf, section, n);
    }

    public Chrome withSection(String s) {
        return new Chrome(accountId, user, region, csrf, s, notice);
    }
}
