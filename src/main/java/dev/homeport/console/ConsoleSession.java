package dev.homeport.console;

import dev.homeport.protocol.sigv4.Credentials;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A signed-in console user: the principal every console action runs as, the region the console
 * shows, and the token every form must carry back (CSRF).
 */
final class ConsoleSession {
    private final String id;
    private final Credentials principal;
    private volatile String region;
    private final String csrfToken;
    private final AtomicReference<Notice> flash = new AtomicReference<>();
    private volatile Instant lastSeen;

    ConsoleSession(String id, Credentials principal, String region, String csrfToken, Instant now) {
        this.id = id;
        this.principal = principal;
        this.region = region;
        this.csrfToken = csrfToken;
        this.lastSeen = now;
    }

    String id() {
        return id;
    }

    Credentials principal() {
        return principal;
    }

    String region() {
        return region;
    }

    /** The AWS console's region selector: later pages and actions use {@code region}. */
    void switchRegion(String region) {
        this.region = region;
    }

    String csrfToken() {
        return csrfToken;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    /** A message for the next page shown (after a redirect), as the AWS console's green banner. */
    void flash(Notice notice) {
        flash.set(notice);
    }

    Notice takeFlash() {
        return flash.getAndSet(null);
    }
}
