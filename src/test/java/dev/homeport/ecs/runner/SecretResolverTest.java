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
                null, null, null, null, null, null, null);
    }

    @Test
    void resolvesEveryForm() {
        var env = new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(
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
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(container("a",
                new ContainerSecret("X", ARN + "missing-AbCdEf")))))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessage("ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
                        + "retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): "
                        + "failed to fetch secret " + ARN + "missing-AbCdEf from secrets manager: "
                        + "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
    }

    @Test
    void missingJsonKey() {
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(container("a",
                new ContainerSecret("X", ARN + "db:nokey::")))))
                .hasMessageEndingWith("service call has been retried 1 time(s): retrieved secret from Secrets Manager "
                        + "did not contain json key nokey");
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(container("a",
                new ContainerSecret("X", ARN + "plain:key::")))))
                .hasMessageContaining("not a JSON object").hasMessageNotContaining("hunter2");
    }

    /** A Parameter Store with three parameters, recording each GetParameters call (region and names). */
    final List<String> ssmCalls = new java.util.ArrayList<>();
    final ParameterValueSource parameters = (caller, region, names) -> {
        ssmCalls.add(region + " " + names);
        Map<String, String> known = Map.of("us-east-1|plain", "p", "us-east-1|/app/db/password", "pw",
                "eu-west-1|/app/eu", "eu");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> invalid = new java.util.ArrayList<>();
        for (String n : names) {
            if (n.equals("/denied")) {
                throw new AwsServiceException("AccessDeniedException", 400, "User: role is not authorized to perform: "
                        + "ssm:GetParameters on resource: arn:aws:ssm:us-east-1:000000000000:parameter/denied");
            }
            String name = n.startsWith("arn:") ? "/" + n.substring(n.indexOf(":parameter/") + 11) : n;
            String value = known.get(region + "|" + name);
            if (value == null && n.matches("/p[0-9]+")) {
                value = "v" + n.substring(2);
            }
            if (value == null) {
                invalid.add(n);
            } else {
                out.put(n, value);
            }
        }
        if (!invalid.isEmpty()) {
            throw new ParameterValueSource.InvalidParameters(invalid);
        }
        return out;
    };

    @Test
    void ssmParametersByNamePathAndArnInTheirRegions() {
        var env = new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(
                container("a", new ContainerSecret("PLAIN", "plain"), new ContainerSecret("PW", "/app/db/password"),
                        new ContainerSecret("EU", "arn:aws:ssm:eu-west-1:000000000000:parameter/app/eu")),
                container("b", new ContainerSecret("SAME", "/app/db/password"))));
        assertThat(env.get("a")).containsExactly(Map.entry("PLAIN", "p"), Map.entry("PW", "pw"), Map.entry("EU", "eu"));
        assertThat(env.get("b")).containsExactly(Map.entry("SAME", "pw"));
        // One call per region, each parameter once.
        assertThat(ssmCalls).containsExactly("us-east-1 [plain, /app/db/password]",
                "eu-west-1 [arn:aws:ssm:eu-west-1:000000000000:parameter/app/eu]");
    }

    static ContainerDefinition logging(String name, ContainerSecret... secretOptions) {
        return new ContainerDefinition(name, "img", null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, new ContainerDefinition.LogConfiguration("splunk", Map.of(),
                List.of(secretOptions)));
    }

    @Test
    void logSecretOptionsAreReadWithTheSecretsButAreNoEnvironment() {
        var env = new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(
                logging("a", new ContainerSecret("splunk-token", ARN + "plain"),
                        new ContainerSecret("splunk-url", "/app/db/password"))));
        assertThat(env).isEmpty();
        assertThat(calls).containsExactly(ARN + "plain|null|null");
        assertThat(ssmCalls).containsExactly("us-east-1 [/app/db/password]");
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(
                logging("a", new ContainerSecret("splunk-token", "/missing")))))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessageEndingWith("unable to retrieve secrets from ssm: service call has been retried 1 time(s): "
                        + "invalid parameters: /missing");
    }

    @Test
    void ssmParametersAreReadTenAtATime() {
        List<ContainerSecret> many = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(new ContainerSecret("V" + i, "/p" + i));
        }
        var env = new SecretResolver(source, parameters).resolve(ROLE, "us-east-1",
                List.of(container("a", many.toArray(ContainerSecret[]::new))));
        assertThat(env.get("a")).hasSize(12).containsEntry("V11", "v11");
        assertThat(ssmCalls).hasSize(2);
        assertThat(ssmCalls.getFirst()).contains("/p9").doesNotContain("/p10");
    }

    @Test
    void aMissingOrDeniedParameterGivesTheAgentsReason() {
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(
                container("a", new ContainerSecret("X", "plain"), new ContainerSecret("Y", "/missing")))))
                .isInstanceOf(SecretResolutionException.class)
                .hasMessage("ResourceInitializationError: unable to pull secrets or registry auth: execution resource "
                        + "retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 "
                        + "time(s): invalid parameters: /missing");
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(
                container("a", new ContainerSecret("X", "/denied")))))
                .hasMessageEndingWith("unable to retrieve secrets from ssm: service call has been retried 1 time(s): "
                        + "AccessDeniedException: User: role is not authorized to perform: ssm:GetParameters on "
                        + "resource: arn:aws:ssm:us-east-1:000000000000:parameter/denied");
    }

    @Test
    void invalidFormat() {
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(container("a",
                new ContainerSecret("X", ARN + "db:key")))))
                .hasMessageContaining("an invalid ARN format for the AWS Secrets Manager secret was specified. "
                        + "Specify a valid ARN and try again.");
    }

    @Test
    void severalFailuresAreJoined() {
        assertThatThrownBy(() -> new SecretResolver(source, parameters).resolve(ROLE, "us-east-1", List.of(container("a",
                new ContainerSecret("X", ARN + "m1"), new ContainerSecret("Y", ARN + "db:nokey::")))))
                .hasMessageContaining("m1 from secrets manager").hasMessageContaining(";retrieved secret");
    }
}
