package dev.homeport.ssm;

import dev.homeport.crypto.SecretBarrier;
import dev.homeport.crypto.Sealed;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Where Parameter Store keeps parameters: {@link JdbcSsmStore} on the database, {@link CachingSsmStore} in front of
 * it for the read path. Every method takes the account and region first: a parameter is theirs, and nothing crosses
 * them. A SecureString's value arrives and leaves sealed: a store never sees its plaintext. Implementations are safe
 * for concurrent use; each write is atomic.
 */
public interface SsmStore {
    /** AWS keeps the 100 most recent versions of a parameter. */
    int MAX_VERSIONS = 100;
    /** A version carries at most ten labels. */
    int MAX_LABELS = 10;

    /**
     * One version of a parameter. For a SecureString {@code value} is null and {@code sealed} holds the value; for
     * the other types {@code sealed} is null. {@code labels} is filled when read, ignored when written.
     */
    record ParameterVersion(String name, long version, String type, String value, Sealed sealed,
                            String description, String allowedPattern, String keyId, String tier,
                            String dataType, String policies, Instant modifiedAt, String modifiedBy,
                            List<String> labels) {
        @Override
        public String toString() {
            return "ParameterVersion[" + name + ":" + version + " " + type + "]";
        }
    }

    /** What became of a write that names a version: done, or why not. */
    enum Outcome { DONE, PARAMETER_NOT_FOUND, VERSION_NOT_FOUND, LABEL_LIMIT }

    /** LabelParameterVersion's result: the version labelled, or why nothing was. */
    record Labelled(Outcome outcome, long version) {
    }

    /** What {@link #resealSecureStrings} did. */
    record Resealed(int resealed, int unreadable) {
    }

    /** Thrown when a write kept meeting concurrent writes of the same parameter. */
    final class TooManyUpdatesException extends RuntimeException {
        TooManyUpdatesException() {
            super("concurrent updates of one parameter", null, false, false);
        }
    }

    /**
     * After a key rotation, re-seals every SecureString version not under the barrier's primary key, each bound to
     * its parameter's ARN and version as when it was put. A row changed meanwhile (deleted, or re-sealed by another
     * run) is left alone: the write only replaces the exact bytes it read. A value that does not open is left as it
     * is (re-sealing must never destroy data) and counted.
     *
     * @return how many versions were re-sealed and how many would not open
     */
    Resealed resealSecureStrings(SecretBarrier barrier);

    /** The parameter's latest version, with its labels; empty when there is no such parameter. */
    Optional<ParameterVersion> latest(String account, String region, String name);

    /** Whether the parameter exists. */
    boolean exists(String account, String region, String name);

    /** One version of the parameter, with its labels; empty when the parameter or that version doesn't exist. */
    Optional<ParameterVersion> version(String account, String region, String name, long version);

    /** The version that carries {@code label}; empty when none does (or the parameter doesn't exist). */
    Optional<ParameterVersion> labelled(String account, String region, String name, String label);

    /** Every version the parameter keeps, oldest first, with their labels; empty when it doesn't exist. */
    List<ParameterVersion> history(String account, String region, String name);

    /**
     * The latest version of every parameter of the account and region, by name in {@link String#compareTo} order
     * (labels not filled).
     */
    List<ParameterVersion> listLatest(String account, String region);

    /**
     * Writes the parameter's next version, in one transaction: {@code build} gets the current latest version (empty
     * for a new parameter) and the number the new one will have, and returns the version to store, or throws (the
     * exception rolls the write back and propagates: that is how the caller refuses an overwrite). Beyond
     * {@link #MAX_VERSIONS} the oldest version is forgotten, with its labels. {@code tags} are set when the
     * parameter is new.
     *
     * @return the version stored
     */
    ParameterVersion put(String account, String region, String name, Map<String, String> tags, BiFunction<Optional<ParameterVersion>, Long, ParameterVersion> build);

    /** Deletes the parameter, every version, label and tag; false when it didn't exist. */
    boolean delete(String account, String region, String name);

    /**
     * Puts {@code labels} on a version (the latest when {@code version} is null), moving each from the version that
     * had it; refused as a whole when the version would carry more than {@link #MAX_LABELS}.
     */
    Labelled label(String account, String region, String name, Long version, Collection<String> labels);

    /**
     * Removes those of {@code labels} that are on the version; returns the ones removed, or null when the parameter
     * or the version doesn't exist ({@link #exists} tells which).
     */
    List<String> unlabel(String account, String region, String name, long version, Collection<String> labels);

    /** The parameter's tags by key, in key order; empty when it has none or doesn't exist. */
    Map<String, String> tags(String account, String region, String name);

    /**
     * Sets tags (a key already there takes the new value) when the parameter exists and would carry at most
     * {@code max} tags; returns false (and changes nothing) otherwise, {@link #exists} telling which.
     */
    boolean addTags(String account, String region, String name, Map<String, String> tags, int max);

    /** Removes the tags with these keys; false when the parameter doesn't exist. */
    boolean removeTags(String account, String region, String name, Collection<String> keys);
}
