package dev.homeport.app;

import java.nio.file.Path;

/**
 * Everything Homeport is started with. Built by {@link Main} from flags and {@code HOMEPORT_*}
 * variables, or directly by tests.
 *
 * @param credentialsFile an AWS shared-credentials style file, or {@code null} for the
 *                        development key {@code test}/{@code test}
 * @param jdbcUrl         the store, or {@code null} for SQLite in the data directory
 * @param runtime         {@code auto}, {@code docker}, {@code process} or {@code none} (ECS tasks fail to start)
 */
public record HomeportConfig(String bindAddress, int port, Path dataDir, String region, Path credentialsFile,
                             String jdbcUrl, String runtime) {
    public static final String DEFAULT_REGION = "us-east-1";

    public static HomeportConfig defaults(Path dataDir) {
        return new HomeportConfig("127.0.0.1", 4566, dataDir, DEFAULT_REGION, null, null, "auto");
    }

    public HomeportConfig withPort(int newPort) {
        return new HomeportConfig(bindAddress, newPort, dataDir, region, credentialsFile, jdbcUrl, runtime);
    }

    public HomeportConfig withRuntime(String newRuntime) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, newRuntime);
    }

    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : dev.homeport.store.Database.defaultUrl(dataDir);
    }
}
