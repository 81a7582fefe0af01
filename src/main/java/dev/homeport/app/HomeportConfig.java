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
 * @param networkConfig   the task network's JSON file ({@code dev.homeport.ec2.NetworkConfig}), or {@code null} for
 *                        the default (the workshop's VPC 10.200.0.0/16)
 */
public record HomeportConfig(String bindAddress, int port, Path dataDir, String region, Path credentialsFile,
                             String jdbcUrl, String runtime, Path networkConfig) {

    public HomeportConfig(String bindAddress, int port, Path dataDir, String region, Path credentialsFile,
                          String jdbcUrl, String runtime) {
        this(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, runtime, null);
    }

    public static final String DEFAULT_REGION = "us-east-1";

    public static HomeportConfig defaults(Path dataDir) {
        return new HomeportConfig("127.0.0.1", 4566, dataDir, DEFAULT_REGION, null, null, "auto");
    }

    public HomeportConfig withPort(int newPort) {
        return new HomeportConfig(bindAddress, newPort, dataDir, region, credentialsFile, jdbcUrl, runtime, networkConfig);
    }

    public HomeportConfig withNetworkConfig(Path file) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, runtime, file);
    }

    public HomeportConfig withRuntime(String newRuntime) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, newRuntime, networkConfig);
    }

    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : dev.homeport.store.Database.defaultUrl(dataDir);
    }
}
