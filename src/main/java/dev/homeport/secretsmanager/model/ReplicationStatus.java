package dev.homeport.secretsmanager.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One replica region of a secret, as DescribeSecret's ReplicationStatus reports it. {@code status} is
 * {@code InSync}, {@code Failed} or {@code InProgress}; every field but {@code region} is nullable.
 * {@code lastAccessedDate} is a UTC day: AWS records access dates with day granularity.
 */
public record ReplicationStatus(String region, String kmsKeyId, String status, String statusMessage,
                                LocalDate lastAccessedDate) {
    public ReplicationStatus {
        Objects.requireNonNull(region, "region");
    }
}
