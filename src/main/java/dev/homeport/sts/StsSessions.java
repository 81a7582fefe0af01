package dev.homeport.sts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.common.Ids;
import dev.homeport.crypto.SecretBarrier;
import dev.homeport.crypto.Sealed;
import dev.homeport.iam.IamRole;
import dev.homeport.iam.SessionContext;
import dev.homeport.iam.SessionDirectory;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.Principal;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.protocol.sigv4.KeyDirectory;
import dev.homeport.store.Database;
import dev.homeport.store.Sql;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary credentials STS has issued and that have not expired: in memory for the signature check (a map
 * lookup per request), written to the database first so they survive a restart as AWS's do. Expired sessions are
 * refused by the verifier (ExpiredToken) and purged in the background.
 */
public final class StsSessions implements KeyDirectory, SessionDirectory {
    private static final ObjectMapper JSON = Json.mapper(PropertyNamingStrategies.LOWER_CAMEL_CASE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final SecretBarrier barrier;
    private final Clock clock;
    private final Map<String, StsSession> byKey = new ConcurrentHashMap<>();

    public StsSessions(Database database, SecretBarrier barrier, Clock clock) {
        this.database = database;
        this.barrier = barrier;
        this.clock = clock;
        load();
    }

    /** The session of an access key id, expired or not. */
    public Optional<StsSession> issued(String accessKeyId) {
        return Optional.ofNullable(byKey.get(accessKeyId));
    }

    @Override
    public Optional<SessionContext> session(String accessKeyId) {
        return issued(accessKeyId).map(StsSession::details);
    }

    /** Credentials to check a signature with; an expired session is still found, so the verifier can say so. */
    @Override
    public Optional<Credentials> find(String accessKeyId) {
        return issued(accessKeyId).map(s -> new Credentials(s.accessKeyId(), s.secret(), s.principal(),
                s.tokenDigest(), s.expiration()));
    }

    /**
     * New temporary credentials for {@code principal}, stored before they are returned: the caller hands the secret
     * and the token to the client once and forgets them.
     */
    public TemporaryCredentials issue(Principal principal, SessionContext context, int seconds) {
        String keyId = Ids.iamId("ASIA", 16);
        String secret = Ids.secretAccessKey();
        byte[] tokenBytes = new byte[96];
        RANDOM.nextBytes(tokenBytes);
        String token = "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(tokenBytes);
        Instant expiration = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
        add(new StsSession(keyId, principal, context, secret, Credentials.digest(token), expiration));
        return new TemporaryCredentials(keyId, secret, token, expiration);
    }

    /** Who a session of {@code role} named {@code sessionName} acts as: {@code assumed-role/<role>/<session>}. */
    public static Principal roleSession(IamRole role, String sessionName) {
        return new Principal(Principal.Kind.ASSUMED_ROLE, role.account(),
                "arn:aws:sts::" + role.account() + ":assumed-role/" + role.name() + "/" + sessionName,
                role.id() + ":" + sessionName);
    }

    private void add(StsSession session) {
        byte[] sealed = barrier.seal(session.secret().getBytes(StandardCharsets.UTF_8), aad(session.accessKeyId()))
                .bytes();
        Principal p = session.principal();
        database.transactions().inTransaction(c -> Sql.update(c,
                "INSERT INTO sts_session (access_key_id, account_id, principal_kind, principal_arn, user_id, details, "
                        + "secret, token_digest, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                session.accessKeyId(), p.accountId(), p.kind().name(), p.arn(), p.userId(), write(session.details()),
                sealed, session.tokenDigest(), session.expiration()));
        byKey.put(session.accessKeyId(), session);
    }

    /** Ends the sessions that act as {@code sessionArn} ({@code assumed-role/<role>/<session>}) now. */
    public void revoke(String sessionArn) {
        database.transactions().inTransaction(c -> Sql.update(c, "DELETE FROM sts_session WHERE principal_arn = ?",
                sessionArn));
        byKey.values().removeIf(s -> s.principal().arn().equals(sessionArn));
    }

    /** Forgets sessions that expired over an hour ago (until then a request with one is told it expired). */
    public void purgeExpired() {
        Instant cutoff = clock.instant().minusSeconds(3600);
        database.transactions().inTransaction(c -> Sql.update(c, "DELETE FROM sts_session WHERE expires_at < ?",
                cutoff));
        byKey.values().removeIf(s -> s.expiration().isBefore(cutoff));
    }

    /** After a master key rotation: every secret the primary key did not seal is sealed again. */
    public int resealSecrets() {
        List<Object[]> rows = database.transactions().read(c -> Sql.query(c,
                "SELECT access_key_id, secret FROM sts_session", rs -> new Object[]{rs.getString(1), rs.getBytes(2)}));
        int resealed = 0;
        for (Object[] row : rows) {
            String id = (String) row[0];
            Sealed stored = Sealed.of((byte[]) row[1]);
            if (barrier.needsReseal(stored)) {
                byte[] again = barrier.seal(barrier.open(stored, aad(id)), aad(id)).bytes();
                database.transactions().inTransaction(c -> Sql.update(c,
                        "UPDATE sts_session SET secret = ? WHERE access_key_id = ?", again, id));
                resealed++;
            }
        }
        return resealed;
    }

    private void load() {
        database.transactions().read(c -> {
            Sql.forEach(c, "SELECT access_key_id, account_id, principal_kind, principal_arn, user_id, details, secret, "
                    + "token_digest, expires_at FROM sts_session", rs -> {
                String id = rs.getString(1);
                Principal principal = new Principal(Principal.Kind.valueOf(rs.getString(3)), rs.getString(2),
                        rs.getString(4), rs.getString(5));
                String secret = new String(barrier.open(Sealed.of(rs.getBytes(7)), aad(id)), StandardCharsets.UTF_8);
                byKey.put(id, new StsSession(id, principal, read(rs.getString(6)), secret, rs.getBytes(8),
                        Instant.ofEpochMilli(rs.getLong(9))));
            });
            return null;
        });
    }

    private static String write(SessionContext details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write session details", e);
        }
    }

    private static SessionContext read(String json) {
        try {
            return JSON.readValue(json, SessionContext.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read stored session details", e);
        }
    }

    /** A session's secret is bound to its key id. */
    private static String aad(String accessKeyId) {
        return "sts-session|" + accessKeyId;
    }
}
