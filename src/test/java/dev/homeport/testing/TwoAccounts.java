package dev.homeport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Homeport (no task runtime) whose credentials file holds two accounts: the owner's development key {@code test}
 * (account 000000000000) and a foreign key (account 111111111111), for isolation tests. Close it to stop the server
 * and delete the file.
 */
public final class TwoAccounts implements AutoCloseable {
    public static final String OWNER = "000000000000";
    public static final String FOREIGN = "111111111111";
    public static final String FOREIGN_KEY = "FOREIGNKEY";
    public static final String FOREIGN_SECRET = "foreign-secret";

    private final Path credentials;
    private final HomeportServer server;

    private TwoAccounts(Path credentials, HomeportServer server) {
        this.credentials = credentials;
        this.server = server;
    }

    public static TwoAccounts start() {
        try {
            Path credentials = Files.createTempFile("homeport-accounts", ".ini");
            Files.writeString(credentials, """
                    [owner]
                    aws_access_key_id = test
                    aws_secret_access_key = test
                    account_id = %s

                    [foreign]
                    aws_access_key_id = %s
                    aws_secret_access_key = %s
                    account_id = %s
                    """.formatted(OWNER, FOREIGN_KEY, FOREIGN_SECRET, FOREIGN));
            return new TwoAccounts(credentials, HomeportServer.start(c -> c.withRuntime("none")
                    .withCredentialsFile(credentials)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HomeportServer server() {
        return server;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(credentials);
    }
}
