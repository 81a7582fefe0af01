package dev.homeport.logs;

import dev.homeport.logs.LogStore.Group;
import dev.homeport.logs.LogsShapes.ListTagsForResourceRequest;
import dev.homeport.logs.LogsShapes.ListTagsForResourceResponse;
import dev.homeport.logs.LogsShapes.ListTagsLogGroupRequest;
import dev.homeport.logs.LogsShapes.ListTagsLogGroupResponse;
import dev.homeport.logs.LogsShapes.TagLogGroupRequest;
import dev.homeport.logs.LogsShapes.TagResourceRequest;
import dev.homeport.logs.LogsShapes.UntagLogGroupRequest;
import dev.homeport.logs.LogsShapes.UntagResourceRequest;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.util.Map;

/**
 * Log group tags, through both generations of the API: TagLogGroup / UntagLogGroup /
 * ListTagsLogGroup (by name, deprecated but what older tools call) and TagResource / UntagResource /
 * ListTagsForResource (by the group's ARN, without the trailing {@code :*}).
 */
final class LogsTagOperations {
    private final LogsService service;
    private final LogStore store;

    LogsTagOperations(LogsService service) {
        this.service = service;
        this.store = service.store();
    }

    void register(OperationRegistry registry) {
        registry.add("TagLogGroup", TagLogGroupRequest.class,
                LogsAccess.onTaggedGroup("TagLogGroup", TagLogGroupRequest::logGroupName, TagLogGroupRequest::tags,
                        in -> null),
                this::tagLogGroup);
        registry.add("UntagLogGroup", UntagLogGroupRequest.class,
                LogsAccess.onTaggedGroup("UntagLogGroup", UntagLogGroupRequest::logGroupName, in -> null,
                        UntagLogGroupRequest::tags),
                this::untagLogGroup);
        registry.add("ListTagsLogGroup", ListTagsLogGroupRequest.class,
                LogsAccess.onGroup("ListTagsLogGroup", ListTagsLogGroupRequest::logGroupName),
                this::listTagsLogGroup);
        registry.add("TagResource", TagResourceRequest.class,
                LogsAccess.onTaggedGroup("TagResource", TagResourceRequest::resourceArn, TagResourceRequest::tags,
                        in -> null),
                this::tagResource);
        registry.add("UntagResource", UntagResourceRequest.class,
                LogsAccess.onTaggedGroup("UntagResource", UntagResourceRequest::resourceArn, in -> null,
                        UntagResourceRequest::tagKeys),
                this::untagResource);
        registry.add("ListTagsForResource", ListTagsForResourceRequest.class,
                LogsAccess.onGroup("ListTagsForResource", ListTagsForResourceRequest::resourceArn),
                this::listTagsForResource);
    }

    Void tagLogGroup(RequestContext ctx, TagLogGroupRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        LogsInputs.tags("tags", in.tags(), true);
        tag(service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName()), in.tags());
        return null;
    }

    Void untagLogGroup(RequestContext ctx, UntagLogGroupRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        LogsInputs.check(Validation.of().notNull("tags", in.tags()).size("tags", in.tags(), 1, Integer.MAX_VALUE));
        store.untag(service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName()).id(), in.tags());
        return null;
    }

    ListTagsLogGroupResponse listTagsLogGroup(RequestContext ctx, ListTagsLogGroupRequest in) {
        LogsInputs.groupName("logGroupName", in.logGroupName(), true);
        return new ListTagsLogGroupResponse(
                store.tags(service.requireGroup(ctx.accountId(), ctx.region(), in.logGroupName()).id()));
    }

    Void tagResource(RequestContext ctx, TagResourceRequest in) {
        LogsInputs.tags("tags", in.tags(), true);
        tag(byArn(ctx, in.resourceArn()), in.tags());
        return null;
    }

    Void untagResource(RequestContext ctx, UntagResourceRequest in) {
        LogsInputs.check(Validation.of().notNull("tagKeys", in.tagKeys()).size("tagKeys", in.tagKeys(), 0, 50));
        store.untag(byArn(ctx, in.resourceArn()).id(), in.tagKeys());
        return null;
    }

    ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest in) {
        return new ListTagsForResourceResponse(store.tags(byArn(ctx, in.resourceArn()).id()));
    }

    private void tag(Group g, Map<String, String> tags) {
        store.tag(g.id(), tags, LogsInputs.MAX_TAGS, LogsErrors.tooManyTags());
    }

    private Group byArn(RequestContext ctx, String arn) {
        LogsInputs.check(Validation.of().notNull("resourceArn", arn).length("resourceArn", arn, 1, 1011));
        if (!arn.startsWith("arn:") || arn.endsWith(":*")) {
            throw LogsErrors.invalidArn(arn);
        }
        String name = LogsService.groupNameFromArn(arn, ctx.accountId(), ctx.region())
                .orElseThrow(LogsErrors::groupNotFound);
        return service.requireGroup(ctx.accountId(), ctx.region(), name);
    }

}
