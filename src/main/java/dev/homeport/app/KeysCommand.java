package dev.homeport.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code homeport keys}: the operator's commands for the master keyset of a running server. They talk to the server
 * ({@link OperatorEndpoints}) with the token it wrote to its data directory, so they work only where the data
 * directory can be read, which is where the keyset is too.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the master keyset of a running server.",
        subcommands = KeysCommand.Rotate.class)
final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Add a new primary key and re-seal every stored value with it, online: the server keeps "
                    + "answering meanwhile. Prints progress until the re-seal is done.")
    static final class Rotate implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Option(names = "--endpoint", defaultValue = "http://localhost:${env:HOMEPORT_PORT:-4566}",
                description = "The server (default ${DEFAULT-VALUE}).")
        URI endpoint;

        @Option(names = "--data-dir", defaultValue = "${env:HOMEPORT_DATA_DIR:-data}",
                description = "The server's data directory, where it wrote its operator token (HOMEPORT_DATA_DIR, "
                        + "default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--poll", defaultValue = "1s", converter = DurationConverter.class,
                description = "How often progress is read (default ${DEFAULT-VALUE}).")
        Duration poll;

        @Override
        public Integer call() throws Exception {
            return rotate(System.out, System.err);
        }

        int rotate(PrintStream out, PrintStream err) throws IOException, InterruptedException {
            String token;
            try {
                token = Files.readString(dataDir.resolve(OperatorEndpoints.TOKEN_FILE)).strip();
            } catch (NoSuchFileException e) {
                err.println("homeport: no " + OperatorEndpoints.TOKEN_FILE + " in " + dataDir.toAbsolutePath()
                        + ": is the server running with this data directory (--data-dir)?");
                return 2;
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = endpoint.resolve(OperatorEndpoints.ROTATION_PATH);
            HttpResponse<String> started;
            try {
                started = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                err.println("homeport: no server answers at " + endpoint + " (--endpoint): " + e.getMessage());
                return 2;
            }
            JsonNode status = JSON.readTree(started.body());
            if (started.statusCode() != 202) {
                err.println("homeport: " + status.path("message").asText(started.body()));
                return 2;
            }
            out.println("New primary key " + status.get("primaryKeyId").asText() + "; re-sealing "
                    + status.get("total").asLong() + " stored values in the background.");
            long shown = -1;
            while (status.get("state").asText().equals("RUNNING")) {
                Thread.sleep(poll);
                HttpResponse<String> read = http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                status = JSON.readTree(read.body());
                if (read.statusCode() != 200) {
                    err.println("homeport: " + status.path("message").asText(read.body()));
                    return 2;
                }
                long examined = status.get("examined").asLong();
                if (examined != shown) {
                    shown = examined;
                    long total = Math.max(1, status.get("total").asLong());
                    out.printf("  %d of %d values examined (%d%%), %d re-sealed%n", examined, status.get("total").asLong(),
                            Math.min(100, examined * 100 / total), status.get("resealed").asLong());
                }
            }
            if (status.get("state").asText().equals("COMPLETED")) {
                out.println("Done: " + status.get("resealed").asLong() + " values re-sealed with key "
                        + status.get("primaryKeyId").asText() + (status.get("unreadable").asLong() == 0 ? "."
                        : "; " + status.get("unreadable").asLong() + " did not open and were left as they were "
                        + "(see the server's log)."));
                return 0;
            }
            err.println("homeport: the re-seal failed: " + status.path("error").asText()
                    + ". Every value still opens; run the command again to finish.");
            return 1;
        }
    }

    /** {@code 500ms}, {@code 2s}: picocli has no converter for Duration's own text. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(v);
        }
    }
}
