package dev.homeport.store;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The fast path past Flyway: a database whose schema history already holds every migration this build
 * ships, each successful, needs nothing from Flyway, and loading Flyway (its plugins, its scan of the
 * classpath) costs more at start than everything else the store does.
 *
 * <p>The shipped migrations are listed from the classpath (a directory in tests, the shaded jar in
 * production, from the list the build writes beside them), so a new {@code V<n>__*.sql} is seen
 * without anyone updating a list. Whenever anything is unusual (no history table, a failed
 * row, a shipped version not yet applied, a repeatable migration, an unknown classpath layout),
 * {@link #upToDate} answers false and Flyway runs as before, with its validation.
 */
final class Migrations {
    static final String LOCATION = "db/migration";
    /** {@code db/migration.list}: the scripts' names, one per line, written by the build into the jar. */
    static final String LIST_SUFFIX = ".list";

    private Migrations() {
    }

    /**
     * Versions of the versioned migrations ({@code V<version>__<description>.sql}) on the classpath, in
     * Flyway's spelling ({@code V1_2__x.sql} is version {@code 1.2}); {@code null} when they cannot be
     * listed or a repeatable migration ({@code R__}) is among them.
     */
    static Set<String> shippedVersions(ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(LOCATION);
            if (!roots.hasMoreElements()) {
                return null;
            }
            while (roots.hasMoreElements()) {
                if (!list(roots.nextElement(), names)) {
                    return null;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        Set<String> versions = new TreeSet<>();
        for (String name : names) {
            if (!name.endsWith(".sql")) {
                continue;
            }
            if (!name.startsWith("V")) {
                return null; // repeatable (R__), undo (U__) or something Flyway would judge: let it
            }
            int sep = name.indexOf("__");
            if (sep < 2) {
                return null;
            }
            versions.add(name.substring(1, sep).replace('_', '.'));
        }
        return versions.isEmpty() ? null : versions;
    }

    private static boolean list(URL root, Set<String> names) throws IOException {
        switch (root.getProtocol()) {
            case "file" -> {
                File[] files;
                try {
                    files = new File(root.toURI()).listFiles();
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return false;
                }
                if (files == null) {
                    return false;
                }
                for (File f : files) {
                    if (!f.isFile()) {
                        return false; // Flyway would search subdirectories too
                    }
                    names.add(f.getName());
                }
                return true;
            }
            case "jar" -> {
                // The build lists the scripts in a file beside them (src/build/MakeEmptySchema.java): finding
                // them in the jar's directory meant walking all of its 24,000 entries, ~30 ms of start-up.
                // No list (a jar not built by Maven): false, and Flyway runs.
                try (InputStream in = listBeside(root).openStream()) {
                    for (String name : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (!name.isBlank()) {
                            names.add(name.strip());
                        }
                    }
                } catch (FileNotFoundException | IllegalArgumentException e) {
                    return false;
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** {@code .../db/migration.list} for the folder {@code .../db/migration} (the app class loader adds a "/"). */
    static URL listBeside(URL folder) throws MalformedURLException {
        return URI.create(folder.toString().replaceAll("/$", "") + LIST_SUFFIX).toURL();
    }

    /**
     * True only if Flyway's history table lists every one of {@code shipped} as applied and no row
     * failed. Any SQL error (no history table yet) means false.
     */
    static boolean upToDate(DataSource source, Set<String> shipped) {
        if (shipped == null) {
            return false;
        }
        Set<String> applied = new HashSet<>();
        try (Connection c = source.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                String version = rs.getString(1);
                if (version != null) {
                    applied.add(version);
                }
            }
        } catch (SQLException e) {
            return false;
        }
        return applied.containsAll(shipped);
    }
}
