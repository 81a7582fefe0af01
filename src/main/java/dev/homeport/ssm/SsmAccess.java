package dev.homeport.ssm;

import dev.homeport.protocol.Access;
import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.RequestContext;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The permissions of Parameter Store's operations (<i>Service Authorization Reference</i>, AWS Systems Manager):
 * {@code ssm:<Operation>} on the parameter, {@code arn:aws:ssm:<region>:<account>:parameter/<name>} (the name without
 * its leading slash; GetParametersByPath on the path's ARN); DescribeParameters on {@code *}. A parameter is always
 * the caller's account's: Homeport does not share parameters across accounts. Condition keys: the parameter's
 * {@code aws:ResourceTag/<key>}, a request's {@code aws:RequestTag/<key>} and {@code aws:TagKeys}, and
 * {@code ssm:Overwrite} (PutParameter) and {@code ssm:Recursive} (GetParametersByPath).
 */
public final class SsmAccess {
    private SsmAccess() {
    }

    /** The parameter's ARN: a leading slash is not repeated after {@code parameter/}. */
    public static String arn(String region, String account, String name) {
        String n = name == null ? "" : name;
        return "arn:aws:ssm:" + region + ":" + account + ":parameter/" + (n.startsWith("/") ? n.substring(1) : n);
    }

    /** An action on the parameter a request names (a selector or an ARN included: only the name counts). */
    static <I> AccessRule<I> onParameter(SsmStore store, String operation, Function<I, String> name) {
        return (ctx, in) -> List.of(access(store, ctx, "ssm:" + operation, name.apply(in), Map.of()));
    }

    /** An action on each parameter a request names. */
    static <I> AccessRule<I> onParameters(SsmStore store, String operation, Function<I, List<String>> names) {
        return (ctx, in) -> {
            List<String> given = names.apply(in);
            if (given == null || given.isEmpty()) {
                return List.of(Access.to("ssm:" + operation, arn(ctx.region(), ctx.accountId(), "*")));
            }
            return given.stream().distinct().map(n -> access(store, ctx, "ssm:" + operation, n, Map.of())).toList();
        };
    }

    /**
     * An action on the parameter a reference names, with its tags for {@code aws:ResourceTag/<key>} (a parameter of
     * the caller's account and region that exists; none otherwise) and the request's condition keys.
     */
    static Access access(SsmStore store, RequestContext ctx, String action, String reference,
                         Map<String, List<String>> conditionKeys) {
        ParameterReference ref = ParameterReference.parse(reference);
        Map<String, String> tags = Map.of();
        if (ref.isIn(ctx.accountId(), ctx.region()) && !ref.name().isEmpty()) {
            tags = store.tags(ctx.accountId(), ctx.region(), ref.name());
            if (tags.isEmpty() && !ref.withoutSlash().equals(ref.name())) {
                tags = store.tags(ctx.accountId(), ctx.region(), ref.withoutSlash());
            }
        }
        return new Access(action, arnOf(ctx, reference), null, tags, conditionKeys, false);
    }

    /**
     * The ARN of the parameter a reference names: a name is the caller's account's and region's; an ARN names its own
     * account, so that another account's parameter is refused by IAM (nothing grants it) rather than looked up.
     */
    static String arnOf(RequestContext ctx, String reference) {
        ParameterReference ref = ParameterReference.parse(reference);
        return ref.fromArn() ? arn(ref.region(), ref.account(), ref.name())
                : arn(ctx.region(), ctx.accountId(), ref.name());
    }
}
