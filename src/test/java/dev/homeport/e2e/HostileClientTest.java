package dev.homeport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.app.Homeport;
import dev.homeport.app.HomeportConfig;
import dev.homeport.app.StartupRefusedException;
import dev.homeport.crypto.MasterKeyStore;
import dev.homeport.http.HttpLimits;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Attacks on a running Homeport over real sockets, each one a reproduction from the hardening review, with the
 * answer Homeport must now give. Only loopback, only this server: bounded in connections and in time.
 */
class HostileClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A second key of account 000000000000, for the guessing tests: test/test must stay usable meanwhile. */
    private static final String GUESSED_KEY = "AKIAGUESSEDKEY000001";
    private static final String GUESSED_SECRET = "the-right-secret";
    /** Another, for the console: API and console failures count together, so each test guesses its own key. */
    private static final String CONSOLE_KEY = "AKIAGUESSEDKEY000002";

    private static HomeportServer server;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() throws IOException {
        Path credentials = Files.createTempFile("hostile-credentials", ".ini");
        Files.writeString(credentials, """
                [default]
                aws_access_key_id = test
                aws_secret_access_key = test
                [guessed]
                aws_access_key_id = %s
                aws_secret_access_key = %s
                [console]
                aws_access_key_id = %s
                aws_secret_access_key = %s
                """.formatted(GUESSED_KEY, GUESSED_SECRET, CONSOLE_KEY, GUESSED_SECRET));
        // Short deadlines and a small cap, so the slow-client attacks take seconds and few sockets.
        server = HomeportServer.start(config -> config.withCredentialsFile(credentials).withExposure(
                new HomeportConfig.Exposure(Set.of("homeport.test"),
                        new HttpLimits(40, Duration.ofSeconds(2), Duration.ofSeconds(2)), "scrape-token", false)))
                .withExecutionRole();
        secrets = server.client(SecretsManagerClient.builder());
    }

    @AfterAll
    static void stop() {
        secrets.close();
        server.close();
    }

    // ------------------------------------------------------------------ tampered and mis-scoped signatures

    @Test
    void aCapturedRequestReplayedWithAnotherBodyIsRefused() throws Exception {
        secrets.createSecret(b -> b.name("replay-victim").secretString("original"));
        secrets.createSecret(b -> b.name("replay-other").secretString("untouched"));
        byte[] captured = "{\"SecretId\":\"replay-victim\",\"SecretString\":\"legit\",\"ClientRequestToken\":\"%s\"}"
                .formatted(java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = sign("secretsmanager.PutSecretValue", captured, "test", "test", "secretsmanager",
                "us-east-1", Map.of());
        assertThat(exchange(headers, captured).status()).isEqualTo(200);

        byte[] forged = "{\"SecretId\":\"replay-other\",\"SecretString\":\"forged\",\"ClientRequestToken\":\"%s\"}"
                .formatted(java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Map<String, String> replay = new LinkedHashMap<>(headers);
        replay.put("X-Amz-Content-Sha256", sha256(forged));
        Response r = exchange(replay, forged);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("IncompleteSignatureException");
        // Without the header, the same forgery fails the signature itself.
        assertThat(exchange(headers, forged).type()).isEqualTo("InvalidSignatureException");
        assertThat(secrets.getSecretValue(b -> b.secretId("replay-other")).secretString()).isEqualTo("untouched");
    }

    @Test
    void aSignedHashThatIsNotTheBodysIsRefused() throws Exception {
        byte[] body = "{\"SecretId\":\"nothing\"}".getBytes(StandardCharsets.UTF_8);
        for (String claimed : List.of("deadbeef", "UNSIGNED-PAYLOAD")) {
            Map<String, String> headers = sign("secretsmanager.GetSecretValue", body, "test", "test", "secretsmanager",
                    "us-east-1", Map.of("X-Amz-Content-Sha256", claimed));
            Response r = exchange(headers, body);
            assertThat(r.status()).as(claimed).isEqualTo(400);
            assertThat(r.type()).as(claimed).isEqualTo("InvalidSignatureException");
        }
    }

    @Test
    void aSignatureForAnotherServiceOrNoRegionIsRefused() throws Exception {
        byte[] body = "{\"SecretId\":\"nothing\"}".getBytes(StandardCharsets.UTF_8);
        for (String service : List.of("s3", "nonsense")) {
            Response r = exchange(sign("secretsmanager.GetSecretValue", body, "test", "test", service, "us-east-1",
                    Map.of()), body);
            assertThat(r.type()).isEqualTo("InvalidSignatureException");
            assertThat(r.message()).isEqualTo("Credential should be scoped to correct service: 'secretsmanager'. ");
        }
        Response r = exchange(sign("secretsmanager.CreateSecret", "{\"Name\":\"xss\",\"SecretString\":\"v\"}"
                .getBytes(StandardCharsets.UTF_8), "test", "test", "secretsmanager", "<img src=x onerror=alert(1)>",
                Map.of()), "{\"Name\":\"xss\",\"SecretString\":\"v\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
        assertThat(r.message()).startsWith("Credential should be scoped to a valid region");
    }

    // ------------------------------------------------------------------ bodies, framing, connections

    @Test
    void anUnauthenticatedRequestIsAnsweredBeforeItsBodyIsSent() throws Exception {
        for (String authorization : List.of("", "Authorization: AWS4-HMAC-SHA256 Credential=NOBODY/20260101/us-east-1/"
                + "secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\n")) {
            try (Socket socket = connect()) {
                // Four megabytes announced, none sent: the answer must come anyway, without waiting for them.
                write(socket, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                        + "X-Amz-Target: secretsmanager.GetSecretValue\r\nX-Amz-Date: 20260101T000000Z\r\n"
                        + authorization + "Content-Length: 4000000\r\n\r\n{\"Secre");
                String answer = readAll(socket);
                assertThat(answer).startsWith("HTTP/1.1 400");
                assertThat(answer).containsAnyOf("MissingAuthenticationTokenException", "UnrecognizedClientException");
                assertThat(answer.toLowerCase()).contains("connection: close");
                assertThat(drain(socket.getInputStream())).as("closed by the server").isTrue();
            }
        }
    }

    @Test
    void aBodyShorterThanItsLengthIsABadRequest() throws Exception {
        byte[] body = "{\"SecretId\":\"nothing\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = sign("secretsmanager.GetSecretValue", body, "test", "test", "secretsmanager",
                "us-east-1", Map.of());
        try (Socket socket = connect()) {
            StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length + 10).append("\r\n\r\n");
            write(socket, head.toString());
            socket.getOutputStream().write(body);
            socket.shutdownOutput(); // the client stops short of its Content-Length
            String answer = readAll(socket);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("SerializationException");
        }
    }

    /**
     * A caller who knows only an access key id (here the public development key's, with a made-up signature) announces
     * a body over the 1 MiB limit and sends part of it: the server reads and discards what comes (a signed client
     * gets its 413 that way) but only until the request deadline, and then closes the connection.
     */
    @Test
    void aHalfSentOversizeBodyFromAKnownKeyIsClosedAtTheDeadline() throws Exception {
        try (Socket s = connect()) {
            write(s, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                    + "X-Amz-Target: secretsmanager.ListSecrets\r\nX-Amz-Date: " + amzNow() + "\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=test/" + amzNow().substring(0, 8)
                    + "/us-east-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\n"
                    + "Content-Length: 2000000\r\n\r\n");
            s.getOutputStream().write(new byte[100_000]);
            s.setSoTimeout(15_000);
            // The server's request deadline is 2 s: it closes the connection then, whatever it answered.
            assertThat(drain(s.getInputStream())).as("closed by the server").isTrue();
        }
    }

    /** The operator's key rotation is refused to every account's key, signed or as a bearer token. */
    @Test
    void noAccountKeyMayRotateTheMasterKey() throws Exception {
        for (String authorization : List.of("Bearer test", "Bearer scrape-token")) {
            try (Socket s = connect()) {
                write(s, "POST /_homeport/keys/rotation HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                assertThat(readAll(s)).startsWith("HTTP/1.1 403");
            }
        }
        Map<String, String> signed = signGet("/_homeport/keys/rotation", "test", "test");
        try (Socket s = connect()) {
            StringBuilder head = new StringBuilder("GET /_homeport/keys/rotation HTTP/1.1\r\nConnection: close\r\n");
            signed.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            write(s, head.append("\r\n").toString());
            assertThat(readAll(s)).startsWith("HTTP/1.1 401");
        }
    }

    private static String amzNow() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now());
    }

    @Test
    void idleAndHalfSentConnectionsAreClosed() throws Exception {
        List<String> partials = List.of("", "POST / HTTP/1.1\r\nHost: local", "POST / HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\n");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (String partial : partials) {
                Socket s = connect();
                write(s, partial);
                sockets.add(s);
            }
            for (Socket s : sockets) {
                // The server's deadline is 2 s; a read blocks until it closes the connection (-1).
                s.setSoTimeout(15_000);
                assertThat(drain(s.getInputStream())).as("closed by the server").isTrue();
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(health().path("listener").path("timedOutConnections").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void connectionsOverTheCapAreRefusedAndTheServerRecovers() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            // Fill the cap (40) with connections that send nothing.
            for (int i = 0; i < 45; i++) {
                idle.add(connect());
            }
            try (Socket extra = connect()) {
                write(extra, "GET /_homeport/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(readAll(extra)).startsWith("HTTP/1.1 503").contains("ServiceUnavailableException");
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        // Once the clients are gone, ordinary requests are served again.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = connect()) {
                write(s, "GET /_homeport/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                String answer = readAll(s);
                if (answer.startsWith("HTTP/1.1 200")) {
                    health = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                    break;
                }
            }
            Thread.sleep(200);
        }
        assertThat(health).as("served again").isNotNull();
        assertThat(health.path("listener").path("refusedConnections").asLong()).isPositive();
        assertThat(secrets.listSecrets().secretList()).isNotNull();
    }

    /**
     * Out of file descriptors, Helidon's listener stopped for good while the process lived on. Here a server with
     * a low descriptor limit (and a cap set above it, as a misconfiguration would) is flooded until accept fails;
     * once the flood is gone it must answer again by itself.
     */
    @Test
    void theListenerComesBackAfterRunningOutOfDescriptors() throws Exception {
        Path dir = Files.createTempDirectory("hostile-emfile");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n 512 && exec \"$0\" \"$@\"", java, "-cp",
                System.getProperty("java.class.path"), "dev.homeport.app.Main", "server", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString(), "--runtime", "none",
                "--max-connections", "5000");
        for (String v : Set.of("HOMEPORT_JDBC_URL", "HOMEPORT_MASTER_KEY", "HOMEPORT_CREDENTIALS_FILE")) {
            pb.environment().remove(v);
        }
        Path log = dir.resolve("homeport.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process homeport = pb.start();
        try {
            assertThat(awaitHealth(port, Duration.ofSeconds(60))).as("started: " + log).isNotNull();
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 700; i++) {
                    Socket s = new Socket();
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
                    flood.add(s);
                }
                // Held open while the server accepts them from its backlog: it runs out of descriptors then. (Closed at
                // once, the server could keep up with closing them and never run out.)
                Thread.sleep(2000);
            } catch (IOException refused) {
                // the backlog filled up once the listener stopped accepting: flooded enough
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
            JsonNode health = awaitHealth(port, Duration.ofSeconds(60));
            assertThat(health).as("answers again: " + Files.readString(log)).isNotNull();
            assertThat(health.path("listener").path("restarts").asLong()).as(Files.readString(log)).isPositive();
            assertThat(homeport.isAlive()).isTrue();
        } finally {
            homeport.destroy();
            homeport.waitFor();
            HomeportServer.deleteRecursively(dir);
        }
    }

    private static JsonNode awaitHealth(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(2000);
                write(s, "GET /_homeport/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                String answer = readAll(s);
                if (answer.startsWith("HTTP/1.1 200")) {
                    return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                }
            } catch (IOException e) {
                // not listening (yet, or again)
            }
            Thread.sleep(250);
        }
        return null;
    }

    // ------------------------------------------------------------------ hosts, metrics

    @Test
    void requestsForAnotherHostAreRefused() throws Exception {
        for (String host : List.of("evil.example", "evil.example:" + server.port(), "127.0.0.1.evil.example")) {
            try (Socket s = connect()) {
                write(s, "GET /console/signin HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertThat(readAll(s)).as(host).startsWith("HTTP/1.1 421").contains("MisdirectedRequest");
                assertThat(drain(s.getInputStream())).as("closed by the server").isTrue();
            }
        }
        for (String host : List.of("localhost:" + server.port(), "127.0.0.1", "[::1]:80", "homeport.test",
                "HOMEPORT.TEST.", "app.localhost")) {
            try (Socket s = connect()) {
                write(s, "GET /_homeport/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                assertThat(readAll(s)).as(host).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aRequestWithoutExactlyOneHostOrWithAMalformedOneIsRefused() throws Exception {
        for (String headers : List.of("", "Host: localhost\r\nHost: localhost\r\n")) {
            try (Socket s = connect()) {
                write(s, "GET /_homeport/health HTTP/1.1\r\n" + headers + "\r\n");
                assertThat(readAll(s)).as(headers).startsWith("HTTP/1.1 400").contains("SerializationException");
                assertThat(drain(s.getInputStream())).as("closed by the server").isTrue();
            }
        }
        for (String host : List.of("localhost:http", "localhost:", "[::1", "local host", "127.0.0.1:80:80",
                "localhost/x", "")) {
            try (Socket s = connect()) {
                write(s, "GET /_homeport/health HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertThat(readAll(s)).as(host).matches("(?s)HTTP/1.1 (400|421).*");
            }
        }
    }

    @Test
    void metricsNeedASignatureOrTheToken() throws Exception {
        try (Socket s = connect()) {
            write(s, "GET /_homeport/metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(readAll(s)).startsWith("HTTP/1.1 400").contains("MissingAuthenticationTokenException");
        }
        try (Socket s = connect()) {
            write(s, "GET /_homeport/metrics HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer scrape-token\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(readAll(s)).startsWith("HTTP/1.1 200").contains("homeport_requests");
        }
        Map<String, String> signed = signGet("/_homeport/metrics", "test", "test");
        try (Socket s = connect()) {
            StringBuilder head = new StringBuilder("GET /_homeport/metrics HTTP/1.1\r\nConnection: close\r\n");
            signed.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            write(s, head + "\r\n");
            assertThat(readAll(s)).startsWith("HTTP/1.1 200");
        }
    }

    // ------------------------------------------------------------------ guessing

    @Test
    void guessingASecretKeyIsThrottledAndTheRightGuessWaitsToo() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(exchange(sign("secretsmanager.ListSecrets", body, GUESSED_KEY, "wrong-" + i, "secretsmanager",
                    "us-east-1", Map.of()), body).type());
        }
        assertThat(answers.subList(0, 20)).containsOnly("InvalidSignatureException");
        assertThat(answers.subList(25, 30)).containsOnly("ThrottlingException");
        Response right = exchange(sign("secretsmanager.ListSecrets", body, GUESSED_KEY, GUESSED_SECRET,
                "secretsmanager", "us-east-1", Map.of()), body);
        assertThat(right.type()).isEqualTo("ThrottlingException");
        // Others are not held back: another key from the same address works.
        assertThat(exchange(sign("secretsmanager.ListSecrets", body, "test", "test", "secretsmanager", "us-east-1",
                Map.of()), body).status()).isEqualTo(200);
    }

    @Test
    void guessingAConsoleSecretIsThrottledAndTheRightGuessWaitsToo() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            String secret = i == 30 ? GUESSED_SECRET : "wrong-" + i;
            statuses.add(signIn(browser, CONSOLE_KEY, secret).statusCode());
        }
        assertThat(statuses.subList(0, 20)).containsOnly(401);
        assertThat(statuses.subList(25, 31)).as("the right secret last").containsOnly(429);
        assertThat(signIn(browser, "test", "test").statusCode()).as("another key").isEqualTo(303);
    }

    private static HttpResponse<String> signIn(HttpClient browser, String key, String secret) throws Exception {
        URI signIn = URI.create("http://127.0.0.1:" + server.port() + "/console/signin");
        String page = browser.send(HttpRequest.newBuilder(signIn).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        return browser.send(HttpRequest.newBuilder(signIn).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1) + "&accessKeyId=" + key
                        + "&secretAccessKey=" + secret + "&region=us-east-1")).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ patterns

    @Test
    void aBacktrackingRegexOverLongEventsIsAnsweredInLinearTime() {
        try (CloudWatchLogsClient logs = server.client(CloudWatchLogsClient.builder())) {
            logs.createLogGroup(b -> b.logGroupName("hostile-regex"));
            logs.createLogStream(b -> b.logGroupName("hostile-regex").logStreamName("s"));
            long now = System.currentTimeMillis();
            logs.putLogEvents(b -> b.logGroupName("hostile-regex").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(now).message("a".repeat(40)).build(),
                    InputLogEvent.builder().timestamp(now).message("a".repeat(10_000)).build(),
                    InputLogEvent.builder().timestamp(now).message("a".repeat(39) + "b").build()));
            // With a backtracking engine this call took over 20 s on the 40-character event alone.
            var found = logs.filterLogEvents(b -> b.logGroupName("hostile-regex")
                    .filterPattern("%a*a*a*a*a*a*a*a*b%"));
            assertThat(found.events()).extracting(e -> e.message()).containsExactly("a".repeat(39) + "b");
        }
    }

    // ------------------------------------------------------------------ a task against its server

    /**
     * A process-runtime task run through the API, as any caller allowed to RunTask could, tries to read this
     * server's keyset, database and credentials, its environment and memory map, and to signal it. Its output,
     * shipped to CloudWatch Logs, must show every attempt refused (and a harmless read working).
     */
    @Test
    void aProcessTaskCannotReachItsServersSecrets() throws Exception {
        Path data = server.dataDir().toAbsolutePath();
        Path credentials = server.homeport().config().credentialsFile().toAbsolutePath();
        long pid = ProcessHandle.current().pid(); // the server runs in this JVM
        String script = String.join("; ",
                attempt("keyset", "cat " + data.resolve(MasterKeyStore.FILE_NAME)),
                attempt("database", "head -c 16 " + data.resolve("homeport.db")),
                attempt("credentials", "cat " + credentials),
                attempt("operator", "cat " + data.resolve("operator-token")),
                attempt("environ", "cat /proc/" + pid + "/environ"),
                attempt("mem", "head -c 16 /proc/" + pid + "/mem"),
                attempt("signal", "kill -0 " + pid),
                attempt("control", "head -c 11 /etc/os-release"));
        try (EcsClient ecs = server.client(EcsClient.builder());
             CloudWatchLogsClient logs = server.client(CloudWatchLogsClient.builder())) {
            ecs.registerTaskDefinition(b -> b.family("escape").requiresCompatibilities(Compatibility.FARGATE)
                    .networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                    .executionRoleArn(HomeportServer.EXECUTION_ROLE)
                    .containerDefinitions(c -> c.name("app").image("busybox").entryPoint("/bin/sh", "-c").command(script)
                            .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
                                    "awslogs-group", "/hostile/escape", "awslogs-region", "us-east-1",
                                    "awslogs-stream-prefix", "ecs", "awslogs-create-group", "true")))));
            String taskArn = ecs.runTask(b -> b.taskDefinition("escape").networkConfiguration(n -> n
                    .awsvpcConfiguration(v -> v.subnets("subnet-c2e00bed35b3a0d6d")))).tasks().getFirst().taskArn();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String status = "";
            while (!status.equals("STOPPED") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = ecs.describeTasks(b -> b.tasks(taskArn)).tasks().getFirst().lastStatus();
            }
            assertThat(status).isEqualTo("STOPPED");
            String stream = "ecs/app/" + taskArn.substring(taskArn.lastIndexOf('/') + 1);
            List<String> out = logs.getLogEvents(b -> b.logGroupName("/hostile/escape").logStreamName(stream)
                    .startFromHead(true)).events().stream().map(e -> e.message()).toList();
            assertThat(out).containsExactlyInAnyOrder("keyset: denied", "database: denied", "credentials: denied",
                    "operator: denied", "environ: denied", "mem: denied", "signal: denied", "control: PRETTY_NAME");
            // The isolation is reported where an operator looks.
            assertThat(health().path("runtime").path("isolation").asText()).startsWith("bubblewrap sandbox");
        }
    }

    /** One shell step: prints {@code name: <output>} when the command succeeds and {@code name: denied} when not. */
    private static String attempt(String name, String command) {
        return "if r=$(" + command + " 2>/dev/null); then echo \"" + name + ": $r\"; else echo \"" + name
                + ": denied\"; fi";
    }

    // ------------------------------------------------------------------ start-up refusals

    @Test
    void aPublicAddressWithTheDevelopmentKeyNeedsTheOperatorsWord() throws IOException {
        Path dir = Files.createTempDirectory("hostile-bind");
        try {
            HomeportConfig publicDev = HomeportConfig.defaults(dir).withPort(0).withRuntime("none")
                    .withBindAddress("0.0.0.0");
            assertThatThrownBy(() -> Homeport.start(publicDev)).isInstanceOf(StartupRefusedException.class)
                    .hasMessageContaining("test/test").hasMessageContaining("--allow-public-development-key");
            HomeportConfig.Exposure confirmed = new HomeportConfig.Exposure(Set.of(), HttpLimits.defaults(), null, true);
            try (Homeport started = Homeport.start(publicDev.withExposure(confirmed))) {
                assertThat(started.port()).isPositive();
            }
        } finally {
            HomeportServer.deleteRecursively(dir);
        }
    }

    @Test
    void aMissingOrWrongKeysetIsRefusedAndNothingIsWritten() throws Exception {
        HomeportServer own = HomeportServer.start(config -> config.withRuntime("none"));
        Path data = own.dataDir();
        Path keyset = data.resolve(MasterKeyStore.FILE_NAME);
        try {
            try (SecretsManagerClient sm = own.client(SecretsManagerClient.builder())) {
                sm.createSecret(b -> b.name("kept").secretString("the value"));
            }
            own.stop();
            HomeportConfig config = own.homeport().config();
            byte[] rightKeyset = Files.readAllBytes(keyset);

            Files.delete(keyset);
            assertThatThrownBy(() -> Homeport.start(config)).isInstanceOf(StartupRefusedException.class)
                    .hasMessageContaining("is missing");
            assertThat(keyset).as("no keyset generated over sealed values").doesNotExist();

            MasterKeyStore.inDataDir(data).load(); // another valid keyset, in the right place with the right mode
            assertThatThrownBy(() -> Homeport.start(config)).isInstanceOf(StartupRefusedException.class)
                    .hasMessageContaining("does not open the values in this database");

            Files.write(keyset, rightKeyset);
            try (Homeport restored = Homeport.start(config);
                 SecretsManagerClient sm = SecretsManagerClient.builder()
                         .endpointOverride(URI.create("http://127.0.0.1:" + restored.port()))
                         .region(Region.US_EAST_1)
                         .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                         .httpClient(UrlConnectionHttpClient.create()).build()) {
                assertThat(sm.getSecretValue(b -> b.secretId("kept")).secretString()).isEqualTo("the value");
            }
        } finally {
            HomeportServer.deleteRecursively(data);
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Response(int status, JsonNode body) {
        String type() {
            return body.path("__type").asText();
        }

        String message() {
            return body.has("Message") ? body.path("Message").asText() : body.path("message").asText();
        }
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(20_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes the connection (requests here ask it to). */
    private static String readAll(Socket s) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buf.write(chunk, 0, n);
                if (complete(buf.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (java.net.SocketException e) {
            // reset after the answer: what was read is the answer
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** A whole response: headers and as many body bytes as Content-Length says. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        return m.find() && m.start() < end && text.length() - end - 4 >= Integer.parseInt(m.group(1));
    }

    /** Reads until the server closes the connection; false if it is still open when the read times out. */
    private static boolean drain(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the server may answer before it closes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset: closed
        }
    }

    private static Response exchange(Map<String, String> headers, byte[] body) throws IOException {
        try (Socket s = connect()) {
            StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            write(s, head.toString());
            s.getOutputStream().write(body);
            String answer = readAll(s);
            int status = Integer.parseInt(answer.substring(9, 12));
            String json = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            return new Response(status, JSON.readTree(json.isEmpty() ? "{}" : json));
        }
    }

    private static JsonNode health() throws IOException {
        try (Socket s = connect()) {
            write(s, "GET /_homeport/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String answer = readAll(s);
            return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    /** Headers of a request signed with the SDK's own signer, as a client would send them. */
    @SuppressWarnings("deprecation")
    private static Map<String, String> sign(String target, byte[] body, String key, String secret, String service,
                                            String region, Map<String, String> extraHeaders) {
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://localhost:" + server.port()))
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target)
                .contentStreamProvider(() -> new ByteArrayInputStream(body));
        extraHeaders.forEach(b::putHeader);
        SdkHttpFullRequest signed = Aws4Signer.create().sign(b.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(key, secret))
                .signingName(service)
                .signingRegion(Region.of(region))
                .build());
        Map<String, String> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }

    @SuppressWarnings("deprecation")
    private static Map<String, String> signGet(String path, String key, String secret) {
        SdkHttpFullRequest signed = Aws4Signer.create().sign(SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create("http://localhost:" + server.port()))
                .encodedPath(path)
                .build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(key, secret))
                .signingName("homeport")
                .signingRegion(Region.US_EAST_1)
                .build());
        Map<String, String> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> headers.put(name, values.get(0)));
        return headers;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
