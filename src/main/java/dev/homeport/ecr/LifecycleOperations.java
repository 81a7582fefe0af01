package dev.homeport.ecr;

import dev.homeport.ecr.EcrShapes.GetPreviewRequest;
import dev.homeport.ecr.EcrShapes.GetPreviewResponse;
import dev.homeport.ecr.EcrShapes.LifecyclePolicyRequest;
import dev.homeport.ecr.EcrShapes.LifecyclePolicyResponse;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Put/Get/DeleteLifecyclePolicy, Start/GetLifecyclePolicyPreview, and the background job that applies every
 * repository's policy ({@link #applyAll}): what a policy expires is deleted as BatchDeleteImage deletes it, and its
 * blobs are then collected.
 */
final class LifecycleOperations {
    private final EcrStore store;
    private final RepositoryOperations repositories;
    private final Clock clock;
    /** Each repository's last preview (ECR keeps one per repository, for a while). */
    private final Map<Long, GetPreviewResponse> previews = new ConcurrentHashMap<>();

    LifecycleOperations(EcrStore store, RepositoryOperations repositories, Clock clock) {
        this.store = store;
        this.repositories = repositories;
        this.clock = clock;
    }

    void register(OperationRegistry registry) {
        registry.add("PutLifecyclePolicy", LifecyclePolicyRequest.class, EcrAccess.onRepository(store,
                "PutLifecyclePolicy", LifecyclePolicyRequest::registryId, LifecyclePolicyRequest::repositoryName),
                this::putLifecyclePolicy);
        registry.add("GetLifecyclePolicy", LifecyclePolicyRequest.class, EcrAccess.onRepository(store,
                "GetLifecyclePolicy", LifecyclePolicyRequest::registryId, LifecyclePolicyRequest::repositoryName),
                this::getLifecyclePolicy);
        registry.add("DeleteLifecyclePolicy", LifecyclePolicyRequest.class, EcrAccess.onRepository(store,
                "DeleteLifecyclePolicy", LifecyclePolicyRequest::registryId, LifecyclePolicyRequest::repositoryName),
                this::deleteLifecyclePolicy);
        registry.add("StartLifecyclePolicyPreview", LifecyclePolicyRequest.class, EcrAccess.onRepository(store,
                "StartLifecyclePolicyPreview", LifecyclePolicyRequest::registryId,
                LifecyclePolicyRequest::repositoryName), this::startLifecyclePolicyPreview);
        registry.add("GetLifecyclePolicyPreview", GetPreviewRequest.class, EcrAccess.onRepository(store,
                "GetLifecyclePolicyPreview", GetPreviewRequest::registryId, GetPreviewRequest::repositoryName),
                this::getLifecyclePolicyPreview);
    }

    LifecyclePolicyResponse putLifecyclePolicy(RequestContext ctx, LifecyclePolicyRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        check(in.lifecyclePolicyText());
        store.setLifecyclePolicy(r.id(), in.lifecyclePolicyText());
        return new LifecyclePolicyResponse(r.account(), r.name(), in.lifecyclePolicyText(), null);
    }

    LifecyclePolicyResponse getLifecyclePolicy(RequestContext ctx, LifecyclePolicyRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        if (r.lifecyclePolicy() == null) {
            throw EcrErrors.lifecyclePolicyNotFound(r.name(), r.account());
        }
        return new LifecyclePolicyResponse(r.account(), r.name(), r.lifecyclePolicy(),
                r.lifecycleEvaluatedAt() == null ? null : Instant.ofEpochMilli(r.lifecycleEvaluatedAt()));
    }

    LifecyclePolicyResponse deleteLifecyclePolicy(RequestContext ctx, LifecyclePolicyRequest in) {
        LifecyclePolicyResponse current = getLifecyclePolicy(ctx, in);
        store.setLifecyclePolicy(repository(ctx, in.registryId(), in.repositoryName()).id(), null);
        return current;
    }

    /** The preview is computed at once (ECR's takes a while): Get answers COMPLETE from then on. */
    EcrShapes.StartPreviewResponse startLifecyclePolicyPreview(RequestContext ctx, LifecyclePolicyRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        String text = in.lifecyclePolicyText() != null ? in.lifecyclePolicyText() : r.lifecyclePolicy();
        if (text == null) {
            throw EcrErrors.lifecyclePolicyNotFound(r.name(), r.account());
        }
        LifecyclePolicy policy = check(text);
        List<EcrShapes.PreviewResult> results = policy.evaluate(store.images(r.id()), clock.instant()).stream()
                .map(e -> new EcrShapes.PreviewResult(e.image().tags().isEmpty() ? null : e.image().tags(),
                        e.image().digest(), Instant.ofEpochMilli(e.image().pushedAt()), new EcrShapes.RuleAction("EXPIRE"),
                        e.rulePriority())).toList();
        previews.put(r.id(), new GetPreviewResponse(r.account(), r.name(), text, "COMPLETE", null, results,
                new EcrShapes.PreviewSummary(results.size())));
        return new EcrShapes.StartPreviewResponse(r.account(), r.name(), text, "IN_PROGRESS");
    }

    GetPreviewResponse getLifecyclePolicyPreview(RequestContext ctx, GetPreviewRequest in) {
        EcrStore.Repository r = repository(ctx, in.registryId(), in.repositoryName());
        GetPreviewResponse preview = previews.get(r.id());
        if (preview == null) {
            throw EcrErrors.previewNotFound(r.name(), r.account());
        }
        return preview;
    }

    /** Applies every repository's lifecycle policy now; returns how many images expired. */
    int applyAll() {
        int expired = 0;
        for (EcrStore.Repository r : store.withLifecyclePolicies()) {
            LifecyclePolicy policy;
            try {
                policy = LifecyclePolicy.parse(r.lifecyclePolicy());
            } catch (IllegalArgumentException e) {
                continue; // checked when it was put; never here
            }
            for (LifecyclePolicy.Expiry e : policy.evaluate(store.images(r.id()), clock.instant())) {
                if (store.deleteImage(r.id(), e.image().digest())) {
                    expired++;
                }
            }
            store.lifecycleEvaluated(r.id(), clock.millis());
        }
        return expired;
    }

    private EcrStore.Repository repository(RequestContext ctx, String registryId, String name) {
        RepositoryOperations.checkName(name);
        return repositories.require(EcrAccess.registry(ctx, registryId), ctx.region(), name);
    }

    private static LifecyclePolicy check(String text) {
        if (text == null || text.length() < 100 || text.length() > 30720) {
            throw EcrErrors.invalidParameter("lifecyclePolicyText", "must be between 100 and 30720 characters long");
        }
        try {
            return LifecyclePolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw EcrErrors.invalidLifecyclePolicy(e.getMessage());
        }
    }
}
