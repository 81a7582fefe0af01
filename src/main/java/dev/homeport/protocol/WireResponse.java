package dev.homeport.protocol;

import java.util.Map;

/** A rendered response, ready for the HTTP layer to send unchanged. */
public record WireResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
}
