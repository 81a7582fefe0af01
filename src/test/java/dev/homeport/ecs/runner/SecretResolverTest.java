package dev.homeport.ecs.runner;

import dev.homeport.ecs.model.ContainerDefinition;
import dev.homeport.ecs.model.ContainerSecret;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.Principal;
import dev.homeport.protocol.sigv4.Credentials;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretResolverTest {
    static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";
    static final Credentials ROLE = new Credentials("ASIAEXAMPLE", "secret", Principal.root("000000000000"));
    final List<String> calls = new ArrayList<>();

    /** db-AbCdEf holds JSON; "plain" a plain string; anything else is missing. */
    final SecretValueSource source = (account, region, id, stage, version) -> {
        calls.add(id + "|" + stage + "|" + version);
        if (id.equals(ARN + "db-AbCdEf") || id.equals(ARN + "db")) {
            return "AWSPREVIOUS".equals(stage) ? "{\"password\":\"old\"}"
                    : "{\"password\":\"s3cret\",\"port\":5432,\"nested\":{\"a\":1}}";
        }
        if (id.equals(ARN + "plain")) {
            return "hunter2";
        }
        throw new AwsServiceException("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret.");
    };

    static ContainerDefinition container(String name, ContainerSecret... secrets) {
        return new ContainerDefinition(name, "img", null, null, null, null, null, null, null, List.of(secrets), null,
                null, null, null, null, null, null);
    }

    @Test
    void resolvesEveryForm() {
        var env = new SecretResolver(source).resolve(ROLE, List.of(
                container("a", new ContainerSecret("WHOLE", ARN + "db-AbCdEf"), new ContainerSecret("PW", ARN + "db:password::"),
                        new ContainerSecret("OLD", ARN + "db-AbCdEf:password:AWSPREVIOUS:"), new ContainerSecret("PORT", ARN + "db:port::"),
                        new ContainerSecret("NESTED", ARN + "db:nested::")),
                container("b", new ContainerSecret("P", ARN + "plain")),
                container("c")));
        assertThat(env.get("a")).containsExactly(
                Map.entry("WHOLE", "{\"password\":\"s3cret\",\"port\":5432,\"nested\":{\"a\":1}}"),
                Map.entry("PW", "s3cret"), Map.entry("OLD", "old"), Map.entry("PORT", "5432"),
                Map.entry("NESTED", "{\"a\":1}"));
        assertThat(env.get("b")).containsExactly(Map.entry("P", "hunter2"));
        assertThat(env).doesNotContainKey("c");
        // Each distinct secret version is fetched once.
        assertThat(calls).containsExactlyInAnyOrder(ARN + "db-AbCdEf|null|null", ARN + "db|null|null",
                ARN + "db-AbCdEf|AWSPREVIOUS|null", ARN + "plain|null|null");
    }

    @Test
    void missingSecretGivesTheAgentsReason() {
        assertThatThrownBy(() -> new SecretResolver(source).resolve(ROLE, List.of(container("a",
                new ContainerSecret("X", ARN + "missing-AbCdEf")))))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessage("ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
                        + "retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): "
                        + "failed to fetch secret " + ARN + "missing-AbCdEf from secrets manager: "
                        + "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
    }

    @Test
    void missingJsonKey() {
        assertThatThrownBy(() -> new SecretResolver(source).resolve(ROLE, List.of(container("a",
                new ContainerSecret("X", ARN + "db:nokey::")))))
                .hasMessageEndingWith("service call has been retried 1 time(s): retrieved secret from Secrets Manager "
                        + "did not contain json key nokey");
        assertThatThrownBy(() -> new SecretResolver(source).resolve(ROLE, List.of(container("a",
                new ContainerSecret("X", ARN + "plain:key::")))))
                .hasMessageContaining("not a JSON object").hasMessageNotContaining("hunter2");
    }

    @Test
    void invalidFormatAndSsm() {
        assertThatThrownBy(() -> new SecretResolver(source).resolve(ROLE, List.of(container("a",
                new ContainerSecret("X", ARN + "db:key")))))
                .hasMessageContaining("an invalid ARN format for the AWS Secrets Manager secret was specified. "
                        + "Specify a valid ARN and try again.");
        assertThatThrownBy(() -> new SecretResolver(source).resolve(ROLE, List.of(container("a",
                new ContainerSecret("X", "my-parameter")))))
                .hasMessageStartingWith("ResourceInitializationError: unable to pull secrets or registry auth: "
                        + "execution resource retrieval failed: unable to retrieve secrets from ssm:")
                .hasMessageContaining("not supported").hasMessageContaining("my-parameter");
    }

    @Test
    void severalFailuresAreJoined() {
        assertThatThrownBy(() -> new SecretResolver(source).resolve(ROLE, List.of(container("a",
                new ContainerSecret("X", ARN + "m1"), new ContainerSecret("Y", ARN + "db:nokey::")))))
                .hasMessageContaining("m1 from secrets manager").hasMessageContaining(";retrieved secret");
    }
}
