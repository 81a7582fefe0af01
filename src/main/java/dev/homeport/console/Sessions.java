package dev.homeport.console;

import dev.homeport.protocol.sigv4.Credentials;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, in memory: a restart signs everybody out, as a new deployment of the AWS
 * console would not, but no session token ever reaches the disk. Only signed-in users have a
 * session, so anonymous requests cannot fill this map.
 */
final class Sessions {
    /** The AWS console signs IAM users out after 12 hours; an idle session here ends sooner. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(8);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ConsoleSession> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A fresh session (and a fresh id, so a session id planted before sign-in is worthless). */
    ConsoleSession create(Credentials principal, String region) {
        Instant now = clock.instant();
        byId.values().removeIf(s -> expired(s, now));
        ConsoleSession session = new ConsoleSession(token(), principal, region, token(), now);
        byId.put(session.id(), session);
        return session;
    }

    Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession session = byId.get(id);
        Instant now = clock.instant();
        if (session == null || expired(session, now)) {
            if (session != null) {
                byId.remove(id);
            }
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    void remove(String id) {
        byId.remove(id);
    }

    private static boolean expired(ConsoleSession s, Instant now) {
        return s.lastSeen().plus(IDLE_TIMEOUT).isBefore(now);
    }

    /** 256 random bits, URL-safe: session ids and CSRF tokens. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Compares tokens in constant time, so a guess's timing says nothing about the right token. */
    static boolean sameToken(String expected, String given) {
        return expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
