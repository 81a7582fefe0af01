package dev.homeport.iam.policy;

import java.util.List;

/**
 * Everything one decision looks at.
 *
 * @param request          the request
 * @param resourceAccount  the account that owns the resource; null when the resource is {@code *} or has no account
 *                         (same-account rules then apply)
 * @param identityPolicies the caller's inline, attached and group policies (empty for the root user)
 * @param boundary         the caller's permissions boundary, or null
 * @param sessionPolicies  the session policies of a role session, empty when none were passed
 * @param resourcePolicy   the resource's policy (a role's trust policy for {@code sts:AssumeRole}), or null
 * @param policyRequired   the resource's policy must allow even within its own account: a role's trust policy ("IAM
 *                         role trust policies and KMS key policies are exceptions ... because they must explicitly
 *                         allow access for principals"), so an identity policy alone never lets anyone assume a role
 */
public record Evaluation(AccessRequest request, String resourceAccount, List<Policy> identityPolicies,
                         Policy boundary, List<Policy> sessionPolicies, Policy resourcePolicy, boolean policyRequired) {

    public Evaluation {
        identityPolicies = identityPolicies == null ? List.of() : List.copyOf(identityPolicies);
        sessionPolicies = sessionPolicies == null ? List.of() : List.copyOf(sessionPolicies);
    }

    /** An evaluation where the resource's policy (if any) is one more way to be allowed, as for most resources. */
    public Evaluation(AccessRequest request, String resourceAccount, List<Policy> identityPolicies, Policy boundary,
                      List<Policy> sessionPolicies, Policy resourcePolicy) {
        this(request, resourceAccount, identityPolicies, boundary, sessionPolicies, resourcePolicy, false);
    }
}
