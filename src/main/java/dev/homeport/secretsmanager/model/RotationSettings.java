package dev.homeport.secretsmanager.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Rotation configuration and history. {@code lambdaArn}, the dates are nullable (AWS omits them when not
 * set); {@code rules} is never null ({@link RotationRules#NONE} when unset). AWS keeps the lambda ARN and
 * rules after CancelRotateSecret turns {@code enabled} off, so they are independent of the flag.
 */
public record RotationSettings(boolean enabled, String lambdaArn, RotationRules rules,
                               Instant lastRotatedDate, Instant nextRotationDate) {
    public static final RotationSettings NONE = new RotationSettings(false, null, RotationRules.NONE, null, null);

    public RotationSettings {
        rules = Objects.requireNonNullElse(rules, RotationRules.NONE);
        lastRotatedDate = Dates.millis(lastRotatedDate);
        nextRotationDate = Dates.millis(nextRotationDate);
    }
}
