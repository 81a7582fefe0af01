package dev.homeport.app;

import dev.homeport.http.HttpLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

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
 * @param exposure        who may reach the server, and how much of it one client may hold
 * @param unsafeUnsandboxedProcesses run process-runtime tasks without a sandbox when none can be made, instead of
 *                        refusing them: every such task can read Homeport's keys and secrets
 * @param serviceSettle   how long a service's task without health checks must be RUNNING before the service scheduler
 *                        counts it as healthy (ECS: 40 seconds)
 */
public record HomeportConfig(String bindAddress, int port, Path dataDir, String region, Path credentialsFile,
                             String jdbcUrl, String runtime, Path networkConfig, Exposure exposure,
                             boolean unsafeUnsandboxedProcesses, Duration serviceSettle) {

    /**
     * How Homeport may be reached.
     *
     * @param hostnames       names besides localhost and addresses that requests may carry in {@code Host}
     * @param limits          connections and their deadlines
     * @param metricsToken    a bearer token that may read {@code /_homeport/metrics}, or null (signed requests only)
     * @param allowPublicDevelopmentKey serve a non-loopback address although the only key is the public {@code test}
     */
    public record Exposure(Set<String> hostnames, HttpLimits limits, String metricsToken,
                           boolean allowPublicDevelopmentKey) {
        public Exposure {
            hostnames = Set.copyOf(hostnames);
        }

        public static Exposure defaults() {
            return new Exposure(Set.of(), HttpLimits.defaults(), null, false);
        }
    }

    public HomeportConfig(String bindAddress, int port, Path dataDir, String region, Path credentialsFile,
                          String jdbcUrl, String runtime) {
        this(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, runtime, null, Exposure.defaults(), false,
                dev.homeport.ecs.ServiceScheduler.DEFAULT_SETTLE);
    }

    public static final String DEFAULT_REGION = "us-east-1";

    public static HomeportConfig defaults(Path dataDir) {
        return new HomeportConfig("127.0.0.1", 4566, dataDir, DEFAULT_REGION, null, null, "auto");
    }

    public HomeportConfig withPort(int newPort) {
        return new HomeportConfig(bindAddress, newPort, dataDir, region, credentialsFile, jdbcUrl, runtime, networkConfig,
                exposure, unsafeUnsandboxedProcesses, serviceSettle);
    }

    public HomeportConfig withNetworkConfig(Path file) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, runtime, file, exposure,
                unsafeUnsandboxedProcesses, serviceSettle);
    }

    public HomeportConfig withRuntime(String newRuntime) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, newRuntime, networkConfig,
                exposure, unsafeUnsandboxedProcesses, serviceSettle);
    }

    public HomeportConfig withExposure(Exposure newExposure) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, runtime, networkConfig,
                newExposure, unsafeUnsandboxedProcesses, serviceSettle);
    }

    public HomeportConfig withCredentialsFile(Path file) {
        return new HomeportConfig(bindAddress, port, dataDir, region, file, jdbcUrl, runtime, networkConfig, exposure,
                unsafeUnsandboxedProcesses, serviceSettle);
    }

    public HomeportConfig withUnsafeUnsandboxedProcesses(boolean unsafe) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, runtime, networkConfig,
                exposure, unsafe, serviceSettle);
    }

    public HomeportConfig withBindAddress(String address) {
        return new HomeportConfig(address, port, dataDir, region, credentialsFile, jdbcUrl, runtime, networkConfig,
                exposure, unsafeUnsandboxedProcesses, serviceSettle);
    }

    public HomeportConfig withServiceSettle(Duration settle) {
        return new HomeportConfig(bindAddress, port, dataDir, region, credentialsFile, jdbcUrl, runtime, networkConfig,
                exposure, unsafeUnsandboxedProcesses, settle);
    }

    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : dev.homeport.store.Database.defaultUrl(dataDir);
    }
}
