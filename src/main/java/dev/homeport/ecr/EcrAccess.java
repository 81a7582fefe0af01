package dev.homeport.ecr;

import dev.homeport.protocol.Access;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.RequestContext;

import java.util.List;
import java.util.function.Function;

/**
 * The permissions of ECR's operations (<i>Service Authorization Reference</i>, Amazon Elastic Container Registry):
 * {@code ecr:<Operation>} on the repository, {@code arn:aws:ecr:<region>:<registry id>:repository/<name>}, where the
 * registry id is the request's {@code registryId} (another account's registry) or the caller's account;
 * GetAuthorizationToken on {@code *}. The registry's requests (docker push and pull) are authorized with the same
 * actions as the API calls they stand for.
 */
public final class EcrAccess {
    private EcrAccess() {
    }

    /**
     * An action on the repository a request names, with the repository's policy (SetRepositoryPolicy), which IAM
     * evaluates with the caller's identity policies: it can grant another account, or a principal of this one.
     */
    static <I> AccessRule<I> onRepository(EcrStore store, String operation, Function<I, String> registryId,
                                          Function<I, String> name) {
        return (ctx, in) -> {
            String registry = registry(ctx, registryId.apply(in));
            String repository = name.apply(in);
            return List.of(access(store, "ecr:" + operation, ctx.region(), registry, repository));
        };
    }

    /** An action on a repository, with its policy when it exists. */
    public static Access access(EcrStore store, String action, String region, String registryId, String name) {
        String arn = repositoryArn(region, registryId, name);
        String policy = name == null ? null : store.findRepository(registryId, region, name)
                .map(EcrStore.Repository::policy).orElse(null);
        return new Access(action, arn, policy, java.util.Map.of(), java.util.Map.of(), false);
    }

    /** An action on a repository named by ARN (the tagging operations). */
    static <I> AccessRule<I> onArn(String operation, Function<I, String> arn) {
        return onArn(operation, arn, in -> java.util.Map.of());
    }

    /** {@link #onArn(String, Function)} with the condition keys the input sets (TagResource's tags, UntagResource's keys). */
    static <I> AccessRule<I> onArn(String operation, Function<I, String> arn,
                                   Function<I, java.util.Map<String, List<String>>> keys) {
        return (ctx, in) -> List.of(Access.to("ecr:" + operation, arn.apply(in) == null ? "" : arn.apply(in))
                .withConditionKeys(keys.apply(in)));
    }

    /** ECR's rule for a repository name (2 to 256 characters of its pattern), for the registry's paths too. */
    public static boolean validRepositoryName(String name) {
        return name != null && name.length() >= 2 && name.length() <= 256
                && RepositoryOperations.NAME.matcher(name).matches();
    }

    public static String repositoryArn(String region, String registryId, String name) {
        return "arn:aws:ecr:" + region + ":" + registryId + ":repository/" + (name == null ? "" : name);
    }

    /**
     * The tags of the repository an ARN names ({@code arn:aws:ecr:<region>:<account>:repository/<name>}), for
     * {@code aws:ResourceTag} and {@code ecr:ResourceTag} conditions; empty when there is none.
     */
    public static java.util.Map<String, String> repositoryTags(EcrStore store, String arn) {
        return dev.homeport.common.Arn.parse(arn).filter(a -> a.resource().startsWith("repository/"))
                .flatMap(a -> store.findRepository(a.account(), a.region(), a.resource().substring("repository/".length())))
                .map(r -> store.repositoryTags(r.id())).orElse(java.util.Map.of());
    }

    static String registry(RequestContext ctx, String registryId) {
        return registryId == null ? ctx.accountId() : registryId;
    }
}
