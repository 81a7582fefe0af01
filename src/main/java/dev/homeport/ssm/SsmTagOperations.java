package dev.homeport.ssm;

import dev.homeport.protocol.Access;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.ssm.SsmShapes.AddTagsToResourceRequest;
import dev.homeport.ssm.SsmShapes.Empty;
import dev.homeport.ssm.SsmShapes.ListTagsForResourceRequest;
import dev.homeport.ssm.SsmShapes.ListTagsForResourceResult;
import dev.homeport.ssm.SsmShapes.RemoveTagsFromResourceRequest;
import dev.homeport.ssm.SsmShapes.Tag;

import java.util.List;
import java.util.Map;

/**
 * AddTagsToResource, RemoveTagsFromResource and ListTagsForResource for {@code ResourceType: Parameter} (the only
 * taggable SSM resource Homeport has); the resource id is the parameter's name (or ARN).
 */
final class SsmTagOperations {
    private static final List<String> RESOURCE_TYPES = List.of("Document", "ManagedInstance", "MaintenanceWindow",
            "Parameter", "PatchBaseline", "OpsItem", "OpsMetadata", "Automation", "Association");

    private final SsmStore store;

    SsmTagOperations(SsmStore store) {
        this.store = store;
    }

    void register(OperationRegistry registry) {
        registry.add("AddTagsToResource", AddTagsToResourceRequest.class, (ctx, in) -> List.of(SsmAccess.access(
                        store, ctx, "ssm:AddTagsToResource", in.resourceId(),
                        Access.requestTags(in.tags(), Tag::key, Tag::value))), this::addTagsToResource);
        registry.add("RemoveTagsFromResource", RemoveTagsFromResourceRequest.class,
                (ctx, in) -> List.of(SsmAccess.access(store, ctx, "ssm:RemoveTagsFromResource", in.resourceId(),
                        Map.of("aws:TagKeys", in.tagKeys() == null ? List.of() : List.copyOf(in.tagKeys())))),
                this::removeTagsFromResource);
        registry.add("ListTagsForResource", ListTagsForResourceRequest.class,
                SsmAccess.onParameter(store, "ListTagsForResource", ListTagsForResourceRequest::resourceId),
                this::listTagsForResource);
    }

    /** The parameter a tagging request names: its type must be Parameter and the parameter must exist. */
    private String parameter(RequestContext ctx, String type, String id) {
        Validation.of().notNull("resourceType", type).notNull("resourceId", id)
                .oneOf("resourceType", type, RESOURCE_TYPES).check();
        if (!type.equals("Parameter")) {
            throw SsmErrors.invalidResourceType();
        }
        ParameterReference ref = ParameterReference.parse(id);
        if (ref.selector() == null && ref.isIn(ctx.accountId(), ctx.region())) {
            if (store.exists(ctx.accountId(), ctx.region(), ref.name())) {
                return ref.name();
            }
            if (store.exists(ctx.accountId(), ctx.region(), ref.withoutSlash())) {
                return ref.withoutSlash();
            }
        }
        throw SsmErrors.invalidResourceId();
    }

    Empty addTagsToResource(RequestContext ctx, AddTagsToResourceRequest in) {
        Validation.of().notNull("tags", in.tags()).size("tags", in.tags(), 0, 1000).check();
        Map<String, String> tags = ParameterOperations.tags(in.tags());
        String name = parameter(ctx, in.resourceType(), in.resourceId());
        if (!store.addTags(ctx.accountId(), ctx.region(), name, tags, ParameterOperations.MAX_TAGS)) {
            if (!store.exists(ctx.accountId(), ctx.region(), name)) {
                throw SsmErrors.invalidResourceId();
            }
            throw SsmErrors.tooManyTags();
        }
        return new Empty();
    }

    Empty removeTagsFromResource(RequestContext ctx, RemoveTagsFromResourceRequest in) {
        Validation.of().notNull("tagKeys", in.tagKeys()).check();
        String name = parameter(ctx, in.resourceType(), in.resourceId());
        if (!store.removeTags(ctx.accountId(), ctx.region(), name, in.tagKeys())) {
            throw SsmErrors.invalidResourceId();
        }
        return new Empty();
    }

    ListTagsForResourceResult listTagsForResource(RequestContext ctx, ListTagsForResourceRequest in) {
        String name = parameter(ctx, in.resourceType(), in.resourceId());
        List<Tag> tags = store.tags(ctx.accountId(), ctx.region(), name).entrySet().stream()
                .map(e -> new Tag(e.getKey(), e.getValue())).toList();
        return new ListTagsForResourceResult(tags);
    }
}
