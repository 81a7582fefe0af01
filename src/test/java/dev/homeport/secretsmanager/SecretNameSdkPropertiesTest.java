package dev.homeport.secretsmanager;

import dev.homeport.testing.HomeportServer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secret names through the real SDK against an in-process Homeport: every name of 1–512 characters
 * from {@code A-Za-z0-9/_+=.@-} is accepted and found by name, full ARN and partial ARN; a name with
 * any other character is a ValidationException. A modest number of tries: each is a few HTTP calls.
 */
class SecretNameSdkPropertiesTest {
    private static HomeportServer server;
    private static SecretsManagerClient sm;

    @BeforeContainer
    static void start() {
        server = HomeportServer.start();
        sm = server.client(SecretsManagerClient.builder());
    }

    @AfterContainer
    static void stop() {
        sm.close();
        server.close();
    }

    @Property(tries = 50, seed = "20261128")
    void everyValidNameIsAcceptedAndFoundThreeWays(@ForAll("validNames") String name) {
        String value = "value-of-" + UUID.randomUUID();
        CreateSecretResponse created = sm.createSecret(b -> b.name(name).secretString(value));
        String arn = created.arn();
        assertThat(created.name()).isEqualTo(name);
        assertThat(arn).startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-");
        assertThat(arn.substring(arn.length() - 7)).matches("-[A-Za-z0-9]{6}");
        String partial = arn.substring(0, arn.length() - 7);
        try {
            for (String id : List.of(name, arn, partial)) {
                assertThat(sm.describeSecret(b -> b.secretId(id)).arn()).as(id).isEqualTo(arn);
                assertThat(sm.getSecretValue(b -> b.secretId(id)).secretString()).as(id).isEqualTo(value);
            }
            assertThat(sm.listSecrets(b -> b.filters(f -> f.key("name").values(name))).secretList())
                    .extracting(e -> e.arn()).contains(arn);
        } finally {
            // Frees the name: jqwik may generate it again (edge cases, shrinking).
            sm.deleteSecret(b -> b.secretId(arn).forceDeleteWithoutRecovery(true));
        }
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId(arn)))
                .isInstanceOfSatisfying(SecretsManagerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
    }

    @Property(tries = 50, seed = "20261128")
    void aNameWithAnyOtherCharacterIsAValidationException(@ForAll("invalidNames") String name) {
        assertThatThrownBy(() -> sm.createSecret(b -> b.name(name).secretString("x")))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                });
    }

    @Property(tries = 5, seed = "20261128")
    void tooLongNamesAreAValidationException(@ForAll("validNames") String name) {
        String tooLong = (name + "a".repeat(513)).substring(0, 513);
        assertThatThrownBy(() -> sm.createSecret(b -> b.name(tooLong).secretString("x")))
                .isInstanceOfSatisfying(SecretsManagerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Provide
    Arbitrary<String> validNames() {
        return SecretNames.valid();
    }

    @Provide
    Arbitrary<String> invalidNames() {
        return SecretNames.withForbiddenChar();
    }
}
