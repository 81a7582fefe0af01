package dev.homeport.secretsmanager;

import dev.homeport.crypto.AuthenticationFailedException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Re-seals every stored value that is not under the barrier's primary key, after a key rotation
 * (DESIGN §7: "rotating the keyset keeps old values readable and re-seals them in the background").
 *
 * <p>Pages through the versions and replaces each value with compare-and-set, one short write
 * transaction per value, so request traffic is never blocked for long and a value purged or pruned
 * meanwhile is simply skipped. A value that fails to open is logged (by ARN and version only) and left
 * as it is: re-sealing must never destroy data. Safe to re-run; it is idempotent.
 */
public final class Resealer {
    private static final Logger LOG = System.getLogger(Resealer.class.getName());
    private static final int PAGE = 200;

    private final SecretRepository repository;
    private final SecretValueCodec codec;

    public Resealer(SecretRepository repository, SecretValueCodec codec) {
        this.repository = Objects.requireNonNull(repository);
        this.codec = Objects.requireNonNull(codec);
    }

    /** Runs {@link #resealAll()} on a virtual thread. */
    public CompletableFuture<Integer> resealInBackground() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread.ofVirtual().name("homeport-reseal").start(() -> {
            try {
                result.complete(resealAll());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** @return how many values were re-sealed */
    public int resealAll() {
        int resealed = 0;
        StoredValue after = null;
        List<StoredValue> page;
        do {
            page = repository.sealedValues(after, PAGE);
            for (StoredValue v : page) {
                if (codec.needsReseal(v.value()) && reseal(v)) {
                    resealed++;
                }
            }
            after = page.isEmpty() ? null : page.getLast();
        } while (page.size() == PAGE);
        return resealed;
    }

    private boolean reseal(StoredValue v) {
        try {
            return repository.replaceSealedValue(v.secretArn(), v.versionId(), v.value(),
                    codec.reseal(v.secretArn(), v.versionId(), v.value()));
        } catch (AuthenticationFailedException e) {
            LOG.log(Level.ERROR, "cannot re-seal {0} version {1}: value does not open", v.secretArn(), v.versionId());
            return false;
        }
    }
}
