package dev.homeport.protocol;

import java.time.Instant;

/**
 * What an operation may know about the request besides its input: who signed it, for which
 * account and region, and when it arrived. Services never see HTTP.
 *
 * @param requestId   the id returned in {@code x-amzn-RequestId}
 * @param accountId   the account of the signing access key
 * @param region      the region from the SigV4 credential scope; AWS serves each region separately
 * @param accessKeyId the access key that signed the request
 * @param operation   the operation name, such as {@code GetSecretValue}
 * @param receivedAt  when the request arrived
 */
public record RequestContext(String requestId, String accountId, String region, String accessKeyId,
                             String operation, Instant receivedAt) {
}
