package dev.homeport.iam.policy;

import java.util.List;

/**
 * AWS's policy evaluation logic for the policy types Homeport has — identity-based policies, resource-based policies
 * (including a role's trust policy), permissions boundaries and session policies — as the IAM user guide describes
 * it ("Policy evaluation logic", "Cross-account policy evaluation logic"). Organizations SCPs and RCPs and VPC
 * endpoint policies do not exist here.
 *
 * <ol>
 *   <li><b>Explicit deny.</b> A Deny statement that applies in any of the policies denies, whatever allows
 *       ("An explicit deny in any policy overrides any allows"). Checked in the order identity, resource, boundary,
 *       session, which picks the reason.</li>
 *   <li><b>Required resource policy.</b> A role's trust policy must allow the caller even within its own account
 *       ({@link Evaluation#policyRequired()}): otherwise NO_RESOURCE_POLICY.</li>
 *   <li><b>Root.</b> The account root user has full access to its own account's resources; only an explicit deny
 *       (step 1) stops it. Across accounts it is an ordinary principal of its account (step 3), whose own side always
 *       allows.</li>
 *   <li><b>Across accounts</b> (the resource's account is not the caller's): "the trusted account ... must have an
 *       identity-based policy that allows the request and the resource-based policy must allow" — the resource's
 *       policy must name the caller (its account, its role, itself or everyone) <i>and</i> the caller's own side must
 *       allow: its identity policies, within its permissions boundary and session policies. NO_RESOURCE_POLICY when
 *       the resource's policy does not; else the reason of the caller's side.</li>
 *   <li><b>Within one account</b>, what a resource policy's Allow is worth depends on how it names the caller
 *       ("Policy evaluation for requests within a single account"):
 *     <ul>
 *       <li>naming the user ARN, the role session ARN, or everyone: it allows on its own — "an implicit deny in an
 *           identity-based policy, a permissions boundary, or a session policy does not impact the final
 *           decision";</li>
 *       <li>naming the role ARN: it stands in for an identity-policy allow, but "resource-based policies that grant
 *           permissions to an IAM role ARN are limited by an implicit deny in a permissions boundary or session
 *           policy";</li>
 *       <li>naming only the account: it delegates ("Both delegate permissions to the account", Principal element),
 *           so the caller's identity policies must allow, as with no resource policy.</li>
 *     </ul>
 *     Then the identity side must allow (NO_IDENTITY_POLICY), the boundary if any (NO_BOUNDARY), and one of the
 *     session policies if any were passed (NO_SESSION_POLICY).</li>
 * </ol>
 * An AWS service principal (a trust or resource policy naming {@code "Service"}) has no identity policies: the
 * resource's policy alone decides for it.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    public static Verdict decide(Evaluation e) {
        AccessRequest request = e.request();
        Caller caller = request.caller();

        Policy.Match identity = combine(e.identityPolicies(), request);
        if (identity == Policy.Match.DENY) {
            return Verdict.explicitDeny(Reason.EXPLICIT_DENY_IDENTITY);
        }
        Policy.Grant resource = e.resourcePolicy() == null ? Policy.Grant.NONE : e.resourcePolicy().grant(request);
        if (resource == Policy.Grant.DENIED) {
            return Verdict.explicitDeny(Reason.EXPLICIT_DENY_RESOURCE);
        }
        Policy.Match boundary = e.boundary() == null ? null : e.boundary().evaluate(request);
        if (boundary == Policy.Match.DENY) {
            return Verdict.explicitDeny(Reason.EXPLICIT_DENY_BOUNDARY);
        }
        Policy.Match session = e.sessionPolicies().isEmpty() ? null : combine(e.sessionPolicies(), request);
        if (session == Policy.Match.DENY) {
            return Verdict.explicitDeny(Reason.EXPLICIT_DENY_SESSION);
        }

        if (caller.servicePrincipal() != null) {
            return resource == Policy.Grant.NONE ? Verdict.implicitDeny(Reason.NO_RESOURCE_POLICY) : Verdict.ALLOW;
        }
        boolean sameAccount = e.resourceAccount() == null || e.resourceAccount().equals(caller.accountId());
        if (resource == Policy.Grant.NONE && (!sameAccount || e.policyRequired())) {
            return Verdict.implicitDeny(Reason.NO_RESOURCE_POLICY);
        }
        if (caller.isRoot()) {
            return Verdict.ALLOW;
        }
        if (sameAccount && resource == Policy.Grant.DIRECT) {
            return Verdict.ALLOW;
        }
        boolean identitySide = identity == Policy.Match.ALLOW || sameAccount && resource == Policy.Grant.ROLE;
        if (!identitySide) {
            return Verdict.implicitDeny(Reason.NO_IDENTITY_POLICY);
        }
        if (boundary != null && boundary != Policy.Match.ALLOW) {
            return Verdict.implicitDeny(Reason.NO_BOUNDARY);
        }
        if (session != null && session != Policy.Match.ALLOW) {
            return Verdict.implicitDeny(Reason.NO_SESSION_POLICY);
        }
        return Verdict.ALLOW;
    }

    /** Several policies of one type: DENY if any denies, else ALLOW if any allows, else NONE. */
    private static Policy.Match combine(List<Policy> policies, AccessRequest request) {
        Policy.Match result = Policy.Match.NONE;
        for (int i = 0; i < policies.size(); i++) {
            Policy.Match m = policies.get(i).evaluate(request);
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
