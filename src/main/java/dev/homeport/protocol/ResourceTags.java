package dev.homeport.protocol;

import dev.homeport.common.Arn;

import java.util.Map;

/**
 * A resource's tags by its ARN, for the {@code aws:ResourceTag/<key>} and {@code <service>:ResourceTag/<key>}
 * condition keys of permissions that do not carry them (ECS's, ECR's, CloudWatch Logs' and IAM's): the authorizer
 * asks only when a policy's condition names such a key, so a request whose policies do not pays nothing.
 */
@FunctionalInterface
public interface ResourceTags {
    /** None known: every lookup is empty. */
    ResourceTags NONE = arn -> Map.of();

    /** The resource's tags; empty when it has none, does not exist, or is not a resource of this lookup's. */
    Map<String, String> of(String arn);

    /** A lookup per service, chosen by the ARN's service field ({@code ecs}, {@code iam}, …). */
    static ResourceTags byService(Map<String, ResourceTags> services) {
        return arn -> {
            Arn parsed = Arn.parse(arn).orElse(null);
            ResourceTags tags = parsed == null ? null : services.get(parsed.service());
            return tags == null ? Map.of() : tags.of(arn);
        };
    }
}
