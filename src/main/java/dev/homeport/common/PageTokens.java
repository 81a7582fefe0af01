package dev.homeport.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque pagination tokens. A token encodes the position after the last item returned, so a page
 * stays correct when items are added or removed between calls; callers can't tell what is inside.
 */
public final class PageTokens {
    private PageTokens() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1|" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position, or empty when the token was not made by {@link #encode}. */
    public static Optional<String> decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            return text.startsWith("v1|") ? Optional.of(text.substring(3)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
