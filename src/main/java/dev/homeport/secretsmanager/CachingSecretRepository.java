package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretVersion;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * In-memory read cache in front of another {@link SecretRepository}, so GetSecretValue (tens of thousands
 * of requests per second) is served from memory instead of SQLite.
 *
 * <p>Cached: secrets by ARN and by name, and versions by id (so also by stage, through the secret's stage
 * map). Listings, purge/rotation queries and re-seal pages always go to the delegate: they are rare and
 * must be complete. Only hits are cached, never "not found", so a create is visible at once.
 *
 * <p>Writes go through to the delegate, then evict the secret's entries. A read that misses loads from the
 * delegate and caches only if no write completed in the meantime (a generation counter, checked under the
 * same lock as eviction), so a slow read can never re-insert data older than a write that already returned.
 *
 * <p>{@link #recordAccess} is the exception to write-through: the read path must not write (DESIGN §4 and the
 * throughput target), and AWS keeps LastAccessedDate with day granularity anyway. So the first access of a
 * secret/version on a new day is queued to one background writer and every further call that day returns at
 * once. A crash may lose that day's access date; nothing else.
 *
 * <p>Assumes this process is the only writer to the delegate's data (always true for SQLite). With several
 * Homeport processes on one PostgreSQL, don't put this in front, or changes from other nodes go unseen.
 * Unbounded: an emulator holds thousands of secrets, not millions. Thread-safe.
 */
public final class CachingSecretRepository implements SecretRepository, AutoCloseable {
    private static final Logger LOG = System.getLogger(CachingSecretRepository.class.getName());

    private record NameKey(String account, String region, String name) {}

    private final SecretRepository delegate;
    private final ConcurrentHashMap<String, Secret> byArn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<NameKey, String> arnByName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, SecretVersion>> versions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LocalDate> accessRecorded = new ConcurrentHashMap<>();
    private final ExecutorService accessWriter =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("homeport-access-recorder").factory());
    private final Object lock = new Object();
    private volatile long generation; // written only under lock

    public CachingSecretRepository(SecretRepository delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    // ------------------------------------------------------------------ cached reads

    @Override
    public Optional<Secret> findByArn(String arn) {
        Secret hit = byArn.get(arn);
        if (hit != null) {
            return Optional.of(hit);
        }
        long gen = generation;
        Optional<Secret> loaded = delegate.findByArn(arn);
        loaded.ifPresent(s -> cache(s, gen));
        return loaded;
    }

    @Override
    public Optional<Secret> findByName(String account, String region, String name) {
        NameKey key = new NameKey(account, region, name);
        String arn = arnByName.get(key);
        Secret hit = arn == null ? null : byArn.get(arn);
        if (hit != null && hit.name().equals(name)) {
            return Optional.of(hit);
        }
        long gen = generation;
        Optional<Secret> loaded = delegate.findByName(account, region, name);
        loaded.ifPresent(s -> cache(s, gen));
        return loaded;
    }

    @Override
    public Optional<SecretVersion> findVersion(String arn, String versionId) {
        ConcurrentHashMap<String, SecretVersion> ofSecret = versions.get(arn);
        SecretVersion hit = ofSecret == null ? null : ofSecret.get(versionId);
        if (hit != null) {
            return Optional.of(hit);
        }
        long gen = generation;
        Optional<SecretVersion> loaded = delegate.findVersion(arn, versionId);
        loaded.ifPresent(v -> {
            synchronized (lock) {
                if (generation == gen) {
                    versions.computeIfAbsent(arn, k -> new ConcurrentHashMap<>()).put(versionId, v);
                }
            }
        });
        return loaded;
    }

    @Override
    public Optional<SecretVersion> findVersionByStage(String arn, String stage) {
        // Through the cached secret's stage map and the cached version, not the delegate's one query.
        return findByArn(arn).flatMap(s -> s.versionIdForStage(stage)).flatMap(id -> findVersion(arn, id));
    }

    private void cache(Secret s, long gen) {
        synchronized (lock) {
            if (generation == gen) {
                byArn.put(s.arn(), s);
                arnByName.put(new NameKey(s.account(), s.region(), s.name()), s.arn());
            }
        }
    }

    /** Drops everything cached about {@code arn} and fences off reads that started before this call. */
    private void evict(String arn) {
        synchronized (lock) {
            generation++;
            Secret old = byArn.remove(arn);
            if (old != null) {
                arnByName.remove(new NameKey(old.account(), old.region(), old.name()), arn);
            }
            versions.remove(arn);
        }
    }

    // ------------------------------------------------------------------ uncached reads

    @Override
    public List<Secret> listSecrets(String account, String region) {
        return delegate.listSecrets(account, region);
    }

    @Override
    public List<SecretVersion> listVersions(String arn) {
        return delegate.listVersions(arn);
    }

    @Override
    public List<String> findDueForPurge(Instant now) {
        return delegate.findDueForPurge(now);
    }

    @Override
    public List<String> findDueForRotation(Instant now) {
        return delegate.findDueForRotation(now);
    }

    @Override
    public List<StoredValue> sealedValues(StoredValue after, int limit) {
        return delegate.sealedValues(after, limit);
    }

    // ------------------------------------------------------------------ writes: through, then evict

    @Override
    public void create(Secret secret, SecretVersion firstVersion) {
        try {
            delegate.create(secret, firstVersion);
        } finally {
            evict(secret.arn());
        }
    }

    @Override
    public Optional<Secret> updateSecret(String arn, UnaryOperator<Secret> change) {
        try {
            return delegate.updateSecret(arn, change);
        } finally {
            evict(arn);
        }
    }

    @Override
    public Optional<Secret> applyVersionChange(String arn, VersionChangePlanner planner) {
        try {
            return delegate.applyVersionChange(arn, planner);
        } finally {
            evict(arn);
        }
    }

    @Override
    public int pruneVersions(String arn, Instant now) {
        try {
            return delegate.pruneVersions(arn, now);
        } finally {
            evict(arn);
        }
    }

    @Override
    public boolean purge(String arn) {
        try {
            return delegate.purge(arn);
        } finally {
            evict(arn);
            accessRecorded.keySet().removeIf(k -> k.startsWith(arn + "|"));
        }
    }

    @Override
    public int replaceSealedValues(List<StoredValue.Reseal> reseals) {
        try {
            return delegate.replaceSealedValues(reseals);
        } finally {
            reseals.forEach(r -> evict(r.current().secretArn()));
        }
    }

    @Override
    public long sealedValueCount() {
        return delegate.sealedValueCount();
    }

    /** Returns at once; the first call per secret/version and day is written in the background. */
    @Override
    public void recordAccess(String arn, String versionId, LocalDate day) {
        String key = arn + "|" + (versionId == null ? "" : versionId);
        LocalDate previous = accessRecorded.get(key);
        if (previous != null && !previous.isBefore(day)) {
            return;
        }
        if (previous == null ? accessRecorded.putIfAbsent(key, day) != null : !accessRecorded.replace(key, previous, day)) {
            return; // another thread is recording it
        }
        try {
            accessWriter.execute(() -> {
                try {
                    delegate.recordAccess(arn, versionId, day);
                    evict(arn); // so DescribeSecret shows the new date
                } catch (RuntimeException e) {
                    accessRecorded.remove(key, day); // let a later access retry
                    LOG.log(Level.WARNING, "cannot record access to " + arn, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            accessRecorded.remove(key, day);
        }
    }

    /** Waits until every access date queued so far is written (tests, orderly shutdown). */
    public void awaitAccessWrites() {
        try {
            accessWriter.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes the queued access dates and stops the background writer. Does not close the delegate. */
    @Override
    public void close() {
        accessWriter.shutdown();
        try {
            accessWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
