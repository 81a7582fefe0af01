package dev.homeport.ssm;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code /aws/reference/secretsmanager/<secret-id>} through GetParameter and GetParameters: the secret's current value,
 * another version by staging label or version id, AWS's errors (without decryption, a malformed selector, a missing
 * secret), and Secrets Manager's own authorization of the caller.
 */
class SsmSecretReferenceTest {
    static final String PREFIX = "/aws/reference/secretsmanager/";
    static HomeportServer server;
    static SsmClient ssm;
    static SecretsManagerClient sm;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        ssm = server.client(SsmClient.builder());
        sm = server.client(SecretsManagerClient.builder());
    }

    @AfterAll
    static void stop() {
        ssm.close();
        sm.close();
        server.close();
    }

    static AwsServiceException error(Runnable call) {
        return catchThrowableOfType(AwsServiceException.class, call::run);
    }

    @Test
    void aReferenceAnswersTheSecretAsASecureString() {
        String arn = sm.createSecret(b -> b.name("ref/db").secretString("first")).arn();
        String firstVersion = sm.getSecretValue(b -> b.secretId("ref/db")).versionId();
        sm.putSecretValue(b -> b.secretId("ref/db").secretString("second"));

        Parameter current = ssm.getParameter(b -> b.name(PREFIX + "ref/db").withDecryption(true)).parameter();
        assertThat(current.name()).isEqualTo(PREFIX + "ref/db");
        assertThat(current.typeAsString()).isEqualTo("SecureString");
        assertThat(current.value()).isEqualTo("second");
        assertThat(current.version()).isZero();
        assertThat(current.arn()).isEqualTo(arn);
        assertThat(current.selector()).isNull();
        assertThat(current.sourceResult()).startsWith("{\"ARN\":\"" + arn + "\",\"name\":\"ref/db\",\"versionId\":\"")
                .contains("\"secretString\":\"second\",\"versionStages\":[\"AWSCURRENT\"]");

        Parameter previous = ssm.getParameter(b -> b.name(PREFIX + "ref/db:AWSPREVIOUS").withDecryption(true))
                .parameter();
        assertThat(previous.value()).isEqualTo("first");
        assertThat(previous.selector()).isEqualTo(":AWSPREVIOUS");
        assertThat(ssm.getParameter(b -> b.name(PREFIX + "ref/db:" + firstVersion).withDecryption(true)).parameter()
                .value()).isEqualTo("first");

        var both = ssm.getParameters(b -> b.names(PREFIX + "ref/db", PREFIX + "ref/missing", PREFIX + "ref/db:a:b")
                .withDecryption(true));
        assertThat(both.parameters()).extracting(Parameter::value).containsExactly("second");
        assertThat(both.invalidParameters()).containsExactly(PREFIX + "ref/missing", PREFIX + "ref/db:a:b");
        assertThat(ssm.getParameters(b -> b.names(PREFIX + "ref/db")).invalidParameters())
                .containsExactly(PREFIX + "ref/db");
    }

    @Test
    void referencesGetAwsErrors() {
        sm.createSecret(b -> b.name("ref/errors").secretString("x"));
        var plain = error(() -> ssm.getParameter(b -> b.name(PREFIX + "ref/errors")));
        assertThat(plain.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(plain.awsErrorDetails().errorMessage())
                .isEqualTo("WithDecryption flag must be True for retrieving a Secret Manager secret.");
        for (String malformed : new String[]{"ref/errors:AWSCURRENT:extra", "ref/errors:"}) {
            var bad = error(() -> ssm.getParameter(b -> b.name(PREFIX + malformed)));
            assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("Invalid parameter name. Please use correct "
                    + "syntax for referencing a version/label  <name>:<version/label>");
        }
        var missing = error(() -> ssm.getParameter(b -> b.name(PREFIX + "ref/none").withDecryption(true)));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ParameterNotFound");
        assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("An error occurred (ParameterNotFound) when "
                + "referencing Secrets Manager: Secret aws/reference/secretsmanager/ref/nonenull not found.");
        var stage = error(() -> ssm.getParameter(b -> b.name(PREFIX + "ref/errors:NOSUCH").withDecryption(true)));
        assertThat(stage.awsErrorDetails().errorMessage()).endsWith("Secret aws/reference/secretsmanager/"
                + "ref/errors:NOSUCH not found.");
    }

    /** The caller needs the parameter and the secret: Secrets Manager authorizes its own read. */
    @Test
    void aCallerWhoMayReadParametersButNotTheSecretIsRefused() {
        sm.createSecret(b -> b.name("ref/guarded").secretString("x"));
        try (IamClient iam = server.client(IamClient.builder())) {
            iam.createUser(b -> b.userName("ssm-only"));
            iam.putUserPolicy(b -> b.userName("ssm-only").policyName("ssm").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter",
                      "Resource":"*"}]}"""));
            var key = iam.createAccessKey(b -> b.userName("ssm-only")).accessKey();
            try (SsmClient user = server.client(SsmClient.builder(), "us-east-1", key.accessKeyId(),
                    key.secretAccessKey())) {
                var denied = error(() -> user.getParameter(b -> b.name(PREFIX + "ref/guarded").withDecryption(true)));
                assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                assertThat(denied.awsErrorDetails().errorMessage()).contains("secretsmanager:GetSecretValue");
            }
        }
    }
}
