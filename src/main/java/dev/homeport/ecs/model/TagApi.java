package dev.homeport.ecs.model;

import java.util.List;

/** Wire shapes of the tagging operations. */
public final class TagApi {
    private TagApi() {
    }

    public record TagResourceRequest(String resourceArn, List<Tag> tags) {
    }

    public record UntagResourceRequest(String resourceArn, List<String> tagKeys) {
    }

    public record ListTagsForResourceRequest(String resourceArn) {
    }

    public record ListTagsForResourceResponse(List<Tag> tags) {
    }
}
