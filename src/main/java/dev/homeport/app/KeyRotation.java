package dev.homeport.app;

import dev.homeport.crypto.AuthenticationFailedException;
import dev.homeport.crypto.MasterKeyStore;
import dev.homeport.crypto.Sealed;
import dev.homeport.crypto.TinkSecretBarrier;
import dev.homeport.iam.IamStore;
import dev.homeport.secretsmanager.Resealer;
import dev.homeport.ssm.SsmStore;
import dev.homeport.sts.StsSessions;
import dev.homeport.store.Settings;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Online master-key rotation, what {@code homeport keys rotate} asks the server for. Vault's {@code sys/rotate} is
 * the model: a new key becomes primary at once (saved to the keyset file first), every value written from then on
 * is sealed with it, and a background job re-seals what is stored (Homeport's own sealed settings, IAM users'
 * access key secrets, STS sessions' secrets, then every secret version) page by page while reads and writes go on; old keys stay in the keyset, so every value opens
 * throughout. One rotation at a time; a rotation with {@code HOMEPORT_MASTER_KEY} is refused, because a process
 * cannot rewrite its environment.
 */
public final class KeyRotation {
    private static final Logger LOG = System.getLogger(KeyRotation.class.getName());

    public enum State { NEVER_RUN, RUNNING, COMPLETED, FAILED }

    /**
     * Where the last rotation is. {@code total} is the number of stored values when it began; values written since
     * are sealed with the new key already. {@code unreadable}: values that did not open and were left as they were.
     */
    public record Status(State state, long primaryKeyId, long total, long examined, long resealed, long unreadable,
                         Instant startedAt, Instant finishedAt, String error) {

        Status progressed(Resealer.Counts counts) {
            return new Status(state, primaryKeyId, Math.max(total, counts.examined()), counts.examined(),
                    counts.resealed(), counts.unreadable(), startedAt, finishedAt, error);
        }

        Status finished(State outcome, Instant at, String failure) {
            return new Status(outcome, primaryKeyId, total, examined, resealed, unreadable, startedAt, at, failure);
        }
    }

    /** A rotation that cannot start now: one is running, or the keyset is read-only. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    private final MasterKeyStore keys;
    private final TinkSecretBarrier barrier;
    private final Resealer resealer;
    private final IamStore iam;
    private final StsSessions sessions;
    private final SsmStore parameters;
    private final Settings settings;
    private final Clock clock;
    private final AtomicReference<Status> status;

    KeyRotation(MasterKeyStore keys, TinkSecretBarrier barrier, Resealer resealer, IamStore iam, StsSessions sessions,
                SsmStore parameters, Settings settings, Clock clock) {
        this.iam = iam;
        this.parameters = parameters;
        this.sessions = sessions;
        this.keys = keys;
        this.barrier = barrier;
        this.resealer = resealer;
        this.settings = settings;
        this.clock = clock;
        this.status = new AtomicReference<>(new Status(State.NEVER_RUN, barrier.primaryKeyId(), 0, 0, 0, 0, null,
                null, null));
    }

    public Status status() {
        return status.get();
    }

    /**
     * Adds a new primary key and starts re-sealing in the background.
     *
     * @return the status the rotation starts with
     * @throws RefusedException when a rotation is running or the keyset cannot be rewritten
     */
    public synchronized Status start() {
        if (status.get().state() == State.RUNNING) {
            throw new RefusedException("A key rotation is already running; wait for it to finish.");
        }
        if (!keys.canRotate()) {
            throw new RefusedException("The master keyset comes from " + MasterKeyStore.ENV_VAR
                    + ", which Homeport cannot rewrite: add a key with tinkey (add-key --promote), set the variable "
                    + "to the new keyset and restart.");
        }
        barrier.rotate();
        Status started = new Status(State.RUNNING, barrier.primaryKeyId(), resealer.total(), 0, 0, 0, clock.instant(),
                null, null);
        status.set(started);
        LOG.log(Level.INFO, "master key rotated: new primary key {0}; re-sealing {1} stored values in the background",
                Long.toUnsignedString(started.primaryKeyId()), started.total());
        Thread.ofVirtual().name("homeport-key-rotation").start(this::reseal);
        return started;
    }

    private void reseal() {
        try {
            resealSettings();
            iam.resealKeys();
            sessions.resealSecrets();
            SsmStore.Resealed secureStrings = parameters.resealSecureStrings(barrier);
            if (secureStrings.unreadable() > 0) {
                LOG.log(Level.ERROR, "{0} SecureString parameter versions do not open and were left as they were",
                        secureStrings.unreadable());
            }
            Resealer.Counts counts = resealer.resealAll(c -> status.updateAndGet(s -> s.progressed(c)));
            Status done = status.updateAndGet(s -> s.progressed(counts).finished(State.COMPLETED, clock.instant(),
                    null));
            LOG.log(Level.INFO, "key rotation completed: {0} values re-sealed, {1} unreadable", done.resealed(),
                    done.unreadable());
        } catch (RuntimeException e) {
            // The new key stays primary and every value still opens (old keys are kept): running it again finishes.
            status.updateAndGet(s -> s.finished(State.FAILED, clock.instant(), e.getClass().getSimpleName() + ": "
                    + e.getMessage()));
            LOG.log(Level.ERROR, "key rotation failed; run it again to finish re-sealing", e);
        }
    }

    /** Homeport's own sealed settings (the key check value, the task metadata key), bound to their names. */
    private void resealSettings() {
        for (String name : settings.names()) {
            byte[] stored = settings.get(name).orElse(null);
            if (stored == null || !barrier.needsReseal(Sealed.of(stored))) {
                continue;
            }
            String aad = Settings.aad(name);
            byte[] plain;
            try {
                plain = barrier.open(Sealed.of(stored), aad);
            } catch (AuthenticationFailedException e) {
                LOG.log(Level.ERROR, "cannot re-seal setting {0}: value does not open", name);
                continue;
            }
            try {
                settings.replace(name, stored, barrier.seal(plain, aad).bytes());
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }
}
