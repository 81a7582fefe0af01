package dev.homeport.secretsmanager;

import dev.homeport.crypto.AuthenticationFailedException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Re-seals every stored value that is not under the barrier's primary key, after a key rotation
 * (DESIGN §7: "rotating the keyset keeps old values readable and re-seals them in the background").
 *
 * <p>Pages through the versions and replaces each page's values with compare-and-set in one short write
 * transaction, so request traffic is never blocked for long and a value purged, pruned or rewritten
 * meanwhile is simply skipped (a value written meanwhile is sealed under the new primary already). A
 * value that fails to open is logged (by ARN and version only) and left as it is: re-sealing must never
 * destroy data. Safe to re-run; it is idempotent.
 */
public final class Resealer {
    private static final Logger LOG = System.getLogger(Resealer.class.getName());
    private static final int PAGE = 500;

    /** How far a run has got: values looked at, re-sealed, and left as they were because they would not open. */
    public record Counts(long examined, long resealed, long unreadable) {
    }

    private final SecretRepository repository;
    private final SecretValueCodec codec;

    public Resealer(SecretRepository repository, SecretValueCodec codec) {
        this.repository = Objects.requireNonNull(repository);
        this.codec = Objects.requireNonNull(codec);
    }

    /** How many values a full run looks at, for progress. */
    public long total() {
        return repository.sealedValueCount();
    }

    /** Re-seals page by page, telling {@code progress} after each page. */
    public Counts resealAll(Consumer<Counts> progress) {
        long examined = 0;
        long resealed = 0;
        long unreadable = 0;
        StoredValue after = null;
        List<StoredValue> page;
        do {
            page = repository.sealedValues(after, PAGE);
            List<StoredValue.Reseal> reseals = new ArrayList<>();
            for (StoredValue v : page) {
                if (!codec.needsReseal(v.value())) {
                    continue;
                }
                try {
                    reseals.add(new StoredValue.Reseal(v, codec.reseal(v.secretArn(), v.versionId(), v.value())));
                } catch (AuthenticationFailedException e) {
                    unreadable++;
                    LOG.log(Level.ERROR, "cannot re-seal {0} version {1}: value does not open", v.secretArn(),
                            v.versionId());
                }
            }
            if (!reseals.isEmpty()) {
                resealed += repository.replaceSealedValues(reseals);
            }
            examined += page.size();
            after = page.isEmpty() ? null : page.getLast();
            progress.accept(new Counts(examined, resealed, unreadable));
        } while (page.size() == PAGE);
        return new Counts(examined, resealed, unreadable);
    }
}
