import dev.homeport.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (run by the antrun plugin after compiling, before the tests and the jar), in the classes
 * directory:
 * <ul>
 *   <li>{@code db/empty-schema.sqlite}: the empty SQLite database a fresh data directory starts from
 *       ({@link Database#EMPTY_SCHEMA});</li>
 *   <li>{@code db/migration.list}: the names of the migration scripts, one per line, so a start can tell
 *       whether a database is up to date without walking the jar's whole directory.</li>
 * </ul>
 *
 * <p>Why: on a fresh data directory Flyway was the largest part of the start-up (loading it, scanning
 * the jar for scripts, parsing and applying them: about 0.4 s of CPU on the two-core target, against a
 * one-second budget for the first answer). The schema it makes is the same every time, so it is made
 * here, once per build, by Flyway itself from the same scripts, through the same {@link Database#open}
 * a server runs; the server copies the result. Its {@code flyway_schema_history} is Flyway's own, so a
 * later build's new migrations apply on top as usual.
 *
 * <p>Usage: {@code java -cp <runtime classpath> MakeEmptySchema.java CLASSES_DIR}; both files are replaced.
 */
public final class MakeEmptySchema {
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]).toAbsolutePath();
        Path output = classes.resolve(Database.EMPTY_SCHEMA);
        writeMigrationList(classes.resolve("db/migration"), classes.resolve("db/migration.list"));
        // A copy left by an earlier build must not seed the database made here: Flyway applies every script.
        Files.deleteIfExists(output);
        Files.createDirectories(output.getParent());
        Path work = Files.createTempDirectory("homeport-empty-schema");
        try {
            Database.openDefault(work).close();
            // VACUUM INTO writes one self-contained, compacted file (no -wal or -shm beside it).
            try (Connection c = DriverManager.getConnection(Database.defaultUrl(work));
                 Statement st = c.createStatement()) {
                st.execute("VACUUM INTO '" + output.toString().replace("'", "''") + "'");
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println("empty schema: " + output + " (" + Files.size(output) + " bytes)");
    }

    /** The scripts' file names; no list at all if the folder has a subfolder (Flyway would search it too). */
    private static void writeMigrationList(Path scripts, Path list) throws Exception {
        Files.deleteIfExists(list);
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(scripts)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) {
                    return;
                }
                names.add(p.getFileName().toString());
            }
        }
        Collections.sort(names);
        Files.write(list, names);
    }
}
