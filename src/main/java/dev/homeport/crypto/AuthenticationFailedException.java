package dev.homeport.crypto;

/**
 * A sealed value did not open: it was altered, moved to another row (different AAD), or sealed under a
 * key that is no longer in the keyset.
 *
 * <p>The message names the AAD (a secret ARN and version id, which are not secret) so an operator can
 * find the row, and never any plaintext or key material. The Tink cause is kept: its messages carry
 * no data either.
 */
public final class AuthenticationFailedException extends RuntimeException {
    private final String aad;

    public AuthenticationFailedException(String aad, Throwable cause) {
        super("sealed value failed authentication (tampered, moved to another row, or unknown key) for " + aad, cause);
        this.aad = aad;
    }

    /** The associated data the open was attempted with. */
    public String aad() {
        return aad;
    }
}
