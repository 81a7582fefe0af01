package dev.homeport.app;

import dev.homeport.crypto.AuthenticationFailedException;
import dev.homeport.crypto.MasterKeyStore;
import dev.homeport.crypto.SecretBarrier;
import dev.homeport.crypto.Sealed;
import dev.homeport.crypto.TinkSecretBarrier;
import dev.homeport.secretsmanager.SecretValueCodec;
import dev.homeport.store.Database;
import dev.homeport.store.Settings;
import dev.homeport.store.Sql;

import java.util.Optional;

/**
 * Makes sure the master keyset is the one the database's values were sealed with, before anything is written.
 *
 * <p>Without this a missing keyset file was silently replaced by a new one over an existing database (and a wrong
 * but valid {@code HOMEPORT_MASTER_KEY} started normally): every old value was unreadable, new values were sealed
 * under the wrong key, and restoring the right keyset then left the newest versions unreadable instead. So the
 * database keeps a key-check value (an empty plaintext sealed with the keyset, as Vault keeps a keyring canary),
 * and a start whose keyset is missing, or does not open it, is refused with a clear message and nothing written.
 * A keyset is generated only for a database that holds nothing sealed.
 */
final class KeyCheck {
    static final String SETTING = "key-check";
    /** The check value is bound to its purpose: no stored secret value can stand in for it. */
    private static final String AAD = Settings.aad(SETTING);

    private final Database database;
    private final Settings settings;

    KeyCheck(Database database, Settings settings) {
        this.database = database;
        this.settings = settings;
    }

    /**
     * The barrier to run with: {@code loaded} (built from the existing keyset), or one over a new keyset when
     * there was none and the database holds nothing sealed. The key check value is verified, or written the first
     * time.
     *
     * @param loaded the barrier over the keyset {@code keys} already held, empty when it held none
     * @throws StartupRefusedException when the keyset is missing or wrong for this database
     */
    TinkSecretBarrier barrierFor(MasterKeyStore keys, Optional<TinkSecretBarrier> loaded) {
        Optional<byte[]> check = settings.get(SETTING);
        if (loaded.isEmpty()) {
            if (check.isPresent() || holdsSealedValues()) {
                throw new StartupRefusedException("The master keyset " + keys.file().orElseThrow()
                        + " is missing, but the database holds values sealed with a keyset. Restore that keyset "
                        + "file (or set " + MasterKeyStore.ENV_VAR + " to it) and start again; generating a new keyset "
                        + "would make every stored secret value unreadable. Nothing was written.");
            }
            loaded = Optional.of(new TinkSecretBarrier(keys, keys.create()));
        }
        TinkSecretBarrier barrier = loaded.get();
        if (check.isPresent()) {
            verify(barrier, check.get(), keys);
        } else {
            verifyNewestValue(barrier, keys);
            settings.putIfAbsent(SETTING, barrier.seal(new byte[0], AAD).bytes());
        }
        return barrier;
    }

    private static void verify(SecretBarrier barrier, byte[] check, MasterKeyStore keys) {
        try {
            barrier.open(Sealed.of(check), AAD);
        } catch (AuthenticationFailedException e) {
            throw wrongKeyset(keys);
        }
    }

    /** A database from before the check existed: the newest stored value must open, or the keyset is wrong. */
    private void verifyNewestValue(SecretBarrier barrier, MasterKeyStore keys) {
        record Newest(String arn, String versionId, byte[] sealed) {
        }
        Optional<Newest> newest = database.transactions().read(c -> Sql.queryOne(c,
                "SELECT secret_arn, version_id, sealed_value FROM sm_version ORDER BY created_at DESC LIMIT 1",
                rs -> new Newest(rs.getString(1), rs.getString(2), rs.getBytes(3))));
        if (newest.isEmpty()) {
            return;
        }
        try {
            barrier.open(Sealed.of(newest.get().sealed()),
                    SecretValueCodec.aad(newest.get().arn(), newest.get().versionId()));
        } catch (AuthenticationFailedException e) {
            throw wrongKeyset(keys);
        }
    }

    private static StartupRefusedException wrongKeyset(MasterKeyStore keys) {
        String source = keys.file().map(f -> "The master keyset " + f).orElse(MasterKeyStore.ENV_VAR);
        return new StartupRefusedException(source + " does not open the values in this database: it is not the "
                + "keyset they were sealed with. Start with that keyset. Nothing was written.");
    }

    private boolean holdsSealedValues() {
        return database.transactions().read(c -> Sql.queryOne(c, "SELECT 1 FROM sm_version LIMIT 1", rs -> true))
                .isPresent();
    }
}
