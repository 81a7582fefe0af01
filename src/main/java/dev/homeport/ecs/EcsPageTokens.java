package dev.homeport.ecs;

/** ECS's use of the shared opaque tokens ({@link dev.homeport.common.PageTokens}) and its page-size rule. */
final class EcsPageTokens {
    private EcsPageTokens() {
    }

    static String encode(String position) {
        return dev.homeport.common.PageTokens.encode(position);
    }

    /** The position in {@code token}, or null when there is no token; InvalidParameterException when forged. */
    static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        return dev.homeport.common.PageTokens.decode(token).orElseThrow(EcsErrors::invalidNextToken);
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
