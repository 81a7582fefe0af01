package dev.homeport.protocol.sigv4;

/** An access key, its secret and the account it belongs to. */
public record Credentials(String accessKeyId, String secretAccessKey, String accountId) {
    @Override
    public String toString() {
        // Never print the secret key.
        return "Credentials[" + accessKeyId + ", account " + accountId + "]";
    }
}
