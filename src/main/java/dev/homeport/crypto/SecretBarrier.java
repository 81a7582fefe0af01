package dev.homeport.crypto;

/**
 * Seals secret values before they reach the store and opens them on the way out.
 *
 * <p>Contract (every implementation; {@code SecretBarrierContractTest} checks it):
 * <ul>
 *   <li><b>Round trip:</b> {@code open(seal(p, aad), aad)} returns bytes equal to {@code p}, for every
 *       {@code p} including the empty array.</li>
 *   <li><b>Confidentiality:</b> the sealed bytes reveal nothing about the plaintext but its length;
 *       sealing the same plaintext twice gives different bytes (random nonce).</li>
 *   <li><b>Integrity and binding:</b> {@code open} throws {@link AuthenticationFailedException} when any
 *       byte of the sealed value was changed, or when the {@code aad} differs from the one used to seal.
 *       Callers bind each value to where it lives (Homeport uses {@code <secretArn>|<versionId>}), so a
 *       ciphertext copied to another secret or version does not open.</li>
 *   <li><b>Rotation:</b> values sealed under a key that has since been rotated out of primary position
 *       still open for as long as that key stays in the keyset.</li>
 *   <li><b>No leaks:</b> exceptions and {@code toString()} never contain plaintext or key material.</li>
 *   <li><b>Thread safety:</b> all methods may be called concurrently from any number of threads.</li>
 * </ul>
 *
 * <p>Plaintext arrays passed in are not retained; arrays returned are owned by the caller.
 */
public interface SecretBarrier {

    /** Encrypts and authenticates {@code plaintext}, binding it to {@code aad} (never null). */
    Sealed seal(byte[] plaintext, String aad);

    /**
     * Authenticates and decrypts.
     *
     * @throws AuthenticationFailedException if the value was tampered with, sealed with another aad,
     *     or sealed under a key this barrier does not have
     */
    byte[] open(Sealed sealed, String aad);

    /**
     * True if {@code sealed} was not produced by the current primary key, so a background job should
     * open and re-seal it (the point of rotation is that old keys can eventually be retired).
     */
    boolean needsReseal(Sealed sealed);
}
