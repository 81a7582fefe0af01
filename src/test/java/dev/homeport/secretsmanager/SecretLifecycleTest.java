package dev.homeport.secretsmanager;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CreateSecret, DescribeSecret and UpdateSecret, with their error cases. */
class SecretLifecycleTest extends SecretsManagerTestBase {

    // ------------------------------------------------------------------ CreateSecret

    @Test
    void createsAStringSecretWithDescriptionAndTags() {
        String name = uniqueName("create/string");
        String token = token();
        Instant before = Instant.now().minusSeconds(1);
        CreateSecretResponse created = sm.createSecret(b -> b.name(name).clientRequestToken(token)
                .secretString("s3cr3t-value").description("the database password")
                .tags(Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("").build()));

        assertThat(created.name()).isEqualTo(name);
        assertThat(created.versionId()).isEqualTo(token);
        assertThat(created.arn()).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:"
                + java.util.regex.Pattern.quote(name) + "-[A-Za-z0-9]{6}");

        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.arn()).isEqualTo(created.arn());
        assertThat(d.name()).isEqualTo(name);
        assertThat(d.description()).isEqualTo("the database password");
        assertThat(d.tags()).containsExactly(Tag.builder().key("env").value("prod").build(),
                Tag.builder().key("team").value("").build());
        assertThat(d.versionIdsToStages()).isEqualTo(Map.of(token, List.of(CURRENT)));
        assertThat(d.createdDate()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(d.lastChangedDate()).isBetween(before, Instant.now().plusSeconds(1));

        GetSecretValueResponse v = sm.getSecretValue(b -> b.secretId(name));
        assertThat(v.secretString()).isEqualTo("s3cr3t-value");
        assertThat(v.secretBinary()).isNull();
        assertThat(v.versionId()).isEqualTo(token);
        assertThat(v.versionStages()).containsExactly(CURRENT);
        assertThat(v.arn()).isEqualTo(created.arn());
        assertThat(v.createdDate()).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void createsABinarySecret() {
        String name = uniqueName("create-binary");
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80, 42};
        createBinary(name, bytes);

        GetSecretValueResponse v = sm.getSecretValue(b -> b.secretId(name));
        assertThat(v.secretBinary().asByteArray()).isEqualTo(bytes);
        assertThat(v.secretString()).isNull();
    }

    @Test
    void createsASecretWithoutAValue() {
        String name = uniqueName("create-empty");
        CreateSecretResponse created = sm.createSecret(b -> b.name(name).description("later"));

        assertThat(created.versionId()).isNull();
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.hasVersionIdsToStages()).isFalse();
        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
    }

    @Test
    void retryWithTheSameTokenAndValueIsIdempotent() {
        String name = uniqueName("create-retry");
        String token = token();
        CreateSecretResponse first = sm.createSecret(b -> b.name(name).clientRequestToken(token).secretString("v1"));
        CreateSecretResponse again = sm.createSecret(b -> b.name(name).clientRequestToken(token).secretString("v1"));

        assertThat(again.arn()).isEqualTo(first.arn());
        assertThat(again.versionId()).isEqualTo(token);
        assertThat(sm.listSecretVersionIds(b -> b.secretId(name).includeDeprecated(true)).versions())
                .extracting(v -> v.versionId()).containsExactly(token);
    }

    @Test
    void retryWithTheSameTokenAndAnotherValueIsRefused() {
        String name = uniqueName("create-retry-other");
        String token = token();
        sm.createSecret(b -> b.name(name).clientRequestToken(token).secretString("v1"));

        assertAwsError(() -> sm.createSecret(b -> b.name(name).clientRequestToken(token).secretString("v2")),
                ResourceExistsException.class, "ResourceExistsException",
                "The operation failed because the secret " + name + " already exists.");
        assertThat(currentValue(name)).isEqualTo("v1");
    }

    @Test
    void aTooShortClientRequestTokenIsValidationException() {
        String name = uniqueName("create-short-token");
        assertAwsError(() -> sm.createSecret(b -> b.name(name).clientRequestToken("short").secretString("v")),
                SecretsManagerException.class, "ValidationException", "1 validation error detected: Value 'short' at "
                        + "'clientRequestToken' failed to satisfy constraint: Member must have length greater than "
                        + "or equal to 32");
        assertAwsError(() -> sm.describeSecret(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void duplicateNameIsResourceExists() {
        String name = uniqueName("create-dup");
        createString(name, "first");

        assertAwsError(() -> createString(name, "second"), ResourceExistsException.class, "ResourceExistsException",
                "The operation failed because the secret " + name + " already exists.");
        assertThat(currentValue(name)).isEqualTo("first");
    }

    @Test
    void nameScheduledForDeletionCannotBeCreatedAgain() {
        String name = uniqueName("create-deleted");
        createString(name, "first");
        sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L));

        assertAwsError(() -> createString(name, "second"), InvalidRequestException.class, "InvalidRequestException",
                "You can't create this secret because a secret with this name is already scheduled for deletion.");
    }

    @Test
    void invalidNameIsValidationException() {
        assertAwsError(() -> createString("Inv Name", "x"), SecretsManagerException.class, "ValidationException",
                "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        assertAwsError(() -> createString("semi;colon", "x"), SecretsManagerException.class, "ValidationException",
                "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
    }

    @Test
    void nameLengthIsLimitedTo512() {
        String ok = "n" + "a".repeat(511);
        createString(ok, "x");
        assertThat(sm.describeSecret(b -> b.secretId(ok)).name()).hasSize(512);

        String tooLong = "m" + "a".repeat(512);
        assertAwsError(() -> createString(tooLong, "x"), SecretsManagerException.class, "ValidationException",
                "1 validation error detected: Value '" + tooLong
                        + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512");
    }

    @Test
    void stringAndBinaryTogetherAreRefused() {
        String name = uniqueName("create-both");
        assertAwsError(() -> sm.createSecret(b -> b.name(name).secretString("s")
                        .secretBinary(SdkBytes.fromUtf8String("b"))), InvalidParameterException.class,
                "InvalidParameterException",
                "You can't specify both a binary secret value and a string secret value in the same secret.");
        assertAwsError(() -> sm.describeSecret(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void stringValuesUpTo65536BytesAreAccepted() {
        String name = uniqueName("create-big");
        String big = "x".repeat(65_536);
        createString(name, big);
        assertThat(currentValue(name)).isEqualTo(big);

        String tooBig = "y".repeat(65_537);
        var e = assertAwsError(() -> createString(uniqueName("create-too-big"), tooBig), SecretsManagerException.class,
                "ValidationException", "1 validation error detected: Value at 'secretString' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 65536");
        assertThat(e.getMessage()).doesNotContain("yyyy");
    }

    @Test
    void theLimitIsInBytesForMultiByteStrings() {
        // 32,769 two-byte characters: within 65,536 characters, but 65,538 bytes.
        String tooBig = "é".repeat(32_769);
        var e = assertAwsError(() -> createString(uniqueName("create-utf8"), tooBig), SecretsManagerException.class,
                "ValidationException", "1 validation error detected: Value at 'secretString' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 65536");
        assertThat(e.getMessage()).doesNotContain("éé");

        String fits = "é".repeat(32_768);
        String name = uniqueName("create-utf8-ok");
        createString(name, fits);
        assertThat(currentValue(name)).isEqualTo(fits);
    }

    @Test
    void binaryValuesUpTo65536BytesAreAccepted() {
        String name = uniqueName("create-big-binary");
        byte[] big = new byte[65_536];
        Arrays.fill(big, (byte) 7);
        createBinary(name, big);
        assertThat(sm.getSecretValue(b -> b.secretId(name)).secretBinary().asByteArray()).isEqualTo(big);

        // Recorded from AWS: "1 validation error detected: Value at 'secretBinary' failed to satisfy
        // constraint: Member must have length less than or equal to 65536" (the value is sensitive).
        assertAwsError(() -> createBinary(uniqueName("create-too-big-binary"), new byte[65_537]),
                SecretsManagerException.class, "ValidationException",
                "1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 65536");
    }

    // ------------------------------------------------------------------ DescribeSecret

    @Test
    void describeLeavesOutMembersThatHaveNoValue() {
        String name = uniqueName("describe-bare");
        createString(name, "v");

        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.description()).isNull();
        assertThat(d.kmsKeyId()).isNull();
        assertThat(d.hasTags()).isFalse();
        assertThat(d.rotationEnabled()).isNull();
        assertThat(d.rotationLambdaARN()).isNull();
        assertThat(d.rotationRules()).isNull();
        assertThat(d.lastRotatedDate()).isNull();
        assertThat(d.nextRotationDate()).isNull();
        assertThat(d.deletedDate()).isNull();
        assertThat(d.lastAccessedDate()).isNull();
        assertThat(d.primaryRegion()).isNull();
        assertThat(d.hasReplicationStatus()).isFalse();
        assertThat(d.owningService()).isNull();
        assertThat(d.hasVersionIdsToStages()).isTrue();
        assertThat(d.createdDate()).isNotNull();
    }

    @Test
    void describeByFullAndPartialArn() {
        String name = uniqueName("describe-arn");
        String arn = createString(name, "v").arn();
        String partial = arn.substring(0, arn.length() - 7);

        assertThat(sm.describeSecret(b -> b.secretId(arn)).name()).isEqualTo(name);
        assertThat(sm.describeSecret(b -> b.secretId(partial)).arn()).isEqualTo(arn);
    }

    @Test
    void describeOfAMissingSecretIsNotFound() {
        assertAwsError(() -> sm.describeSecret(b -> b.secretId(uniqueName("nobody"))), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void lastAccessedDateIsTheDayOfTheLastRead() {
        String name = uniqueName("describe-accessed");
        createString(name, "v");
        assertThat(sm.describeSecret(b -> b.secretId(name)).lastAccessedDate()).isNull();

        Instant dayBefore = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
        sm.getSecretValue(b -> b.secretId(name));
        Instant dayAfter = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);

        // The access date is written in the background so reads never wait on a write.
        eventually(Duration.ofSeconds(5), () ->
                assertThat(sm.describeSecret(b -> b.secretId(name)).lastAccessedDate())
                        .isIn(dayBefore, dayAfter));
        assertThat(sm.listSecretVersionIds(b -> b.secretId(name)).versions().get(0).lastAccessedDate())
                .isIn(dayBefore, dayAfter);
        // Reading does not count as a change.
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.lastChangedDate()).isBefore(Instant.now().plusSeconds(1));
        assertThat(d.lastChangedDate()).isAfterOrEqualTo(d.createdDate());
    }

    // ------------------------------------------------------------------ UpdateSecret

    @Test
    void updatingOnlyTheDescriptionMakesNoVersion() throws Exception {
        String name = uniqueName("update-desc");
        String first = createString(name, "v1").versionId();
        Instant changedBefore = sm.describeSecret(b -> b.secretId(name)).lastChangedDate();
        Thread.sleep(5);

        UpdateSecretResponse r = sm.updateSecret(b -> b.secretId(name).description("new words"));

        assertThat(r.versionId()).isNull();
        assertThat(r.name()).isEqualTo(name);
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.description()).isEqualTo("new words");
        assertThat(d.versionIdsToStages()).isEqualTo(Map.of(first, List.of(CURRENT)));
        assertThat(d.lastChangedDate()).isAfter(changedBefore);
        assertThat(currentValue(name)).isEqualTo("v1");
    }

    @Test
    void updatingTheValueMakesANewCurrentVersion() {
        String name = uniqueName("update-value");
        String first = createString(name, "v1").versionId();
        String token = token();

        UpdateSecretResponse r = sm.updateSecret(b -> b.secretId(name).clientRequestToken(token).secretString("v2"));

        assertThat(r.versionId()).isEqualTo(token);
        assertThat(currentValue(name)).isEqualTo("v2");
        assertThat(sm.describeSecret(b -> b.secretId(name)).versionIdsToStages())
                .isEqualTo(Map.of(first, List.of(PREVIOUS), token, List.of(CURRENT)));
        assertThat(sm.getSecretValue(b -> b.secretId(name).versionStage(PREVIOUS)).secretString()).isEqualTo("v1");
    }

    @Test
    void updatingWithStringAndBinaryIsRefused() {
        String name = uniqueName("update-both");
        createString(name, "v1");
        assertAwsError(() -> sm.updateSecret(b -> b.secretId(name).secretString("a")
                        .secretBinary(SdkBytes.fromString("b", StandardCharsets.UTF_8))),
                InvalidParameterException.class, "InvalidParameterException",
                "You can't specify both a binary secret value and a string secret value in the same secret.");
    }

    @Test
    void updatingAMissingSecretIsNotFound() {
        assertAwsError(() -> sm.updateSecret(b -> b.secretId(uniqueName("nobody")).description("d")),
                ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
    }
}
