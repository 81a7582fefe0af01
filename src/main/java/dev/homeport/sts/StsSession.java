package dev.homeport.sts;

import dev.homeport.iam.SessionContext;
import dev.homeport.protocol.Principal;

import java.time.Instant;

/**
 * Temporary credentials STS issued, as kept: who they act as, and what limits them.
 *
 * @param principal      the identity the credentials act as: a role session, or for GetSessionToken the user (or root)
 *                       that asked
 * @param details        the role, session policies and session tags
 * @param secret         the secret access key (sealed at rest)
 * @param tokenDigest    SHA-256 of the session token
 */
public record StsSession(String accessKeyId, Principal principal, SessionContext details, String secret, byte[] tokenDigest,
                         Instant expiration) {
    @Override
    public String toString() {
        return "StsSession[" + accessKeyId + ", " + principal.arn() + ", until " + expiration + "]"; // no secrets
    }
}
