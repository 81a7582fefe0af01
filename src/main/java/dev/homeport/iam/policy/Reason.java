package dev.homeport.iam.policy;

/**
 * Where a decision comes from. AWS's AccessDenied message ends with one of these phrases ("Troubleshoot access
 * denied error messages"), naming the policy type that denied explicitly or that failed to allow.
 */
public enum Reason {
    ALLOWED,
    EXPLICIT_DENY_IDENTITY,
    EXPLICIT_DENY_RESOURCE,
    EXPLICIT_DENY_BOUNDARY,
    EXPLICIT_DENY_SESSION,
    NO_IDENTITY_POLICY,
    NO_RESOURCE_POLICY,
    NO_BOUNDARY,
    NO_SESSION_POLICY;

    /** AWS's wording, as it ends {@code User: … is not authorized to perform: <action> on resource: <arn> …}. */
    public String phrase(String action) {
        return switch (this) {
            case ALLOWED -> "";
            case EXPLICIT_DENY_IDENTITY -> "with an explicit deny in an identity-based policy";
            case EXPLICIT_DENY_RESOURCE -> "with an explicit deny in a resource-based policy";
            case EXPLICIT_DENY_BOUNDARY -> "with an explicit deny in a permissions boundary";
            case EXPLICIT_DENY_SESSION -> "with an explicit deny in a session policy";
            case NO_IDENTITY_POLICY -> "because no identity-based policy allows the " + action + " action";
            case NO_RESOURCE_POLICY -> "because no resource-based policy allows the " + action + " action";
            case NO_BOUNDARY -> "because no permissions boundary allows the " + action + " action";
            case NO_SESSION_POLICY -> "because no session policy allows the " + action + " action";
        };
    }
}
