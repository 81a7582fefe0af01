package dev.homeport.iam.policy;

import java.util.List;

/**
 * AWS's policy evaluation logic (IAM user guide, "Policy evaluation logic" and "Cross-account policy evaluation
 * logic"), for the policy types Homeport has: identity-based policies, resource-based policies, permissions
 * boundaries and session policies. (Organizations' SCPs and RCPs, and VPC endpoint policies, do not exist here.)
 *
 * <ol>
 *   <li>An explicit Deny in any of them denies.</li>
 *   <li>The root user is allowed everything in its own account.</li>
 *   <li>Across accounts, the resource's policy must allow the caller (by account, role or itself) <i>and</i> the
 *       caller's own side must: its identity policies, within its boundary and session policies (a root caller's
 *       side always does).</li>
 *   <li>Within an account, a resource policy naming the user or the role session itself allows on its own: AWS
 *       documents that an implicit deny in an identity policy, boundary or session policy does not limit it. One
 *       naming the role allows like an identity policy, still limited by the boundary and session policies; one
 *       naming only the account grants nothing by itself (it delegates to the account's identity policies).
 *       Otherwise an identity policy must allow, within the boundary and the session policies.</li>
 * </ol>
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    public static Verdict decide(Evaluation e) {
        AccessRequest request = e.request();
        Caller caller = request.caller();
        Policy.Match identity = combine(e.identityPolicies(), request);
        Principals.Naming resource = e.resourcePolicy() == null ? Principals.Naming.NONE
                : e.resourcePolicy().grant(request);
        Policy.Match boundary = e.boundary() == null ? null : e.boundary().evaluate(request);
        Policy.Match session = e.sessionPolicies().isEmpty() ? null : combine(e.sessionPolicies(), request);

        if (identity == Policy.Match.DENY) {
            return Verdict.explicit(Reason.EXPLICIT_DENY_IDENTITY);
        }
        if (resource == null) {
            return Verdict.explicit(Reason.EXPLICIT_DENY_RESOURCE);
        }
        if (boundary == Policy.Match.DENY) {
            return Verdict.explicit(Reason.EXPLICIT_DENY_BOUNDARY);
        }
        if (session == Policy.Match.DENY) {
            return Verdict.explicit(Reason.EXPLICIT_DENY_SESSION);
        }
        boolean sameAccount = e.resourceAccount() == null || e.resourceAccount().equals(caller.accountId());
        if (!sameAccount && resource == Principals.Naming.NONE) {
            return Verdict.implicit(Reason.NO_RESOURCE_POLICY);
        }
        if (caller.isRoot()) {
            return Verdict.ALLOW;
        }
        if (sameAccount && resource == Principals.Naming.DIRECT) {
            return Verdict.ALLOW;
        }
        boolean identitySide = identity == Policy.Match.ALLOW
                || (sameAccount && resource == Principals.Naming.ROLE);
        if (!identitySide) {
            return Verdict.implicit(Reason.NO_IDENTITY_POLICY);
        }
        if (boundary != null && boundary != Policy.Match.ALLOW) {
            return Verdict.implicit(Reason.NO_BOUNDARY);
        }
        if (session != null && session != Policy.Match.ALLOW) {
            return Verdict.implicit(Reason.NO_SESSION_POLICY);
        }
        return Verdict.ALLOW;
    }

    /** Several policies of one type: DENY if any denies, else ALLOW if any allows. */
    private static Policy.Match combine(List<Policy> policies, AccessRequest request) {
        Policy.Match result = Policy.Match.NONE;
        for (Policy p : policies) {
            Policy.Match m = p.evaluate(request);
            if (m == Policy.Match.DENY) {
                return m;
            }
            if (m == Policy.Match.ALLOW) {
                result = m;
            }
        }
        return result;
    }
}
