import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Build step (run by the antrun plugin once the jar is final): a training run of the jar that leaves its
 * AOT cache in {@code target/}, so that the first start after a build already uses one.
 *
 * <p>Why: {@code scripts/jvm-options} gives the JVM an AOT cache (classes loaded and linked, lambdas
 * spun), made by recording one run of the same jar. Without this step that run was the user's first
 * start: it took 2 to 4 s instead of under one and held 160 to 180 MB, on a machine where both targets
 * are one second and 150 MB. Here the jar is started as {@code scripts/start.sh} starts it (same flags,
 * from {@code scripts/jvm-options}), with the process runtime and a temporary data directory on a free
 * loopback port, and is driven through the AWS SDK: Secrets Manager, ECS task definitions, CloudWatch
 * Logs, EC2 and the console's sign-in page. SIGTERM then stops it, and the JVM writes the cache as it
 * exits.
 *
 * <p>It is also the build's smoke test of the shaded jar: a jar that does not start, or a call that
 * fails, fails the build. Nothing is done when a cache for this jar exists already or
 * {@code HOMEPORT_AOT=off}.
 *
 * <p>Usage: {@code java -cp <test classpath> TrainAotCache.java PROJECT_DIR JAR}.
 */
public final class TrainAotCache {
    /** A throwaway bearer token for the training run's metrics request. */
    private static final String TRAINING_METRICS_TOKEN = java.util.UUID.randomUUID().toString();
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Writing the cache takes seconds (a second JVM assembles it); a loaded CI machine needs more. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(300);

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]).toAbsolutePath();
        Path jar = Path.of(args[1]).toAbsolutePath();
        List<String> flags = jvmOptions(project, jar);
        String output = flags.stream().filter(f -> f.startsWith("-XX:AOTCacheOutput=")).findFirst().orElse(null);
        if (output == null) {
            System.out.println("AOT cache: " + (flags.stream().anyMatch(f -> f.startsWith("-XX:AOTCache="))
                    ? "already made for this jar" : "off (HOMEPORT_AOT=off)"));
            return;
        }
        Path cache = Path.of(output.substring(output.indexOf('=') + 1));
        Path data = Files.createTempDirectory("homeport-aot-training");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString(), "server", "--port", "0", "--bind", "127.0.0.1",
                "--data-dir", data.toString(), "--runtime", "process"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("HOMEPORT_"));
        // So the run can read the metrics endpoint the way a scraper does (it is closed to anonymous requests).
        builder.environment().put("HOMEPORT_METRICS_TOKEN", TRAINING_METRICS_TOKEN);
        long started = System.nanoTime();
        Process server = builder.start();
        StringBuilder log = new StringBuilder();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> readLog(server, log, port));
        try {
            int p = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            URI endpoint = URI.create("http://127.0.0.1:" + p);
            workload(endpoint);
            // SIGTERM: Homeport closes, and the JVM on its way out starts a second JVM that assembles the
            // cache. That one inherits the output, so the log's end means both are done. (Through the
            // handle: Process.destroy() would also close our end of the output, and the second JVM
            // then fails to start.)
            server.toHandle().destroy();
            reader.join(EXIT_TIMEOUT);
            if (reader.isAlive()) {
                throw new IllegalStateException("the training run did not end within " + EXIT_TIMEOUT);
            }
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("the training run ended without writing " + cache);
            }
            System.out.printf("AOT cache: %s (%.1f MB), training run of %.1f s%n", cache,
                    Files.size(cache) / 1e6, (System.nanoTime() - started) / 1e9);
        } catch (Exception e) {
            server.destroyForcibly();
            synchronized (log) {
                System.err.println("--- training run's output:\n" + log);
            }
            throw e;
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The flags scripts/start.sh runs the jar with; they name the cache this jar needs. */
    private static List<String> jvmOptions(Path project, Path jar) throws Exception {
        Process p = new ProcessBuilder(project.resolve("scripts/jvm-options").toString(), jar.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("scripts/jvm-options failed");
        }
        return Arrays.asList(out.split("\\s+"));
    }

    private static void readLog(Process server, StringBuilder log, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (Exception e) {
            // the process ended; the waits below report it
        }
        port.completeExceptionally(new IllegalStateException("the server exited before listening"));
    }

    /** What a developer's first session does, roughly: every service once, the secret read path many times. */
    @SuppressWarnings("unchecked") // the SDK's varargs of builder consumers
    private static void workload(URI endpoint) throws Exception {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        var http = UrlConnectionHttpClient.builder().build();
        try (var sm = SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(http).build();
             var ecs = EcsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(http).build();
             var logs = CloudWatchLogsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(http).build();
             var ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).httpClient(http).build()) {
            String arn = sm.createSecret(r -> r.name("training").secretString("{\"username\":\"u\",\"password\":\"p\"}"))
                    .arn();
            for (int i = 0; i < 200; i++) {
                sm.getSecretValue(r -> r.secretId("training"));
            }
            try {
                sm.getSecretValue(r -> r.secretId("missing"));
            } catch (ResourceNotFoundException expected) {
                // the error path is part of the training
            }
            sm.putSecretValue(r -> r.secretId(arn).secretString("{\"username\":\"u\",\"password\":\"q\"}"));
            sm.describeSecret(r -> r.secretId(arn));
            sm.listSecrets(r -> r.maxResults(10));
            sm.listSecretVersionIds(r -> r.secretId(arn));
            sm.tagResource(r -> r.secretId(arn).tags(t -> t.key("team").value("training")));
            sm.getRandomPassword(r -> r.passwordLength(20L));
            sm.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true));

            ecs.createCluster(r -> r.clusterName("training"));
            ecs.registerTaskDefinition(r -> r.family("training").networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                    .executionRoleArn("arn:aws:iam::000000000000:role/ecsTaskExecutionRole")
                    .containerDefinitions(c -> c.name("app").image("busybox").essential(true)
                            .secrets(s -> s.name("TASKDEF_SECRET").valueFrom("arn:aws:secretsmanager:us-east-1:"
                                    + "000000000000:secret:training"))));
            ecs.describeTaskDefinition(r -> r.taskDefinition("training"));
            ecs.listTaskDefinitions(r -> r.familyPrefix("training"));
            ecs.describeClusters(r -> r.clusters("training"));
            ecs.listTasks(r -> r.cluster("training"));

            logs.createLogGroup(r -> r.logGroupName("/training"));
            logs.createLogStream(r -> r.logGroupName("/training").logStreamName("s"));
            logs.putLogEvents(r -> r.logGroupName("/training").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("hello").build()));
            logs.getLogEvents(r -> r.logGroupName("/training").logStreamName("s"));
            logs.filterLogEvents(r -> r.logGroupName("/training").filterPattern("hello"));
            logs.describeLogGroups(r -> r.logGroupNamePrefix("/t"));

            ec2.describeSubnets();
            ec2.describeSecurityGroups();
        }
        HttpClient web = HttpClient.newHttpClient();
        for (String path : List.of("/_homeport/health", "/_homeport/metrics", "/console/signin")) {
            HttpResponse<String> r = web.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .header("Authorization", "Bearer " + TRAINING_METRICS_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
            }
        }
    }
}
