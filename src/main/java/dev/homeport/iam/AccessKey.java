package dev.homeport.iam;

import java.time.Instant;

/**
 * An IAM user's access key. The secret is held in memory to verify signatures and stored only sealed.
 *
 * @param lastUsed when the key last signed a request, or null; with the service and region of that request
 */
public record AccessKey(String id, String account, String userName, Status status, Instant created, String secret,
                        Instant lastUsed, String lastUsedService, String lastUsedRegion) {
    public enum Status { Active, Inactive }

    @Override
    public String toString() {
        return "AccessKey[" + id + ", " + userName + ", " + status + "]"; // never the secret
    }
}
