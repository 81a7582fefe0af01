package dev.homeport.secretsmanager;

import dev.homeport.secretsmanager.model.Secret;

/**
 * How replicas are kept. A replica is a secret record in another region with the same name and
 * suffix whose {@code primaryRegion} names the region of the primary. It holds no versions of its
 * own: reads in the replica region are answered from the primary's versions, so a replica can never
 * lag behind or disagree, which AWS's asynchronous copy only promises eventually.
 */
final class Replicas {
    private Replicas() {
    }

    static boolean isReplica(Secret secret) {
        return secret.primaryRegion() != null && !secret.primaryRegion().equals(secret.region());
    }

    /** The ARN of the same secret in another region: only the region field differs. */
    static String arnInRegion(String arn, String region) {
        String[] parts = arn.split(":", 5);
        return parts[0] + ":" + parts[1] + ":" + parts[2] + ":" + region + ":" + parts[4];
    }
}
