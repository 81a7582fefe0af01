package dev.homeport.protocol.sigv4;

import java.util.List;

/** The parts of an HTTP request that SigV4 signs; the HTTP layer adapts its request to this. */
public interface SignableRequest {
    String method();

    /** The path as sent, still percent-encoded. */
    String rawPath();

    /** The query string as sent (without '?'), still percent-encoded; empty when none. */
    String rawQuery();

    /** All values of a header, matched case-insensitively; empty when absent. */
    List<String> headerValues(String name);

    byte[] body();
}
