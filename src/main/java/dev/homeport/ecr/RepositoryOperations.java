package dev.homeport.ecr;

import dev.homeport.common.PageTokens;
import dev.homeport.ecr.EcrShapes.CreateRepositoryRequest;
import dev.homeport.ecr.EcrShapes.DeleteRepositoryRequest;
import dev.homeport.ecr.EcrShapes.DescribeRepositoriesRequest;
import dev.homeport.ecr.EcrShapes.DescribeRepositoriesResponse;
import dev.homeport.ecr.EcrShapes.PutImageTagMutabilityRequest;
import dev.homeport.ecr.EcrShapes.PutImageTagMutabilityResponse;
import dev.homeport.ecr.EcrShapes.RepositoryResponse;
import dev.homeport.ecr.EcrShapes.Tag;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability and the tagging operations.
 * A repository is an account's and region's, as on ECR; its URI is the registry's address in Homeport (see
 * {@link #uri}).
 */
final class RepositoryOperations {
    /** ECR's rule for repository names (the model's pattern, 2 to 256 characters). */
    static final Pattern NAME = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");
    /** As ECR words the rule in its error. */
    private static final String NAME_RULE = "must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*"
            + "[a-z0-9]+(?:[._-][a-z0-9]+)*'";
    private static final List<String> MUTABILITY = List.of("MUTABLE", "IMMUTABLE");

    private final EcrStore store;
    private final Supplier<String> registryHost;

    /** @param registryHost the registry's {@code host:port}, as a Docker engine on this machine reaches it */
    RepositoryOperations(EcrStore store, Supplier<String> registryHost) {
        this.store = store;
        this.registryHost = registryHost;
    }

    void register(OperationRegistry registry) {
        // "If tags are specified in the resource-creating action, AWS performs additional authorization ... to
        // verify if users have permissions to create tags" (ECR user guide): ecr:TagResource as well.
        registry.add("CreateRepository", CreateRepositoryRequest.class, (ctx, in) -> Access.creating(Access.to(
                        "ecr:CreateRepository", EcrAccess.repositoryArn(ctx.region(),
                                EcrAccess.registry(ctx, in.registryId()), in.repositoryName()))
                .withConditionKeys(Access.requestTags(in.tags(), Tag::key, Tag::value)), "ecr:TagResource"),
                this::createRepository);
        registry.add("DescribeRepositories", DescribeRepositoriesRequest.class, (ctx, in) -> {
            String registryId = EcrAccess.registry(ctx, in.registryId());
            if (in.repositoryNames() == null || in.repositoryNames().isEmpty()) {
                return List.of(Access.to("ecr:DescribeRepositories",
                        EcrAccess.repositoryArn(ctx.region(), registryId, "*")));
            }
            return in.repositoryNames().stream().map(n -> Access.to("ecr:DescribeRepositories",
                    EcrAccess.repositoryArn(ctx.region(), registryId, n))).toList();
        }, this::describeRepositories);
        registry.add("DeleteRepository", DeleteRepositoryRequest.class,
                EcrAccess.onRepository(store, "DeleteRepository", DeleteRepositoryRequest::registryId,
                        DeleteRepositoryRequest::repositoryName),
                this::deleteRepository);
        registry.add("PutImageTagMutability", PutImageTagMutabilityRequest.class,
                EcrAccess.onRepository(store, "PutImageTagMutability", PutImageTagMutabilityRequest::registryId,
                        PutImageTagMutabilityRequest::repositoryName),
                this::putImageTagMutability);
        registry.add("SetRepositoryPolicy", EcrShapes.SetRepositoryPolicyRequest.class,
                EcrAccess.onRepository(store, "SetRepositoryPolicy", EcrShapes.SetRepositoryPolicyRequest::registryId,
                        EcrShapes.SetRepositoryPolicyRequest::repositoryName),
                this::setRepositoryPolicy);
        registry.add("GetRepositoryPolicy", EcrShapes.RepositoryPolicyRequest.class,
                EcrAccess.onRepository(store, "GetRepositoryPolicy", EcrShapes.RepositoryPolicyRequest::registryId,
                        EcrShapes.RepositoryPolicyRequest::repositoryName),
                this::getRepositoryPolicy);
        registry.add("DeleteRepositoryPolicy", EcrShapes.RepositoryPolicyRequest.class,
                EcrAccess.onRepository(store, "DeleteRepositoryPolicy", EcrShapes.RepositoryPolicyRequest::registryId,
                        EcrShapes.RepositoryPolicyRequest::repositoryName),
                this::deleteRepositoryPolicy);
        registry.add("TagResource", EcrShapes.TagResourceRequest.class,
                EcrAccess.onArn("TagResource", EcrShapes.TagResourceRequest::resourceArn,
                        in -> Access.requestTags(in.tags(), Tag::key, Tag::value)),
                this::tagResource);
        registry.add("UntagResource", EcrShapes.UntagResourceRequest.class,
                EcrAccess.onArn("UntagResource", EcrShapes.UntagResourceRequest::resourceArn,
                        in -> Map.of("aws:TagKeys", in.tagKeys() == null ? List.of() : List.copyOf(in.tagKeys()))),
                this::untagResource);
        registry.add("ListTagsForResource", EcrShapes.ListTagsForResourceRequest.class,
                EcrAccess.onArn("ListTagsForResource", EcrShapes.ListTagsForResourceRequest::resourceArn),
                this::listTagsForResource);
    }

    RepositoryResponse createRepository(RequestContext ctx, CreateRepositoryRequest in) {
        String registryId = EcrAccess.registry(ctx, in.registryId());
        checkName(in.repositoryName());
        String mutability = in.imageTagMutability() == null ? "MUTABLE" : in.imageTagMutability();
        if (!MUTABILITY.contains(mutability)) {
            throw EcrErrors.invalidParameter("imageTagMutability", "must be one of " + MUTABILITY);
        }
        Map<String, String> tags = tags(in.tags());
        String encryption = in.encryptionConfiguration() == null || in.encryptionConfiguration().encryptionType() == null
                ? "AES256" : in.encryptionConfiguration().encryptionType();
        if (!List.of("AES256", "KMS", "KMS_DSSE").contains(encryption)) {
            throw EcrErrors.invalidParameter("encryptionConfiguration.encryptionType",
                    "must be one of [AES256, KMS, KMS_DSSE]");
        }
        boolean scanOnPush = in.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(in.imageScanningConfiguration().scanOnPush());
        EcrStore.Repository r = store.createRepository(registryId, ctx.region(), in.repositoryName(),
                        ctx.receivedAt().toEpochMilli(), mutability, scanOnPush, encryption,
                        in.encryptionConfiguration() == null ? null : in.encryptionConfiguration().kmsKey(), tags)
                .orElseThrow(() -> EcrErrors.repositoryExists(in.repositoryName(), registryId));
        return new RepositoryResponse(view(r));
    }

    DescribeRepositoriesResponse describeRepositories(RequestContext ctx, DescribeRepositoriesRequest in) {
        String registryId = EcrAccess.registry(ctx, in.registryId());
        if (in.maxResults() != null && (in.maxResults() < 1 || in.maxResults() > 1000)) {
            throw EcrErrors.invalidParameter("maxResults", "must be between 1 and 1000");
        }
        if (in.repositoryNames() != null && in.maxResults() != null) {
            throw EcrErrors.invalidParameter("Invalid parameter: maxResults and repositoryNames can not be "
                    + "provided together");
        }
        List<EcrStore.Repository> all = store.listRepositories(registryId, ctx.region());
        if (in.repositoryNames() != null) {
            List<EcrShapes.Repository> out = new ArrayList<>();
            for (String name : in.repositoryNames()) {
                checkName(name);
                EcrStore.Repository r = all.stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> EcrErrors.repositoryNotFound(name, registryId));
                out.add(view(r));
            }
            return new DescribeRepositoriesResponse(out, null);
        }
        String after = in.nextToken() == null ? null : PageTokens.decode(in.nextToken())
                .orElseThrow(() -> EcrErrors.invalidParameter("Invalid parameter at 'nextToken' failed to satisfy "
                        + "constraint: 'must be a valid token'"));
        int limit = in.maxResults() == null ? 100 : in.maxResults();
        List<EcrShapes.Repository> page = new ArrayList<>();
        String next = null;
        for (EcrStore.Repository r : all) {
            if (after != null && r.name().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                next = PageTokens.encode(page.getLast().repositoryName());
                break;
            }
            page.add(view(r));
        }
        return new DescribeRepositoriesResponse(page, next);
    }

    RepositoryResponse deleteRepository(RequestContext ctx, DeleteRepositoryRequest in) {
        String registryId = EcrAccess.registry(ctx, in.registryId());
        checkName(in.repositoryName());
        EcrStore.Repository r = require(registryId, ctx.region(), in.repositoryName());
        if (!Boolean.TRUE.equals(in.force()) && !store.images(r.id()).isEmpty()) {
            throw EcrErrors.repositoryNotEmpty(r.name(), registryId);
        }
        store.deleteRepository(r.id());
        return new RepositoryResponse(view(r));
    }

    PutImageTagMutabilityResponse putImageTagMutability(RequestContext ctx, PutImageTagMutabilityRequest in) {
        String registryId = EcrAccess.registry(ctx, in.registryId());
        checkName(in.repositoryName());
        if (in.imageTagMutability() == null || !MUTABILITY.contains(in.imageTagMutability())) {
            throw EcrErrors.invalidParameter("imageTagMutability", "must be one of " + MUTABILITY);
        }
        EcrStore.Repository r = require(registryId, ctx.region(), in.repositoryName());
        store.setTagMutability(r.id(), in.imageTagMutability());
        return new PutImageTagMutabilityResponse(registryId, r.name(), in.imageTagMutability());
    }

    EcrShapes.RepositoryPolicyResponse setRepositoryPolicy(RequestContext ctx,
                                                           EcrShapes.SetRepositoryPolicyRequest in) {
        String registryId = EcrAccess.registry(ctx, in.registryId());
        checkName(in.repositoryName());
        if (in.policyText() == null || in.policyText().isEmpty() || in.policyText().length() > 10240) {
            throw EcrErrors.invalidParameter("policyText", "must be between 0 and 10240 characters long");
        }
        try {
            dev.homeport.iam.policy.Policy.parse(in.policyText(), dev.homeport.iam.policy.Policy.Kind.RESOURCE);
        } catch (dev.homeport.iam.policy.MalformedPolicyException e) {
            throw EcrErrors.invalidParameter("Invalid parameter at 'PolicyText' failed to satisfy constraint: "
                    + "'Invalid repository policy provided'");
        }
        EcrStore.Repository r = require(registryId, ctx.region(), in.repositoryName());
        store.setPolicy(r.id(), in.policyText());
        return new EcrShapes.RepositoryPolicyResponse(registryId, r.name(), in.policyText());
    }

    EcrShapes.RepositoryPolicyResponse getRepositoryPolicy(RequestContext ctx, EcrShapes.RepositoryPolicyRequest in) {
        String registryId = EcrAccess.registry(ctx, in.registryId());
        checkName(in.repositoryName());
        EcrStore.Repository r = require(registryId, ctx.region(), in.repositoryName());
        if (r.policy() == null) {
            throw EcrErrors.policyNotFound(r.name(), registryId);
        }
        return new EcrShapes.RepositoryPolicyResponse(registryId, r.name(), r.policy());
    }

    EcrShapes.RepositoryPolicyResponse deleteRepositoryPolicy(RequestContext ctx,
                                                              EcrShapes.RepositoryPolicyRequest in) {
        EcrShapes.RepositoryPolicyResponse current = getRepositoryPolicy(ctx, in);
        store.setPolicy(require(current.registryId(), ctx.region(), current.repositoryName()).id(), null);
        return current;
    }

    EcrShapes.Empty tagResource(RequestContext ctx, EcrShapes.TagResourceRequest in) {
        EcrStore.Repository r = byArn(ctx, in.resourceArn());
        Map<String, String> tags = tags(in.tags());
        Map<String, String> merged = new LinkedHashMap<>(store.repositoryTags(r.id()));
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw EcrErrors.tooManyTags();
        }
        store.tagRepository(r.id(), tags);
        return new EcrShapes.Empty();
    }

    EcrShapes.Empty untagResource(RequestContext ctx, EcrShapes.UntagResourceRequest in) {
        EcrStore.Repository r = byArn(ctx, in.resourceArn());
        store.untagRepository(r.id(), in.tagKeys() == null ? List.of() : in.tagKeys());
        return new EcrShapes.Empty();
    }

    EcrShapes.ListTagsForResourceResponse listTagsForResource(RequestContext ctx,
                                                              EcrShapes.ListTagsForResourceRequest in) {
        EcrStore.Repository r = byArn(ctx, in.resourceArn());
        return new EcrShapes.ListTagsForResourceResponse(store.repositoryTags(r.id()).entrySet().stream()
                .map(e -> new Tag(e.getKey(), e.getValue())).toList());
    }

    /**
     * The repository an ARN names ({@code arn:aws:ecr:<region>:<registry>:repository/<name>}): authorization let the
     * caller through for that ARN, so it is looked up where it says, and is not found when it isn't there.
     */
    private EcrStore.Repository byArn(RequestContext ctx, String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("ecr")
                || !parts[5].startsWith("repository/")) {
            throw EcrErrors.invalidParameter("Invalid parameter at 'resourceArn' failed to satisfy constraint: "
                    + "'Invalid ARN'");
        }
        String name = parts[5].substring("repository/".length());
        return store.findRepository(parts[4], parts[3], name)
                .orElseThrow(() -> EcrErrors.repositoryNotFound(name, parts[4]));
    }

    EcrStore.Repository require(String registryId, String region, String name) {
        return store.findRepository(registryId, region, name)
                .orElseThrow(() -> EcrErrors.repositoryNotFound(name, registryId));
    }

    EcrShapes.Repository view(EcrStore.Repository r) {
        return new EcrShapes.Repository(EcrAccess.repositoryArn(r.region(), r.account(), r.name()), r.account(),
                r.name(), uri(r), Instant.ofEpochMilli(r.createdAt()), r.tagMutability(),
                new EcrShapes.ImageScanningConfiguration(r.scanOnPush()),
                new EcrShapes.EncryptionConfiguration(r.encryptionType(), r.kmsKey()));
    }

    /**
     * {@code localhost:<port>/<account>/<name>}: an address a Docker engine on this machine pushes to over plain HTTP
     * with no configuration (it treats registries on loopback as insecure ones). ECR's own form,
     * {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}, would need TLS and name resolution set up, so the
     * account moves from the host into the path, where another account that the repository's policy grants pulls
     * it by the same URI; the region is the login token's.
     */
    String uri(EcrStore.Repository r) {
        return registryHost.get() + "/" + r.account() + "/" + r.name();
    }

    static void checkName(String name) {
        if (name == null) {
            throw EcrErrors.invalidParameter("repositoryName", "must not be null");
        }
        if (!EcrAccess.validRepositoryName(name)) {
            throw EcrErrors.invalidParameter("repositoryName", NAME_RULE);
        }
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null) {
            return out;
        }
        if (tags.size() > 50) {
            throw EcrErrors.tooManyTags();
        }
        for (Tag t : tags) {
            if (t == null || t.key() == null || t.key().isEmpty() || t.key().length() > 128) {
                throw EcrErrors.invalidTag("Invalid parameter at 'tags' failed to satisfy constraint: "
                        + "'Tag keys must be between 1 and 128 characters long'");
            }
            if (t.value() == null || t.value().length() > 256) {
                throw EcrErrors.invalidTag("Invalid parameter at 'tags' failed to satisfy constraint: "
                        + "'Tag values must be between 0 and 256 characters long'");
            }
            out.put(t.key(), t.value());
        }
        return out;
    }
}
