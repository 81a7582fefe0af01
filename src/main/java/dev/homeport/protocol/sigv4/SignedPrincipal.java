package dev.homeport.protocol.sigv4;

/**
 * Who signed a request, as proved by a valid signature.
 *
 * @param region  the region of the credential scope: the region the request is addressed to
 * @param service the signing name of the credential scope, such as {@code secretsmanager}
 */
public record SignedPrincipal(Credentials credentials, String region, String service) {
}
