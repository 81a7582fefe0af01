package dev.homeport.testing;

import dev.homeport.store.Database;


/**
 * The PostgreSQL database named by {@code HOMEPORT_TEST_PG_URL}, for contract tests that run every
 * store implementation. The test command starts one and sets the variable
 * ({@code scripts/prepare-test-machine.sh}); under {@code CI=true} a missing variable fails the test
 * instead of skipping it.
 */
public final class TestPostgres {
    private TestPostgres() {
    }

    /**
     * A new, empty database on that server for the calling test class, so tests never see rows of another class or
     * of an earlier run (whose code may have stored other shapes).
     */
    public static Database open() {
        String url = System.getenv("HOMEPORT_TEST_PG_URL");
        Prerequisite.require(url != null && !url.isBlank(), "HOMEPORT_TEST_PG_URL is not set");
        String name = "homeport_test_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + url, e);
        }
        // jdbc:postgresql://host:port/database?params: the same server, the new database.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)").matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("HOMEPORT_TEST_PG_URL is not a jdbc:postgresql://host/database URL");
        }
        return Database.open(m.group(1) + name + m.group(3));
    }
}
