package dev.homeport.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code homeport} command line: flags, defaults, help and usage errors. */
class MainTest {
    @Test
    void serverFlagsAreParsed() {
        CommandLine cli = new CommandLine(new Main());
        CommandLine.ParseResult result = cli.parseArgs("server", "--port", "5000", "--data-dir=/tmp/x",
                "--runtime", "process", "--region", "eu-west-1");
        Main.Server server = result.subcommand().commandSpec().commandLine().getCommand();
        assertThat(server.port).isEqualTo(5000);
        assertThat(server.dataDir).isEqualTo(Path.of("/tmp/x"));
        assertThat(server.runtime).isEqualTo("process");
        assertThat(server.region).isEqualTo("eu-west-1");
        assertThat(server.bind).isEqualTo(System.getenv().getOrDefault("HOMEPORT_BIND", "127.0.0.1"));
    }

    @Test
    void helpListsTheServerCommandAndItsVariables() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("server");
        StringWriter serverHelp = new StringWriter();
        cli = new CommandLine(new Main()).setOut(new PrintWriter(serverHelp));
        assertThat(cli.execute("server", "--help")).isZero();
        assertThat(serverHelp.toString()).contains("--port", "HOMEPORT_PORT", "--data-dir", "HOMEPORT_DATA_DIR",
                "--bind", "HOMEPORT_BIND", "--region", "HOMEPORT_REGION", "--credentials-file",
                "HOMEPORT_CREDENTIALS_FILE");
    }

    @Test
    void badFlagsAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));
        assertThat(cli.execute("server", "--nope", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--nope");
        assertThat(new CommandLine(new Main()).setErr(new PrintWriter(new StringWriter()))
                .execute("server", "--port", "http")).isEqualTo(2);
    }
}
