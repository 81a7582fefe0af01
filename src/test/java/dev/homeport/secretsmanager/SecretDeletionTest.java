package dev.homeport.secretsmanager;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** DeleteSecret, RestoreSecret, and the purge at the end of the recovery window. */
class SecretDeletionTest extends SecretsManagerTestBase {

    @Test
    void deleteWithARecoveryWindowSchedulesThePurge() {
        String name = uniqueName("delete-window");
        String arn = createString(name, "v").arn();
        Instant before = Instant.now();

        DeleteSecretResponse r = sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L));

        assertThat(r.arn()).isEqualTo(arn);
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.deletionDate()).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(2),
                Instant.now().plus(Duration.ofDays(7)).plusSeconds(2));
        // Still described, with the date it will be purged.
        assertThat(sm.describeSecret(b -> b.secretId(name)).deletedDate()).isEqualTo(r.deletionDate());
    }

    @Test
    void theDefaultWindowIsThirtyDays() {
        String name = uniqueName("delete-default");
        createString(name, "v");
        Instant before = Instant.now();
        DeleteSecretResponse r = sm.deleteSecret(b -> b.secretId(name));
        assertThat(Duration.between(before, r.deletionDate()).toHours()).isBetween(30L * 24 - 1, 30L * 24);
        assertThat(r.deletionDate()).isCloseTo(before.plus(Duration.ofDays(30)), within(Duration.ofSeconds(5)));
    }

    @Test
    void windowsFromSevenToThirtyDaysAreAccepted() {
        for (long days : new long[]{7, 30}) {
            String name = uniqueName("delete-bounds");
            createString(name, "v");
            DeleteSecretResponse r = sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(days));
            assertThat(r.deletionDate()).isCloseTo(Instant.now().plus(Duration.ofDays(days)),
                    within(Duration.ofSeconds(5)));
        }
    }

    @Test
    void windowsOutsideSevenToThirtyAreRefused() {
        String name = uniqueName("delete-range");
        createString(name, "v");
        for (long days : new long[]{0, 6, 31}) {
            assertAwsError(() -> sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(days)),
                    InvalidParameterException.class, "InvalidParameterException",
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        assertThat(sm.describeSecret(b -> b.secretId(name)).deletedDate()).isNull();
    }

    @Test
    void forceAndWindowTogetherAreRefused() {
        String name = uniqueName("delete-both");
        createString(name, "v");
        assertAwsError(() -> sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L)
                        .forceDeleteWithoutRecovery(true)), InvalidParameterException.class,
                "InvalidParameterException",
                "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        assertThat(currentValue(name)).isEqualTo("v");
    }

    @Test
    void forceDeletingASecretThatDoesNotExistSucceeds() {
        // The API reference: with ForceDeleteWithoutRecovery, Secrets Manager does not check that the secret exists.
        String name = uniqueName("delete-missing");
        DeleteSecretResponse r = sm.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.arn()).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-[A-Za-z0-9]{6}");
        assertThat(r.deletionDate()).isCloseTo(Instant.now(), within(Duration.ofSeconds(5)));
        String arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-AbCdEf";
        DeleteSecretResponse byArn = sm.deleteSecret(b -> b.secretId(arn).forceDeleteWithoutRecovery(true));
        assertThat(byArn.arn()).isEqualTo(arn);
        assertThat(byArn.name()).isEqualTo(name);
        // The parameter checks still come first, and without force a missing secret is still not found.
        assertAwsError(() -> sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L)
                        .forceDeleteWithoutRecovery(true)), InvalidParameterException.class,
                "InvalidParameterException",
                "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        assertAwsError(() -> sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(3L)),
                InvalidParameterException.class, "InvalidParameterException",
                "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        assertAwsError(() -> sm.deleteSecret(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void forceDeleteFreesTheNameAtOnce() {
        String name = uniqueName("delete-force");
        String oldArn = createString(name, "old").arn();

        DeleteSecretResponse r = sm.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));

        assertThat(r.arn()).isEqualTo(oldArn);
        assertThat(r.deletionDate()).isCloseTo(Instant.now(), within(Duration.ofSeconds(5)));
        assertAwsError(() -> sm.describeSecret(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(oldArn)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);

        String newArn = createString(name, "new").arn();
        assertThat(newArn).isNotEqualTo(oldArn);
        assertThat(currentValue(name)).isEqualTo("new");
        // The old ARN does not reach the new secret.
        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(oldArn)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void aScheduledSecretCanStillBeForceDeleted() {
        String name = uniqueName("delete-then-force");
        createString(name, "v");
        sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L));
        sm.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
        assertAwsError(() -> sm.describeSecret(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void operationsOnADeletedSecretAreInvalidRequests() {
        String name = uniqueName("delete-ops");
        createString(name, "v");
        sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L));

        assertAwsError(() -> sm.getSecretValue(b -> b.secretId(name)), InvalidRequestException.class,
                "InvalidRequestException", MARKED_FOR_DELETION);
        assertAwsError(() -> sm.putSecretValue(b -> b.secretId(name).secretString("x")),
                InvalidRequestException.class, "InvalidRequestException", MARKED_FOR_DELETION);
        assertAwsError(() -> sm.updateSecret(b -> b.secretId(name).description("x")),
                InvalidRequestException.class, "InvalidRequestException", MARKED_FOR_DELETION);
        assertAwsError(() -> sm.tagResource(b -> b.secretId(name).tags(Tag.builder().key("k").value("v").build())),
                InvalidRequestException.class, "InvalidRequestException", MARKED_FOR_DELETION);
        assertAwsError(() -> sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L)),
                InvalidRequestException.class, "InvalidRequestException", MARKED_FOR_DELETION);
        assertAwsError(() -> sm.getResourcePolicy(b -> b.secretId(name)),
                InvalidRequestException.class, "InvalidRequestException", MARKED_FOR_DELETION);
        // Batch reads list it as an error.
        assertThat(sm.batchGetSecretValue(b -> b.secretIdList(name)).errors()).singleElement()
                .satisfies(e -> {
                    assertThat(e.errorCode()).isEqualTo("InvalidRequestException");
                    assertThat(e.message()).isEqualTo(MARKED_FOR_DELETION);
                });
    }

    @Test
    void deletingAMissingSecretIsNotFound() {
        assertAwsError(() -> sm.deleteSecret(b -> b.secretId(uniqueName("nobody"))), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void restoreUndoesTheDeletion() {
        String name = uniqueName("restore");
        String arn = createString(name, "kept").arn();
        sm.deleteSecret(b -> b.secretId(name).recoveryWindowInDays(7L));

        RestoreSecretResponse r = sm.restoreSecret(b -> b.secretId(name));

        assertThat(r.arn()).isEqualTo(arn);
        assertThat(r.name()).isEqualTo(name);
        assertThat(sm.describeSecret(b -> b.secretId(name)).deletedDate()).isNull();
        assertThat(currentValue(name)).isEqualTo("kept");
        assertThat(sm.listSecrets(b -> b.filters(f -> f.key(FilterNameStringType.NAME).values(name))).secretList())
                .hasSize(1);
        sm.putSecretValue(b -> b.secretId(name).secretString("writable again"));
        assertThat(currentValue(name)).isEqualTo("writable again");
    }

    @Test
    void restoringAMissingSecretIsNotFound() {
        assertAwsError(() -> sm.restoreSecret(b -> b.secretId(uniqueName("nobody"))), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void theSecretIsPurgedWhenItsWindowEnds() {
        String shortName = uniqueName("purge-7");
        String longName = uniqueName("purge-30");
        String shortArn = createString(shortName, "short").arn();
        createString(longName, "long");
        sm.deleteSecret(b -> b.secretId(shortName).recoveryWindowInDays(7L));
        sm.deleteSecret(b -> b.secretId(longName).recoveryWindowInDays(30L));
        SecretRepository repository = server.homeport().secretRepository();

        // Six days on, nothing is due.
        new SecretPurger(repository, Clock.fixed(Instant.now().plus(Duration.ofDays(6)), ZoneOffset.UTC)).purgeDue();
        assertThat(sm.describeSecret(b -> b.secretId(shortName)).deletedDate()).isNotNull();

        int purged = new SecretPurger(repository,
                Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC)).purgeDue();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertAwsError(() -> sm.describeSecret(b -> b.secretId(shortName)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
        assertAwsError(() -> sm.describeSecret(b -> b.secretId(shortArn)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
        assertThat(sm.listSecrets(b -> b.includePlannedDeletion(true)
                .filters(f -> f.key(FilterNameStringType.NAME).values(shortName))).secretList()).isEmpty();
        assertThat(repository.findByArn(shortArn)).isEmpty();
        assertThat(repository.listVersions(shortArn)).isEmpty();
        // The 30-day one is still waiting.
        assertThat(sm.describeSecret(b -> b.secretId(longName)).deletedDate()).isNotNull();

        // The name is free again.
        String newArn = createString(shortName, "reborn").arn();
        assertThat(newArn).isNotEqualTo(shortArn);
        assertThat(currentValue(shortName)).isEqualTo("reborn");
    }
}
