package dev.homeport.ecs;

import dev.homeport.ecs.model.ServiceStatus;
import dev.homeport.ecs.model.Tag;
import dev.homeport.ecs.model.TagApi.ListTagsForResourceRequest;
import dev.homeport.ecs.model.TagApi.ListTagsForResourceResponse;
import dev.homeport.ecs.model.TagApi.TagResourceRequest;
import dev.homeport.ecs.model.TagApi.UntagResourceRequest;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource, ListTagsForResource on clusters, task definitions, tasks and services. */
public final class EcsTagOperations {
    private static final int MAX_TAGS = 50;

    private final EcsRepository repository;
    private final ServiceStore services;

    public EcsTagOperations(EcsRepository repository, ServiceStore services) {
        this.repository = repository;
        this.services = services;
    }

    void register(OperationRegistry registry) {
        registry.add("TagResource", TagResourceRequest.class,
                EcsAccess.onTagged("TagResource", TagResourceRequest::resourceArn, TagResourceRequest::tags, in -> null),
                this::tagResource);
        registry.add("UntagResource", UntagResourceRequest.class,
                EcsAccess.onTagged("UntagResource", UntagResourceRequest::resourceArn, in -> null,
                        UntagResourceRequest::tagKeys),
                this::untagResource);
        registry.add("ListTagsForResource", ListTagsForResourceRequest.class,
                EcsAccess.onTagged("ListTagsForResource", ListTagsForResourceRequest::resourceArn, in -> null,
                        in -> null),
                this::listTagsForResource);
    }

    Object tagResource(RequestContext ctx, TagResourceRequest in) {
        Validation.of().notNull("resourceArn", in.resourceArn()).notNull("tags", in.tags()).check();
        String arn = requireResource(ctx, in.resourceArn());
        Map<String, String> add = validate(in.tags());
        Map<String, String> merged = new LinkedHashMap<>(repository.tags(arn));
        merged.putAll(add);
        if (merged.size() > MAX_TAGS) {
            throw EcsErrors.tooManyTags();
        }
        repository.tag(arn, add);
        return null;
    }

    Object untagResource(RequestContext ctx, UntagResourceRequest in) {
        Validation.of().notNull("resourceArn", in.resourceArn()).notNull("tagKeys", in.tagKeys()).check();
        String arn = requireResource(ctx, in.resourceArn());
        repository.untag(arn, in.tagKeys());
        return null;
    }

    ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest in) {
        Validation.of().notNull("resourceArn", in.resourceArn()).check();
        return new ListTagsForResourceResponse(tagList(requireResource(ctx, in.resourceArn())));
    }

    /** The resource's tags as ECS lists them. */
    List<Tag> tagList(String arn) {
        List<Tag> out = new ArrayList<>();
        repository.tags(arn).forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }

    /** Tags of a create/register/run request, checked as ECS checks them; never null. */
    static Map<String, String> validate(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null) {
            return out;
        }
        if (tags.size() > MAX_TAGS) {
            throw EcsErrors.tooManyTags();
        }
        Validation v = Validation.of();
        for (int i = 0; i < tags.size(); i++) {
            Tag t = tags.get(i);
            v.notNull("tags." + (i + 1) + ".member.key", t.key())
                    .length("tags." + (i + 1) + ".member.key", t.key(), 1, 128)
                    .length("tags." + (i + 1) + ".member.value", t.value(), 0, 256);
            if (t.key() != null && t.key().regionMatches(true, 0, "aws:", 0, 4)) {
                throw EcsErrors.reservedTagPrefix();
            }
        }
        v.check();
        for (Tag t : tags) {
            out.put(t.key(), t.value() == null ? "" : t.value());
        }
        return out;
    }

    /** The ARN if it names an existing cluster, task definition or task of the caller's account and region. */
    private String requireResource(RequestContext ctx, String arn) {
        EcsArns.Parsed p = EcsArns.parse(arn);
        if (p == null || !p.region().equals(ctx.region()) || !p.account().equals(ctx.accountId())) {
            throw EcsErrors.invalidArn();
        }
        switch (p.type()) {
            case "cluster" -> {
                if (repository.cluster(arn).filter(c -> "ACTIVE".equals(c.status())).isEmpty()) {
                    throw EcsErrors.clusterNotFound();
                }
            }
            case "task-definition" -> {
                if (repository.taskDefinition(arn).isEmpty()) {
                    throw EcsErrors.taskDefinitionDoesNotExist();
                }
            }
            case "task" -> {
                if (repository.task(arn).isEmpty()) {
                    throw EcsErrors.taskNotFound();
                }
            }
            case "service" -> {
                if (services.service(arn).filter(s -> s.service().status() != ServiceStatus.INACTIVE).isEmpty()) {
                    throw EcsErrors.serviceNotFound();
                }
            }
            default -> throw EcsErrors.invalidArn();
        }
        return arn;
    }
}
