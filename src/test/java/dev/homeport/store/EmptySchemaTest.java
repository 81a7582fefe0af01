package dev.homeport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A new SQLite database is a copy of the empty schema the build made with Flyway: it must be exactly what
 * Flyway makes from the shipped scripts, and Flyway must accept it as its own.
 */
class EmptySchemaTest {
    @TempDir
    Path dir;

    @Test
    void theBuildShipsTheEmptySchema() {
        // Made by src/build/MakeEmptySchema.java in Maven's process-classes phase, before the tests.
        assertThat(getClass().getClassLoader().getResource(Database.EMPTY_SCHEMA)).isNotNull();
    }

    @Test
    void aNewDatabaseIsWhatFlywayMakesFromTheScripts() throws SQLException {
        Path seeded = dir.resolve("seeded.db");
        assertThat(Database.seedFromEmptySchema(seeded)).isTrue();

        Path migrated = dir.resolve("migrated.db");
        Database.flyway(source(migrated), Database.Vendor.SQLITE).migrate();

        String schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
        String history = "SELECT version, description, type, script, checksum, success FROM flyway_schema_history"
                + " ORDER BY installed_rank";
        assertThat(rows(seeded, schema)).isNotEmpty().isEqualTo(rows(migrated, schema));
        assertThat(rows(seeded, history)).hasSizeGreaterThanOrEqualTo(4).isEqualTo(rows(migrated, history));
        // Flyway's own check: same scripts, same checksums, nothing pending.
        Database.flyway(source(seeded), Database.Vendor.SQLITE).validate();
        assertThat(Migrations.upToDate(source(seeded), Migrations.shippedVersions(getClass().getClassLoader())))
                .isTrue();
    }

    @Test
    void openingANewDataDirectoryStartsFromTheEmptySchema() throws SQLException {
        try (Database db = Database.openDefault(dir)) {
            int tables = db.transactions().read(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sm_secret'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(tables).isEqualTo(1);
        }
        assertThat(dir).isDirectoryNotContaining("glob:**/.homeport-*"); // no temporary copy left behind
    }

    @Test
    void anExistingFileIsNeverReplaced() throws Exception {
        Path file = dir.resolve("homeport.db");
        Files.writeString(file, "not a database");
        assertThat(Database.seedFromEmptySchema(file)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("not a database");
    }

    @Test
    void onlyPlainFileUrlsAreSeeded() {
        assertThat(Database.plainFile("jdbc:sqlite::memory:")).isNull();
        assertThat(Database.plainFile("jdbc:sqlite:file:x.db?mode=memory")).isNull();
        assertThat(Database.plainFile("jdbc:sqlite:/data/x.db?journal_mode=WAL")).isNull();
        assertThat(Database.plainFile("jdbc:sqlite:/data/x.db")).isEqualTo(Path.of("/data/x.db"));
    }

    private static SQLiteDataSource source(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    private static List<List<Object>> rows(Path file, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = source(file).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
