package dev.homeport.protocol;

import dev.homeport.protocol.sigv4.SignableRequest;

import java.util.List;

/**
 * An API request as the protocols receive it from the HTTP layer: what SigV4 signs, who sent it, and a body that
 * is read only when asked for. The protocols ask for it only once the signature's headers check out, so an
 * unauthenticated caller never makes the server read, or hold, a body.
 */
public interface ApiRequest {
    String method();

    /** The path as sent, still percent-encoded. */
    String rawPath();

    /** The query string as sent (without '?'), still percent-encoded; empty when none. */
    String rawQuery();

    /** All values of a header, matched case-insensitively; empty when absent. */
    List<String> headerValues(String name);

    /** The address the request came from, as the server saw it: what failed sign-ins are counted against. */
    String sourceAddress();

    /**
     * The body, read on the first call.
     *
     * @param maxBytes the largest body accepted
     * @throws AwsServiceException {@code RequestEntityTooLargeException} for a longer body (refused from its
     *                             Content-Length before a byte is read, or as soon as it passes the limit), and
     *                             {@code SerializationException} for a body that ends before its Content-Length
     */
    byte[] readBody(long maxBytes);

    /** This request as SigV4 sees it, its body read (up to {@code maxBytes}) only when the verifier asks for it. */
    default SignableRequest signable(long maxBytes) {
        ApiRequest request = this;
        return new SignableRequest() {
            @Override
            public String method() {
                return request.method();
            }

            @Override
            public String rawPath() {
                return request.rawPath();
            }

            @Override
            public String rawQuery() {
                return request.rawQuery();
            }

            @Override
            public List<String> headerValues(String name) {
                return request.headerValues(name);
            }

            @Override
            public byte[] body() {
                return request.readBody(maxBytes);
            }
        };
    }
}
