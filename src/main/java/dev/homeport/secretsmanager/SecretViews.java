package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.ReplicationStatus;
import dev.homeport.secretsmanager.model.RotationSettings;
import dev.homeport.secretsmanager.model.Secret;
import dev.homeport.secretsmanager.model.SecretTag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a stored secret looks in DescribeSecret and ListSecrets. Members AWS leaves out stay out:
 * no {@code RotationEnabled} for a secret never set up for rotation, no {@code Tags} before the first tag, no
 * {@code VersionIdsToStages} for a secret without a value.
 */
final class SecretViews {
    private SecretViews() {
    }

    static SecretsManagerShapes.DescribeSecretResponse describe(Secret s) {
        RotationSettings r = s.rotation();
        return new SecretsManagerShapes.DescribeSecretResponse(s.arn(), s.name(), null, s.description(), s.kmsKeyId(),
                rotationEnabled(r), r.lambdaArn(), rules(r), null, null, r.lastRotatedDate(),
                s.lastChangedDate(), day(s.lastAccessedDate()), s.deletedDate(),
                r.enabled() ? r.nextRotationDate() : null, tags(s), stages(s.versionStages()), s.owningService(),
                s.createdDate(), s.primaryRegion(), replication(s));
    }

    static SecretsManagerShapes.SecretListEntry listEntry(Secret s) {
        RotationSettings r = s.rotation();
        return new SecretsManagerShapes.SecretListEntry(s.arn(), s.name(), null, s.description(), s.kmsKeyId(),
                rotationEnabled(r), r.lambdaArn(), rules(r), null, null, r.lastRotatedDate(),
                s.lastChangedDate(), day(s.lastAccessedDate()), s.deletedDate(),
                r.enabled() ? r.nextRotationDate() : null, tags(s), stages(s.versionStages()), s.owningService(),
                s.createdDate(), s.primaryRegion());
    }

    /**
     * AWS leaves RotationEnabled out for a secret that was never set up for rotation, and answers false once
     * rotation has been configured and then turned off (CancelRotateSecret).
     */
    static Boolean rotationEnabled(RotationSettings r) {
        if (r.enabled()) {
            return Boolean.TRUE;
        }
        return r.lambdaArn() == null ? null : Boolean.FALSE;
    }

    static SecretsManagerShapes.RotationRulesType rules(RotationSettings r) {
        if (r.rules().isEmpty()) {
            return null;
        }
        return new SecretsManagerShapes.RotationRulesType(r.rules().automaticallyAfterDays(), r.rules().duration(),
                r.rules().scheduleExpression());
    }

    static List<SecretsManagerShapes.Tag> tags(Secret s) {
        if (s.tags().isEmpty()) {
            return null;
        }
        List<SecretsManagerShapes.Tag> out = new ArrayList<>();
        for (SecretTag t : s.tags()) {
            out.add(new SecretsManagerShapes.Tag(t.key(), t.value()));
        }
        return out;
    }

    static Map<String, List<String>> stages(Map<String, Set<String>> versionStages) {
        if (versionStages.isEmpty()) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        versionStages.forEach((id, labels) -> out.put(id, List.copyOf(labels)));
        return out;
    }

    static List<SecretsManagerShapes.ReplicationStatusType> replication(Secret s) {
        if (s.replicationStatus().isEmpty()) {
            return null;
        }
        List<SecretsManagerShapes.ReplicationStatusType> out = new ArrayList<>();
        for (ReplicationStatus r : s.replicationStatus()) {
            out.add(new SecretsManagerShapes.ReplicationStatusType(r.region(), r.kmsKeyId(), r.status(), r.statusMessage(),
                    day(r.lastAccessedDate())));
        }
        return out;
    }

    /** AWS keeps access dates to the day and shows them as midnight UTC. */
    static Instant day(LocalDate date) {
        return date == null ? null : date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
