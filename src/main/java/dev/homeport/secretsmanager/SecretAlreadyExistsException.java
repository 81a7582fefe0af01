package dev.homeport.secretsmanager;

/**
 * {@link SecretRepository#create} found the name taken in that account and region, by a live secret or
 * by one scheduled for deletion (AWS keeps the name reserved until the purge). The service maps it to
 * ResourceExistsException ("The operation failed because the secret <name> already exists.") or, for a
 * secret scheduled for deletion, to InvalidRequestException.
 */
public final class SecretAlreadyExistsException extends RuntimeException {
    private final String name;

    public SecretAlreadyExistsException(String name) {
        super("secret " + name + " already exists");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
