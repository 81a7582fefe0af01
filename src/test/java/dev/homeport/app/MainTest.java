package dev.homeport.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void flagsBeatVariablesBeatDefaults() throws Exception {
        HomeportConfig config = Main.serverConfig(List.of("--port", "5000", "--data-dir=/tmp/x"),
                Map.of("HOMEPORT_PORT", "6000", "HOMEPORT_REGION", "eu-west-1", "HOMEPORT_JDBC_URL", ""));
        assertThat(config.port()).isEqualTo(5000);
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.jdbcUrl()).isNull();
        assertThat(config.credentialsFile()).isNull();
        assertThat(config.runtime()).isEqualTo("auto");

        HomeportConfig defaults = Main.serverConfig(List.of(), Map.of());
        assertThat(defaults.port()).isEqualTo(4566);
        assertThat(defaults.dataDir()).isEqualTo(Path.of("data"));
        assertThat(Main.serverConfig(List.of(), Map.of("HOMEPORT_PORT", "7000", "HOMEPORT_BIND", "0.0.0.0",
                "HOMEPORT_CREDENTIALS_FILE", "/c", "HOMEPORT_RUNTIME", "process")))
                .satisfies(c -> {
                    assertThat(c.port()).isEqualTo(7000);
                    assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
                    assertThat(c.credentialsFile()).isEqualTo(Path.of("/c"));
                    assertThat(c.runtime()).isEqualTo("process");
                });
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertThatThrownBy(() -> Main.serverConfig(List.of("--nope", "1"), Map.of()))
                .isInstanceOf(Main.UsageException.class).hasMessageContaining("--nope");
        assertThatThrownBy(() -> Main.serverConfig(List.of("--port"), Map.of()))
                .isInstanceOf(Main.UsageException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> Main.serverConfig(List.of("--port", "http"), Map.of()))
                .isInstanceOf(Main.UsageException.class).hasMessageContaining("not an int");
        assertThat(run("server", "--bogus")).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    @Test
    void helpAndVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out).contains(Main.VERSION);
        assertThat(run()).isZero();
        assertThat(out).contains("server");
        assertThat(run("server", "--help")).isZero();
        assertThat(out).contains("--data-dir", "HOMEPORT_DATA_DIR");
    }

    private String out;

    private int run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int rc = Main.run(args, Map.of(), ps, ps);
        out = bytes.toString(StandardCharsets.UTF_8);
        return rc;
    }
}
