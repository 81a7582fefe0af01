package dev.homeport.secretsmanager;

import dev.homeport.common.PageTokens;

import java.util.List;

/** One page of an in-memory result, with the token for the next one. */
record Page<T>(List<T> items, String nextToken) {
    /**
     * The token carries the offset of the next item. Listing order is stable (ties broken by ARN), so
     * a page boundary only shifts when secrets are created or deleted between calls, as on AWS.
     */
    static <T> Page<T> of(List<T> all, int size, String token) {
        int from = 0;
        if (token != null) {
            from = PageTokens.decode(token).flatMap(Page::parseOffset)
                    .orElseThrow(SecretsManagerErrors::invalidNextToken);
        }
        if (from > all.size()) {
            throw SecretsManagerErrors.invalidNextToken();
        }
        int to = Math.min(all.size(), from + size);
        return new Page<>(all.subList(from, to), to < all.size() ? PageTokens.encode(Integer.toString(to)) : null);
    }

    private static java.util.Optional<Integer> parseOffset(String s) {
        try {
            int n = Integer.parseInt(s);
            return n >= 0 ? java.util.Optional.of(n) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
