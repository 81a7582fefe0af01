package dev.homeport.ecs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque nextToken values: the position after which the next page starts, base64url-encoded. */
final class PageTokens {
    private static final String VERSION = "v1:";

    private PageTokens() {
    }

    static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position in {@code token}, or null when there is no token; InvalidParameterException when forged. */
    static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!s.startsWith(VERSION)) {
                throw EcsErrors.invalidNextToken();
            }
            return s.substring(VERSION.length());
        } catch (IllegalArgumentException e) {
            throw EcsErrors.invalidNextToken();
        }
    }

    static int pageSize(Integer maxResults, int defaultSize) {
        if (maxResults == null) {
            return defaultSize;
        }
        if (maxResults < 1 || maxResults > 100) {
            throw EcsErrors.maxResultsOutOfRange();
        }
        return maxResults;
    }
}
