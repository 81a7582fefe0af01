package dev.homeport.iam.policy;

/**
 * One compiled statement. It applies to a request when its principal element names the caller (identity policies
 * have none: they apply to their holder), its Action (or NotAction) covers the action, its Resource (or NotResource)
 * covers the resource, and its Condition holds ("Policy evaluation logic").
 */
final class Statement {
    private final boolean allow;
    private final PrincipalMatcher principal; // null in identity policies
    private final TextMatcher[] actions;
    private final boolean notAction;
    private final TextMatcher[] resources;    // null when the statement has no Resource element (trust policies)
    private final boolean notResource;
    private final ConditionBlock conditions;

    Statement(boolean allow, PrincipalMatcher principal, TextMatcher[] actions, boolean notAction,
              TextMatcher[] resources, boolean notResource, ConditionBlock conditions) {
        this.allow = allow;
        this.principal = principal;
        this.actions = actions;
        this.notAction = notAction;
        this.resources = resources;
        this.notResource = notResource;
        this.conditions = conditions;
    }

    boolean allow() {
        return allow;
    }

    /**
     * How the statement names the caller, or NONE when it does not apply to it; it covers the request's action,
     * resource and conditions as well. Cheapest tests first: the action, the principal, the resource, the conditions.
     */
    PrincipalMatcher.Naming applies(AccessRequest request) {
        if (anyMatches(actions, request.action(), request) == notAction) {
            return PrincipalMatcher.Naming.NONE;
        }
        PrincipalMatcher.Naming naming = principal == null ? PrincipalMatcher.Naming.DIRECT
                : principal.naming(request.caller());
        if (naming == PrincipalMatcher.Naming.NONE) {
            return naming;
        }
        if (resources != null && anyMatches(resources, request.resource(), request) == notResource) {
            return PrincipalMatcher.Naming.NONE;
        }
        return conditions.holds(request) ? naming : PrincipalMatcher.Naming.NONE;
    }

    private static boolean anyMatches(TextMatcher[] matchers, String value, AccessRequest request) {
        for (TextMatcher m : matchers) {
            if (m.matches(value, request)) {
                return true;
            }
        }
        return false;
    }
}
