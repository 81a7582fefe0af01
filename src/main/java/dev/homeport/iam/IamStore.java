package dev.homeport.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.common.Arn;
import dev.homeport.crypto.SecretBarrier;
import dev.homeport.crypto.Sealed;
import dev.homeport.protocol.Json;
import dev.homeport.store.Database;
import dev.homeport.store.Sql;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * IAM's entities and access keys, per account: all of them in memory, every change written to the database before
 * it is visible. Reads (every authorization asks) take an immutable snapshot and never lock; changes are serialized
 * and replace the snapshot, so a policy change takes effect on the next request. IAM is small (AWS's quotas allow
 * 5,000 users and 1,000 roles per account), and changed rarely next to how often it is read.
 *
 * <p>Access key secrets are sealed with the master keyset, bound to the key id, and kept open in memory only.
 */
public final class IamStore {
    /** AWS records a key's last use with coarse granularity; writing it more often than this would be a write per request. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = Json.mapper(PropertyNamingStrategies.LOWER_CAMEL_CASE);

    private final Database database;
    private final SecretBarrier barrier;
    private volatile Snapshot snapshot;

    /** What a read sees: every entity by (account, kind, lower-cased name), every access key by id. */
    public record Snapshot(TreeMap<String, IamEntity> entities, Map<String, AccessKey> keys, long generation) {
        /** The entity of this kind and name (case-insensitive, as IAM names are), if any. */
        public <T extends IamEntity> Optional<T> find(String account, IamEntity.Kind kind, String name, Class<T> type) {
            return name == null ? Optional.empty()
                    : Optional.ofNullable(entities.get(key(account, kind, name))).map(type::cast);
        }

        /** The entities of one kind in an account, by name. */
        public <T extends IamEntity> List<T> all(String account, IamEntity.Kind kind, Class<T> type) {
            String prefix = account + '\0' + kind + '\0';
            List<T> out = new ArrayList<>();
            for (IamEntity e : entities.tailMap(prefix).values()) {
                if (!e.account().equals(account) || e.kind() != kind) {
                    break;
                }
                out.add(type.cast(e));
            }
            return out;
        }

        /** The role an ARN names ({@code arn:aws:iam::<account>:role/<path><name>}), in the account it names. */
        public Optional<IamRole> role(String arn) {
            return byArn(arn, "role/", IamEntity.Kind.ROLE, IamRole.class).filter(r -> r.arn().equals(arn));
        }

        /** The customer managed policy an ARN names ({@code arn:aws:iam::<account>:policy/<path><name>}). */
        public Optional<ManagedPolicy> policy(String arn) {
            return byArn(arn, "policy/", IamEntity.Kind.POLICY, ManagedPolicy.class).filter(p -> p.arn().equals(arn));
        }

        /**
         * The tags of the user, role or customer managed policy an ARN names, for {@code aws:ResourceTag} and
         * {@code iam:ResourceTag} conditions on IAM's actions; empty for anything else.
         */
        public Map<String, String> tagsOf(String arn) {
            return byArn(arn, "user/", IamEntity.Kind.USER, IamUser.class).filter(u -> u.arn().equals(arn))
                    .map(IamUser::tags)
                    .or(() -> role(arn).map(IamRole::tags))
                    .or(() -> policy(arn).map(ManagedPolicy::tags))
                    .orElse(Map.of());
        }

        private <T extends IamEntity> Optional<T> byArn(String arn, String type, IamEntity.Kind kind, Class<T> cls) {
            return Arn.parse(arn).filter(a -> a.service().equals("iam") && a.resource().startsWith(type))
                    .flatMap(a -> find(a.account(), kind, a.resource().substring(a.resource().lastIndexOf('/') + 1),
                            cls));
        }

        public List<AccessKey> keysOf(String account, String userName) {
            return keys.values().stream()
                    .filter(k -> k.account().equals(account) && k.userName().equalsIgnoreCase(userName))
                    .sorted(java.util.Comparator.comparing(AccessKey::created)).toList();
        }
    }

    public IamStore(Database database, SecretBarrier barrier) {
        this.database = database;
        this.barrier = barrier;
        this.snapshot = load();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Writes {@code entity} (a new one, or a new state of one), then makes it visible. */
    public synchronized void put(IamEntity entity) {
        String document = write(entity);
        database.transactions().inTransaction(c -> {
            Sql.update(c, "DELETE FROM iam_entity WHERE account_id = ? AND kind = ? AND name_key = ?",
                    entity.account(), entity.kind().name(), nameKey(entity.name()));
            return Sql.update(c, "INSERT INTO iam_entity (account_id, kind, name_key, document) VALUES (?, ?, ?, ?)",
                    entity.account(), entity.kind().name(), nameKey(entity.name()), document);
        });
        replace(s -> {
            s.entities().put(key(entity.account(), entity.kind(), entity.name()), entity);
        });
    }

    public synchronized void delete(IamEntity entity) {
        database.transactions().inTransaction(c -> Sql.update(c,
                "DELETE FROM iam_entity WHERE account_id = ? AND kind = ? AND name_key = ?",
                entity.account(), entity.kind().name(), nameKey(entity.name())));
        replace(s -> s.entities().remove(key(entity.account(), entity.kind(), entity.name())));
    }

    /** Stores a new key, its secret sealed. */
    public synchronized void putKey(AccessKey key) {
        byte[] sealed = barrier.seal(key.secret().getBytes(StandardCharsets.UTF_8), aad(key.id())).bytes();
        database.transactions().inTransaction(c -> Sql.update(c,
                "INSERT INTO iam_access_key (access_key_id, account_id, user_name, status, created_at, secret) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                key.id(), key.account(), key.userName(), key.status().name(), key.created(), sealed));
        replace(s -> s.keys().put(key.id(), key));
    }

    public synchronized void updateKeyStatus(AccessKey key, AccessKey.Status status) {
        database.transactions().inTransaction(c -> Sql.update(c,
                "UPDATE iam_access_key SET status = ? WHERE access_key_id = ?", status.name(), key.id()));
        replace(s -> s.keys().put(key.id(), new AccessKey(key.id(), key.account(), key.userName(), status,
                key.created(), key.secret(), key.lastUsed(), key.lastUsedService(), key.lastUsedRegion())));
    }

    public synchronized void deleteKey(AccessKey key) {
        database.transactions().inTransaction(c -> Sql.update(c,
                "DELETE FROM iam_access_key WHERE access_key_id = ?", key.id()));
        replace(s -> s.keys().remove(key.id()));
    }

    /**
     * Notes that a key signed a request. Written only when the stored time is older than a few minutes, so a busy
     * key costs one write per few minutes, not one per request.
     */
    public void recordUse(String keyId, String service, String region, Instant at) {
        AccessKey key = snapshot.keys().get(keyId);
        if (key == null || (key.lastUsed() != null && key.lastUsed().plus(LAST_USED_PRECISION).isAfter(at)
                && service.equals(key.lastUsedService()) && region.equals(key.lastUsedRegion()))) {
            return;
        }
        synchronized (this) {
            AccessKey current = snapshot.keys().get(keyId);
            if (current == null) {
                return;
            }
            database.transactions().inTransaction(c -> Sql.update(c, "UPDATE iam_access_key SET last_used_at = ?, "
                    + "last_used_service = ?, last_used_region = ? WHERE access_key_id = ?", at, service, region, keyId));
            replace(s -> s.keys().put(keyId, new AccessKey(current.id(), current.account(), current.userName(),
                    current.status(), current.created(), current.secret(), at, service, region)));
        }
    }

    /** After a master key rotation: every sealed secret that the primary key did not seal is sealed again. */
    public synchronized int resealKeys() {
        List<Object[]> rows = database.transactions().read(c -> Sql.query(c,
                "SELECT access_key_id, secret FROM iam_access_key", rs -> new Object[]{rs.getString(1), rs.getBytes(2)}));
        int resealed = 0;
        for (Object[] row : rows) {
            String id = (String) row[0];
            Sealed stored = Sealed.of((byte[]) row[1]);
            if (!barrier.needsReseal(stored)) {
                continue;
            }
            byte[] again = barrier.seal(barrier.open(stored, aad(id)), aad(id)).bytes();
            database.transactions().inTransaction(c -> Sql.update(c,
                    "UPDATE iam_access_key SET secret = ? WHERE access_key_id = ?", again, id));
            resealed++;
        }
        return resealed;
    }

    private interface Change {
        void apply(Snapshot copy);
    }

    private void replace(Change change) {
        Snapshot current = snapshot;
        Snapshot copy = new Snapshot(new TreeMap<>(current.entities()), new HashMap<>(current.keys()),
                current.generation() + 1);
        change.apply(copy);
        snapshot = new Snapshot(copy.entities(), Collections.unmodifiableMap(copy.keys()), copy.generation());
    }

    private Snapshot load() {
        TreeMap<String, IamEntity> entities = new TreeMap<>();
        database.transactions().read(c -> {
            Sql.forEach(c, "SELECT kind, document FROM iam_entity", rs -> {
                IamEntity e = read(IamEntity.Kind.valueOf(rs.getString(1)), rs.getString(2));
                entities.put(key(e.account(), e.kind(), e.name()), e);
            });
            return null;
        });
        Map<String, AccessKey> keys = new HashMap<>();
        database.transactions().read(c -> {
            Sql.forEach(c, "SELECT access_key_id, account_id, user_name, status, created_at, secret, last_used_at, "
                    + "last_used_service, last_used_region FROM iam_access_key", rs -> {
                String id = rs.getString(1);
                String secret = new String(barrier.open(Sealed.of(rs.getBytes(6)), aad(id)), StandardCharsets.UTF_8);
                long lastUsed = rs.getLong(7);
                keys.put(id, new AccessKey(id, rs.getString(2), rs.getString(3),
                        AccessKey.Status.valueOf(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5)), secret,
                        rs.wasNull() || lastUsed == 0 ? null : Instant.ofEpochMilli(lastUsed), rs.getString(8),
                        rs.getString(9)));
            });
            return null;
        });
        return new Snapshot(entities, Collections.unmodifiableMap(keys), 0);
    }

    private static String write(IamEntity entity) {
        try {
            return JSON.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write IAM entity " + entity.name(), e);
        }
    }

    private static IamEntity read(IamEntity.Kind kind, String document) {
        Class<? extends IamEntity> type = switch (kind) {
            case USER -> IamUser.class;
            case GROUP -> IamGroup.class;
            case ROLE -> IamRole.class;
            case POLICY -> ManagedPolicy.class;
        };
        try {
            return JSON.readValue(document, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read stored IAM " + kind, e);
        }
    }

    /** A key's secret is bound to its id: no other sealed value can stand in for it. */
    private static String aad(String keyId) {
        return "iam-access-key|" + keyId;
    }

    static String key(String account, IamEntity.Kind kind, String name) {
        return account + '\0' + kind + '\0' + nameKey(name);
    }

    private static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
