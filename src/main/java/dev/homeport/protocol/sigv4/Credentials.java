package dev.homeport.protocol.sigv4;

import dev.homeport.protocol.Principal;

/** An access key, its secret and the identity it signs for. */
public record Credentials(String accessKeyId, String secretAccessKey, Principal principal) {
    /** A key of the credentials file: its account's root user. */
    public Credentials(String accessKeyId, String secretAccessKey, String accountId) {
        this(accessKeyId, secretAccessKey, Principal.root(accountId));
    }

    public String accountId() {
        return principal.accountId();
    }

    @Override
    public String toString() {
        // Never print the secret key.
        return "Credentials[" + accessKeyId + ", " + principal.arn() + "]";
    }
}
