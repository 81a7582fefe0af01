package dev.homeport.protocol;

import java.time.Instant;

/**
 * What an operation may know about the request besides its input: who signed it, for which
 * account and region, and when it arrived. Services never see HTTP.
 *
 * @param requestId     the id returned in {@code x-amzn-RequestId}
 * @param principal     who the request acts as (root, an IAM user, a role session)
 * @param region        the region from the SigV4 credential scope; AWS serves each region separately
 * @param accessKeyId   the access key that signed the request
 * @param operation     the operation name, such as {@code GetSecretValue}
 * @param receivedAt    when the request arrived
 * @param sourceAddress the caller's address as the server saw it ({@code aws:SourceIp}); null when not over HTTP
 * @param authorizer    what authorized the request: asked again only by an operation that AWS authorizes item by
 *                      item (BatchGetSecretValue reports each secret the caller may not read under Errors)
 */
public record RequestContext(String requestId, Principal principal, String region, String accessKeyId,
                             String operation, Instant receivedAt, String sourceAddress, Authorizer authorizer) {
    /** The account of the principal: the one whose resources an identifier without an account names. */
    public String accountId() {
        return principal.accountId();
    }
}
