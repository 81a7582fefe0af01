package dev.homeport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The check that lets a start skip Flyway: it must only ever say "up to date" when Flyway would do nothing. */
class MigrationsTest {
    @TempDir
    Path dir;

    private SQLiteDataSource plain() {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(Database.defaultUrl(dir));
        return ds;
    }

    @Test
    void listsTheShippedVersionedMigrations() {
        Set<String> shipped = Migrations.shippedVersions(getClass().getClassLoader());
        assertThat(shipped).isNotNull().contains("1");
        assertThat(shipped).allMatch(v -> v.matches("[0-9]+(\\.[0-9]+)*"));
    }

    @Test
    void inAJarTheScriptsAreTheBuildsList() throws Exception {
        Path withList = jar("with-list.jar", true);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {withList.toUri().toURL()}, null)) {
            assertThat(Migrations.shippedVersions(loader)).containsExactly("1", "2.1");
        }
        // The folder's URL as the app class loader gives it (with a "/") and as others do (without).
        for (String folder : List.of("jar:file:/x/homeport.jar!/db/migration/", "jar:file:/x/homeport.jar!/db/migration")) {
            assertThat(Migrations.listBeside(URI.create(folder).toURL()))
                    .hasToString("jar:file:/x/homeport.jar!/db/migration.list");
        }
        // A jar without the list (not built by Maven): unknown, so Flyway runs.
        Path withoutList = jar("without-list.jar", false);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {withoutList.toUri().toURL()}, null)) {
            assertThat(Migrations.shippedVersions(loader)).isNull();
        }
    }

    private Path jar(String name, boolean withList) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            // As the shaded jar has them: directory entries, then the scripts.
            for (String entry : List.of("db/", "db/migration/", "db/migration/V1__a.sql", "db/migration/V2_1__b.sql")) {
                zip.putNextEntry(new ZipEntry(entry));
                if (!entry.endsWith("/")) {
                    zip.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
                }
            }
            if (withList) {
                zip.putNextEntry(new ZipEntry("db/migration.list"));
                zip.write("V1__a.sql\nV2_1__b.sql\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    @Test
    void aFreshDatabaseIsNotUpToDate() {
        assertThat(Migrations.upToDate(plain(), Migrations.shippedVersions(getClass().getClassLoader()))).isFalse();
    }

    @Test
    void aMigratedDatabaseIsUpToDateUntilAVersionIsMissingOrFailed() throws SQLException {
        Database.openDefault(dir).close();
        Set<String> shipped = Migrations.shippedVersions(getClass().getClassLoader());
        assertThat(Migrations.upToDate(plain(), shipped)).isTrue();
        assertThat(Migrations.upToDate(plain(), null)).isFalse();

        // A version this build ships that the database has not seen: Flyway must run.
        assertThat(Migrations.upToDate(plain(), Set.of("1", "999"))).isFalse();

        // A failed migration in the history: Flyway must run (and report it).
        try (Connection c = plain().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '1'");
        }
        assertThat(Migrations.upToDate(plain(), shipped)).isFalse();
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsHistory() throws SQLException {
        Database.openDefault(dir).close();
        try (Database db = Database.openDefault(dir)) {
            int rows = db.transactions().read(c -> {
                try (Statement st = c.createStatement();
                     var rs = st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isGreaterThanOrEqualTo(1);
        }
    }
}
