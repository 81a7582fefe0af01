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

    /** An action on the repository a request names. */
    static <I> AccessRule<I> onRepository(String operation, Function<I, String> registryId, Function<I, String> name) {
        return (ctx, in) -> List.of(Access.to("ecr:" + operation,
                repositoryArn(ctx.region(), registry(ctx, registryId.apply(in)), name.apply(in))));
    }

    /** An action on a repository named by ARN (the tagging operations). */
    static <I> AccessRule<I> onArn(String operation, Function<I, String> arn) {
        return (ctx, in) -> List.of(Access.to("ecr:" + operation, arn.apply(in) == null ? "" : arn.apply(in)));
    }

    public static String repositoryArn(String region, String registryId, String name) {
        return "arn:aws:ecr:" + region + ":" + registryId + ":repository/" + (name == null ? "" : name);
    }

    static String registry(RequestContext ctx, String registryId) {
        return registryId == null ? ctx.accountId() : registryId;
    }
}
