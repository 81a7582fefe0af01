package dev.homeport.iam;

import java.util.List;
import java.util.Map;

/** A user, group or role: what inline policies are put on and managed policies attached to. */
public sealed interface PolicyHolder extends IamEntity permits IamUser, IamGroup, IamRole {
    Map<String, String> inlinePolicies();

    List<String> attached();

    String arn();

    String id();

    String path();

    /** This entity with other inline policies. */
    default PolicyHolder withInlinePolicies(Map<String, String> policies) {
        return switch (this) {
            case IamUser u -> new IamUser(u.account(), u.name(), u.path(), u.id(), u.created(), policies, u.attached(),
                    u.groups(), u.boundary(), u.tags());
            case IamGroup g -> new IamGroup(g.account(), g.name(), g.path(), g.id(), g.created(), policies,
                    g.attached());
            case IamRole r -> new IamRole(r.account(), r.name(), r.path(), r.id(), r.created(), r.description(),
                    r.trustPolicy(), r.maxSessionDuration(), policies, r.attached(), r.boundary(), r.tags());
        };
    }

    /** This entity with other attached managed policies. */
    default PolicyHolder withAttached(List<String> policyArns) {
        return switch (this) {
            case IamUser u -> new IamUser(u.account(), u.name(), u.path(), u.id(), u.created(), u.inlinePolicies(),
                    policyArns, u.groups(), u.boundary(), u.tags());
            case IamGroup g -> new IamGroup(g.account(), g.name(), g.path(), g.id(), g.created(), g.inlinePolicies(),
                    policyArns);
            case IamRole r -> new IamRole(r.account(), r.name(), r.path(), r.id(), r.created(), r.description(),
                    r.trustPolicy(), r.maxSessionDuration(), r.inlinePolicies(), policyArns, r.boundary(), r.tags());
        };
    }
}
