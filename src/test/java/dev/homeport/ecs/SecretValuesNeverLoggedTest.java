package dev.homeport.ecs;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every log line the server writes, at every level, while secret values and SecureStrings travel every way they can:
 * put, read with and without decryption, refused by an allowed pattern, read through a Secrets Manager reference,
 * injected into a task (as secrets and as log driver options), and a task that fails to start because one of its
 * secrets is missing. None of the values may appear in a message, a parameter or a stack trace. At level ALL the
 * capture holds ~1,900 lines per run, SQLite's statements and the sandbox's command lines among them.
 */
class SecretValuesNeverLoggedTest extends EcsLifecycleTestBase {
    private static final String SECURE = "ssm-PLAINTEXT-4f7c1d";
    private static final String REFUSED = "refused-PLAINTEXT-9a2e";
    private static final String SECRET = "asm-PLAINTEXT-7b3d0e";
    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static final Logger ROOT = Logger.getLogger("");
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            StringWriter out = new StringWriter();
            out.write(r.getLoggerName() + " " + format.formatMessage(r));
            if (r.getThrown() != null) {
                r.getThrown().printStackTrace(new PrintWriter(out));
            }
            LINES.add(out.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static Level rootLevel;
    static HomeportServer server;

    @BeforeAll
    static void start() {
        rootLevel = ROOT.getLevel();
        ROOT.setLevel(Level.ALL);
        CAPTURE.setLevel(Level.ALL);
        ROOT.addHandler(CAPTURE);
        server = server("process");
        allowExecutionRoleToReadParameters(server);
    }

    @AfterAll
    static void stop() {
        try {
            server.close();
        } finally {
            ROOT.removeHandler(CAPTURE);
            ROOT.setLevel(rootLevel);
        }
    }

    @Test
    void noValueReachesALogLine() throws Exception {
        String secretArn;
        try (SsmClient ssm = server.client(SsmClient.builder());
             SecretsManagerClient sm = server.client(SecretsManagerClient.builder())) {
            ssm.putParameter(b -> b.name("/nl/pw").value(SECURE).type(ParameterType.SECURE_STRING));
            ssm.getParameter(b -> b.name("/nl/pw"));
            assertThat(ssm.getParameter(b -> b.name("/nl/pw").withDecryption(true)).parameter().value())
                    .isEqualTo(SECURE);
            ssm.getParameterHistory(b -> b.name("/nl/pw").withDecryption(true));
            assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/nl/digits").value(REFUSED)
                    .type(ParameterType.SECURE_STRING).allowedPattern("^\\d+$"))).isInstanceOf(SdkException.class);
            secretArn = sm.createSecret(b -> b.name("nl-db").secretString(SECRET)).arn();
            assertThat(ssm.getParameter(b -> b.name("/aws/reference/secretsmanager/nl-db").withDecryption(true))
                    .parameter().value()).isEqualTo(SECRET);
        }

        EcsClient ecs = server.client(EcsClient.builder());
        ContainerDefinition.Builder app = ContainerDefinition.builder().name("app").image("busybox")
                .entryPoint("/bin/sh", "-c").command("echo started; exec sleep 60")
                .logConfiguration(l -> l.logDriver("splunk").secretOptions(secret("splunk-token", "/nl/pw")));
        ecs.registerTaskDefinition(fargate("nl-ok", app.secrets(secret("PW", "/nl/pw"), secret("DB", secretArn))
                .build()).build());
        String ok = ecs.runTask(b -> b.taskDefinition("nl-ok").networkConfiguration(net())).tasks().getFirst()
                .taskArn();
        await(ecs, ok, Duration.ofSeconds(30), t -> "RUNNING".equals(t.lastStatus()), null);
        ecs.stopTask(b -> b.task(ok));

        ecs.registerTaskDefinition(fargate("nl-missing", app.secrets(secret("PW", "/nl/pw"), secret("DB", secretArn),
                secret("GONE", "/nl/missing")).build()).build());
        String missing = ecs.runTask(b -> b.taskDefinition("nl-missing").networkConfiguration(net())).tasks()
                .getFirst().taskArn();
        Task stopped = await(ecs, missing, Duration.ofSeconds(30), t -> "STOPPED".equals(t.lastStatus()), null);
        assertThat(stopped.stoppedReason()).contains("invalid parameters: /nl/missing")
                .doesNotContain(SECURE).doesNotContain(SECRET);
        ecs.close();

        assertThat(LINES).as("control: the server's log lines were captured").isNotEmpty();
        for (String value : List.of(SECURE, REFUSED, SECRET)) {
            assertThat(LINES).as(value).noneMatch(line -> line.contains(value));
        }
    }

    private static Secret secret(String name, String valueFrom) {
        return Secret.builder().name(name).valueFrom(valueFrom).build();
    }
}
