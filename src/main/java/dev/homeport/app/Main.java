package dev.homeport.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code homeport} command: {@code homeport server [flags]}, {@code homeport --help},
 * {@code homeport --version}.
 *
 * <p>Parsed by hand rather than with picocli: building picocli's model of two annotated classes cost
 * about 0.6 s of CPU at every start (annotation proxies, reflection, its converter registry), more
 * than opening the store, on a path whose target is one second to the first answered request. The
 * command has one subcommand and seven flags; {@link Flag} keeps their names, variables, defaults
 * and help in one table.
 */
public final class Main {
    static final String VERSION = "homeport 0.1.0";

    /** A flag of {@code homeport server}: every flag also reads a {@code HOMEPORT_*} variable. */
    enum Flag {
        PORT("--port", "HOMEPORT_PORT", "4566", "Port to listen on"),
        BIND("--bind", "HOMEPORT_BIND", "127.0.0.1", "Address to bind"),
        DATA_DIR("--data-dir", "HOMEPORT_DATA_DIR", "data", "Directory for the database and the master key"),
        REGION("--region", "HOMEPORT_REGION", HomeportConfig.DEFAULT_REGION, "Default region"),
        CREDENTIALS_FILE("--credentials-file", "HOMEPORT_CREDENTIALS_FILE", null,
                "AWS shared-credentials style file of accepted keys (default: only test/test, account 000000000000)"),
        JDBC_URL("--jdbc-url", "HOMEPORT_JDBC_URL", null, "Store JDBC URL (default: SQLite in the data directory)"),
        RUNTIME("--runtime", "HOMEPORT_RUNTIME", "auto",
                "Task runtime: auto (Docker when an engine answers, else processes), docker, process, "
                        + "or none (tasks fail to start)");

        final String name;
        final String env;
        final String defaultValue;
        final String help;

        Flag(String name, String env, String defaultValue, String help) {
            this.name = name;
            this.env = env;
            this.defaultValue = defaultValue;
            this.help = help;
        }
    }

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> list = List.of(args);
        if (list.isEmpty() || isHelp(list.get(0)) || list.get(0).equals("help")) {
            if (list.size() > 1 && list.get(0).equals("help") && list.get(1).equals("server")) {
                serverUsage(out);
            } else {
                usage(out);
            }
            return 0;
        }
        if (list.get(0).equals("-V") || list.get(0).equals("--version")) {
            out.println(VERSION);
            return 0;
        }
        if (!list.get(0).equals("server")) {
            err.println("Unmatched argument at index 0: '" + list.get(0) + "'");
            usage(err);
            return 2;
        }
        List<String> rest = list.subList(1, list.size());
        if (rest.stream().anyMatch(Main::isHelp)) {
            serverUsage(out);
            return 0;
        }
        if (rest.contains("-V") || rest.contains("--version")) {
            out.println(VERSION);
            return 0;
        }
        HomeportConfig config;
        try {
            config = serverConfig(rest, env);
        } catch (UsageException e) {
            err.println(e.getMessage());
            serverUsage(err);
            return 2;
        }
        try {
            return serve(config, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The configuration {@code homeport server <args>} runs with: flags first, then variables, then defaults. */
    static HomeportConfig serverConfig(List<String> args, Map<String, String> env) throws UsageException {
        Map<Flag, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            Flag flag = null;
            for (Flag f : Flag.values()) {
                if (f.name.equals(name)) {
                    flag = f;
                }
            }
            if (flag == null) {
                throw new UsageException("Unknown option: '" + arg + "'");
            }
            String value;
            if (name.length() < arg.length()) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("Missing required parameter for option '" + flag.name + "'");
            }
            given.put(flag, value);
        }
        Map<Flag, String> v = new LinkedHashMap<>();
        for (Flag f : Flag.values()) {
            String value = given.get(f);
            if (value == null) {
                value = env.get(f.env);
            }
            v.put(f, value != null ? value : f.defaultValue);
        }
        int port;
        try {
            port = Integer.parseInt(v.get(Flag.PORT).strip());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for option '--port': '" + v.get(Flag.PORT) + "' is not an int");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("Invalid value for option '--port': " + port + " is not a port number");
        }
        String credentials = v.get(Flag.CREDENTIALS_FILE);
        return new HomeportConfig(v.get(Flag.BIND), port, Path.of(v.get(Flag.DATA_DIR)), v.get(Flag.REGION),
                credentials == null || credentials.isEmpty() ? null : Path.of(credentials),
                v.get(Flag.JDBC_URL) == null || v.get(Flag.JDBC_URL).isEmpty() ? null : v.get(Flag.JDBC_URL),
                v.get(Flag.RUNTIME));
    }

    private static int serve(HomeportConfig config, PrintStream out) throws InterruptedException {
        Homeport homeport = Homeport.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            homeport.close();
            stopped.countDown();
        }, "homeport-shutdown"));
        out.println("Homeport listening on http://" + config.bindAddress() + ":" + homeport.port()
                + " (data in " + config.dataDir().toAbsolutePath() + ")");
        stopped.await();
        return 0;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("-h") || arg.equals("--help");
    }

    private static void usage(PrintStream out) {
        out.println("Usage: homeport [-hV] [COMMAND]");
        out.println("AWS Secrets Manager and Amazon ECS on Fargate, self-hosted.");
        out.println("  -h, --help      Show this help message and exit.");
        out.println("  -V, --version   Print version information and exit.");
        out.println("Commands:");
        out.println("  server  Start the Homeport server.");
        out.println("  help    Display help information about the specified command.");
    }

    private static void serverUsage(PrintStream out) {
        out.println("Usage: homeport server [-hV] [--flag=<value>]...");
        out.println("Start the Homeport server. Every flag also reads a HOMEPORT_* variable.");
        for (Flag f : Flag.values()) {
            String dflt = f.defaultValue == null ? "" : ", default " + f.defaultValue;
            out.printf("      %-20s %s (%s%s).%n", f.name + "=<value>", f.help, f.env, dflt);
        }
        out.println("  -h, --help                 Show this help message and exit.");
        out.println("  -V, --version              Print version information and exit.");
    }
}
