package dev.homeport.http;

import dev.homeport.protocol.ApiRequest;
import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.Authenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Who may read {@code /_homeport/metrics}: request counts per operation and error type tell an outsider what
 * the accounts on this server do, so the endpoint is not open. Allowed: a request signed with SigV4 by any
 * accepted key (for example {@code curl --aws-sigv4 "aws:amz:us-east-1:homeport" --user test:test ...}), or,
 * for scrapers that cannot sign, {@code Authorization: Bearer <token>} with the token the operator configured.
 */
public final class MetricsAccess {
    private final Authenticator authenticator;
    private final byte[] token;

    /** @param token the bearer token scrapers may present, or null to accept signed requests only */
    public MetricsAccess(Authenticator authenticator, String token) {
        this.authenticator = authenticator;
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws AwsServiceException the signature's error (throttled like any other failure) when refused */
    void check(ApiRequest request) {
        List<String> authorization = request.headerValues("authorization");
        if (token != null && !authorization.isEmpty() && authorization.get(0).startsWith("Bearer ")) {
            byte[] given = authorization.get(0).substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(token, given)) {
                return;
            }
        }
        authenticator.authenticate(request.signable(0), request.sourceAddress(), null);
    }
}
