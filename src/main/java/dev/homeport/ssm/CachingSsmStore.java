package dev.homeport.ssm;

import dev.homeport.crypto.SecretBarrier;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * In-memory read cache in front of another {@link SsmStore}, so that GetParameter is served from memory: one
 * request asks for a parameter's tags (for {@code aws:ResourceTag}), whether it exists and its latest version, which
 * on the database are four queries.
 *
 * <p>Cached, per parameter: its latest version (with labels) and its tags. Older versions, labels, history and
 * listings go to the delegate: they are rarer and must be complete. Only parameters that exist are cached, never "not
 * found", so a put is visible at once.
 *
 * <p>Writes go through to the delegate, then evict the parameter (a key rotation's re-seal evicts everything). A read
 * that misses loads from the delegate and keeps what it loaded only if no write completed meanwhile (a generation
 * counter, checked under the lock eviction takes), so a slow read never puts back data older than a write that has
 * returned. As {@code CachingSecretRepository}: this process must be the only writer of the delegate's data.
 * Unbounded: an emulator holds thousands of parameters, not millions. Thread-safe.
 */
public final class CachingSsmStore implements SsmStore {
    private record Key(String account, String region, String name) {
    }

    /** What the read path needs of one existing parameter. */
    private record Entry(ParameterVersion latest, Map<String, String> tags) {
    }

    private final SsmStore delegate;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile long generation; // written only under lock

    public CachingSsmStore(SsmStore delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    // ---------------------------------------------------------------- cached reads

    /** The parameter's entry, loaded on a miss; null when the parameter doesn't exist. */
    private Entry entry(String account, String region, String name) {
        Key key = new Key(account, region, name);
        Entry hit = entries.get(key);
        if (hit != null) {
            return hit;
        }
        long gen = generation;
        Optional<ParameterVersion> latest = delegate.latest(account, region, name);
        if (latest.isEmpty()) {
            return null;
        }
        Entry loaded = new Entry(latest.get(),
                Collections.unmodifiableMap(new LinkedHashMap<>(delegate.tags(account, region, name))));
        synchronized (lock) {
            if (generation == gen) {
                entries.put(key, loaded);
            }
        }
        return loaded;
    }

    @Override
    public Optional<ParameterVersion> latest(String account, String region, String name) {
        return Optional.ofNullable(entry(account, region, name)).map(Entry::latest);
    }

    @Override
    public boolean exists(String account, String region, String name) {
        return entry(account, region, name) != null;
    }

    @Override
    public Map<String, String> tags(String account, String region, String name) {
        Entry e = entry(account, region, name);
        return e == null ? Map.of() : e.tags();
    }

    @Override
    public Optional<ParameterVersion> version(String account, String region, String name, long version) {
        Entry e = entry(account, region, name);
        if (e == null) {
            return Optional.empty();
        }
        return e.latest().version() == version ? Optional.of(e.latest())
                : delegate.version(account, region, name, version);
    }

    // ---------------------------------------------------------------- uncached reads

    @Override
    public Optional<ParameterVersion> labelled(String account, String region, String name, String label) {
        return delegate.labelled(account, region, name, label);
    }

    @Override
    public List<ParameterVersion> history(String account, String region, String name) {
        return delegate.history(account, region, name);
    }

    @Override
    public List<ParameterVersion> listLatest(String account, String region) {
        return delegate.listLatest(account, region);
    }

    // ---------------------------------------------------------------- writes: through, then evict

    private <T> T evicting(String account, String region, String name, Supplier<T> write) {
        try {
            return write.get();
        } finally {
            // also when the write failed: it may have committed before the failure reached us
            synchronized (lock) {
                generation++;
                entries.remove(new Key(account, region, name));
            }
        }
    }

    @Override
    public ParameterVersion put(String account, String region, String name, Map<String, String> tags,
                                BiFunction<Optional<ParameterVersion>, Long, ParameterVersion> build) {
        return evicting(account, region, name, () -> delegate.put(account, region, name, tags, build));
    }

    @Override
    public boolean delete(String account, String region, String name) {
        return evicting(account, region, name, () -> delegate.delete(account, region, name));
    }

    @Override
    public Labelled label(String account, String region, String name, Long version, Collection<String> labels) {
        return evicting(account, region, name, () -> delegate.label(account, region, name, version, labels));
    }

    @Override
    public List<String> unlabel(String account, String region, String name, long version, Collection<String> labels) {
        return evicting(account, region, name, () -> delegate.unlabel(account, region, name, version, labels));
    }

    @Override
    public boolean addTags(String account, String region, String name, Map<String, String> tags, int max) {
        return evicting(account, region, name, () -> delegate.addTags(account, region, name, tags, max));
    }

    @Override
    public boolean removeTags(String account, String region, String name, Collection<String> keys) {
        return evicting(account, region, name, () -> delegate.removeTags(account, region, name, keys));
    }

    @Override
    public Resealed resealSecureStrings(SecretBarrier barrier) {
        try {
            return delegate.resealSecureStrings(barrier);
        } finally {
            synchronized (lock) {
                generation++;
                entries.clear();
            }
        }
    }
}
