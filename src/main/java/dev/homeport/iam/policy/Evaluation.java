package dev.homeport.iam.policy;

import java.util.List;

/**
 * Everything one decision looks at.
 *
 * @param resourceAccount  the account owning the resource; null when the resource is {@code *} or has no account
 *                         (then the caller's own account is assumed)
 * @param identityPolicies the caller's identity-based policies (its own, its groups', attached managed policies);
 *                         empty for a root user
 * @param boundary         the caller's permissions boundary, or null
 * @param sessionPolicies  the session policies of a role session, empty when none were passed
 * @param resourcePolicy   the resource's policy, or null
 */
public record Evaluation(AccessRequest request, String resourceAccount, List<Policy> identityPolicies,
                         Policy boundary, List<Policy> sessionPolicies, Policy resourcePolicy) {
}
