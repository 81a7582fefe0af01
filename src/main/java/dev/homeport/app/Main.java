package dev.homeport.app;

import dev.homeport.http.HttpLimits;
import dev.homeport.http.Prewarm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code homeport} command. */
@Command(name = "homeport", mixinStandardHelpOptions = true, version = "homeport 0.1.0",
        description = "AWS Secrets Manager and Amazon ECS on Fargate, self-hosted.",
        subcommands = {Main.Server.class, KeysCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("server")) {
            Prewarm.start();
        }
        CommandLine cli = new CommandLine(new Main());
        // A refusal to start is the operator's to act on: its message, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StartupRefusedException refused) {
                commandLine.getErr().println("homeport: " + refused.getMessage());
                return 78; // EX_CONFIG
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Every flag also reads a HOMEPORT_* variable, so containers and CI can configure it without flags. */
    @Command(name = "server", mixinStandardHelpOptions = true, description = "Start the Homeport server.")
    static final class Server implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "${env:HOMEPORT_PORT:-4566}",
                description = "Port to listen on (HOMEPORT_PORT, default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--bind", defaultValue = "${env:HOMEPORT_BIND:-127.0.0.1}",
                description = "Address to bind (HOMEPORT_BIND, default ${DEFAULT-VALUE}).")
        String bind;

        @Option(names = "--data-dir", defaultValue = "${env:HOMEPORT_DATA_DIR:-data}",
                description = "Directory for the database and the master key (HOMEPORT_DATA_DIR, default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--region", defaultValue = "${env:HOMEPORT_REGION:-us-east-1}",
                description = "Default region (HOMEPORT_REGION, default ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--credentials-file", defaultValue = "${env:HOMEPORT_CREDENTIALS_FILE}",
                description = "AWS shared-credentials style file of accepted keys (HOMEPORT_CREDENTIALS_FILE; "
                        + "default: only test/test, account 000000000000).")
        Path credentialsFile;

        @Option(names = "--jdbc-url", defaultValue = "${env:HOMEPORT_JDBC_URL}",
                description = "Store JDBC URL (HOMEPORT_JDBC_URL; default: SQLite in the data directory).")
        String jdbcUrl;

        @Option(names = "--runtime", defaultValue = "${env:HOMEPORT_RUNTIME:-auto}",
                description = "Task runtime: auto (Docker when an engine answers, else processes), docker, process, "
                        + "or none (tasks fail to start) (HOMEPORT_RUNTIME, default ${DEFAULT-VALUE}).")
        String runtime;

        @Option(names = "--network-config", defaultValue = "${env:HOMEPORT_NETWORK_CONFIG}",
                description = "JSON file with the task network's VPCs, subnets and security groups "
                        + "(HOMEPORT_NETWORK_CONFIG; default: the workshop's VPC 10.200.0.0/16, see docs/COMPATIBILITY.md).")
        Path networkConfig;

        @Option(names = "--hostname", split = ",", defaultValue = "${env:HOMEPORT_HOSTNAMES}",
                description = "Host names clients may use for this server besides localhost and IP addresses; requests "
                        + "naming any other host are refused, which stops DNS rebinding (HOMEPORT_HOSTNAMES, comma-separated).")
        List<String> hostnames;

        @Option(names = "--max-connections", defaultValue = "${env:HOMEPORT_MAX_CONNECTIONS:-0}",
                description = "Open connections at most; more are answered 503 (HOMEPORT_MAX_CONNECTIONS; default 0: half "
                        + "the process's file descriptor limit, at most 10000).")
        int maxConnections;

        @Option(names = "--allow-public-development-key", defaultValue = "${env:HOMEPORT_ALLOW_PUBLIC_DEVELOPMENT_KEY:-false}",
                description = "Serve a non-loopback --bind address even though the only accepted key is the public "
                        + "development key test/test, which anyone who can reach the port can then use "
                        + "(HOMEPORT_ALLOW_PUBLIC_DEVELOPMENT_KEY).")
        boolean allowPublicDevelopmentKey;

        @Option(names = "--unsafe-unsandboxed-processes",
                defaultValue = "${env:HOMEPORT_UNSAFE_UNSANDBOXED_PROCESSES:-false}",
                description = "When the process runtime can't sandbox tasks (no bubblewrap), run them anyway, as "
                        + "Homeport's own user: every task can then read Homeport's keys and every secret "
                        + "(HOMEPORT_UNSAFE_UNSANDBOXED_PROCESSES). Without it such tasks fail to start.")
        boolean unsafeUnsandboxedProcesses;

        @Option(names = "--service-settle-seconds", defaultValue = "${env:HOMEPORT_SERVICE_SETTLE_SECONDS:-40}",
                description = "How long an ECS service's task without container health checks must be RUNNING "
                        + "before the service scheduler counts it as healthy during a deployment "
                        + "(HOMEPORT_SERVICE_SETTLE_SECONDS; default 40, as on ECS).")
        int serviceSettleSeconds;

        @Override
        public Integer call() throws Exception {
            HttpLimits limits = HttpLimits.defaults();
            // A bearer token for metrics scrapers is read from the environment only: a flag would show it in ps.
            HomeportConfig.Exposure exposure = new HomeportConfig.Exposure(
                    hostnames == null ? Set.of() : Set.copyOf(hostnames),
                    maxConnections > 0 ? limits.withMaxConnections(maxConnections) : limits,
                    System.getenv("HOMEPORT_METRICS_TOKEN"), allowPublicDevelopmentKey);
            HomeportConfig config = new HomeportConfig(bind, port, dataDir, region, credentialsFile, jdbcUrl, runtime,
                    networkConfig, exposure, unsafeUnsandboxedProcesses, java.time.Duration.ofSeconds(serviceSettleSeconds));
            Homeport homeport = Homeport.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                homeport.close();
                stopped.countDown();
            }, "homeport-shutdown"));
            System.out.println("Homeport listening on http://" + bind + ":" + homeport.port()
                    + " (data in " + dataDir.toAbsolutePath() + ")");
            stopped.await();
            return 0;
        }
    }
}
