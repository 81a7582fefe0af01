package dev.homeport.protocol;

import dev.homeport.protocol.sigv4.SigV4Verifier;
import dev.homeport.protocol.sigv4.SignableRequest;
import dev.homeport.protocol.sigv4.SignedPrincipal;

/**
 * Who is calling: the SigV4 check every API request passes, with its failures throttled per source and key
 * (see {@link AuthenticationThrottle}). One instance serves both wire protocols and Homeport's own signed
 * endpoints, so a guesser cannot get more attempts by switching between them. Thread-safe.
 */
public final class Authenticator {
    private final SigV4Verifier verifier;
    private final AuthenticationThrottle throttle;

    public Authenticator(SigV4Verifier verifier, AuthenticationThrottle throttle) {
        this.verifier = verifier;
        this.throttle = throttle;
    }

    /**
     * @param source  the caller's address
     * @param service the signing name the request must be scoped to, or null for any (Homeport's own endpoints)
     * @throws AwsServiceException the signature error, or {@code ThrottlingException} when this source has failed
     *                             too often with this key lately (checked first: a right guess is refused too)
     */
    public SignedPrincipal authenticate(SignableRequest request, String source, String service) {
        if (!throttle.allows(source, () -> throttleKey(request))) {
            throw ProtocolErrors.throttling();
        }
        try {
            return verifier.verify(request, service);
        } catch (AwsServiceException e) {
            if (SigV4Verifier.isAuthenticationError(e)) {
                throttle.failed(source, throttleKey(request));
            }
            throw e;
        }
    }

    /** The key a request's failures count against: the key it names if that exists, else the one for unknowns. */
    private String throttleKey(SignableRequest request) {
        String claimedKey = SigV4Verifier.claimedAccessKeyId(request);
        return claimedKey != null && verifier.knowsKey(claimedKey) ? claimedKey : AuthenticationThrottle.UNKNOWN_KEY;
    }

    /** The throttle, shared with the console's sign-in. */
    public AuthenticationThrottle throttle() {
        return throttle;
    }
}
