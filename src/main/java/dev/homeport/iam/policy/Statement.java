package dev.homeport.iam.policy;

import java.util.List;

/**
 * One compiled statement: its effect, whom it is about (resource and trust policies only), the actions and resources
 * it covers (or, with NotAction / NotResource, all but those), and its conditions, all of which must hold.
 *
 * @param principals    the Principal or NotPrincipal element; null in identity policies
 * @param notPrincipal  whether {@code principals} came from NotPrincipal
 * @param resources     null when the statement has no Resource element (trust policies)
 */
record Statement(boolean allow, Principals principals, boolean notPrincipal, List<Pattern> actions,
                 boolean notAction, List<Pattern> resources, boolean notResource, List<Condition> conditions) {

    /** How this statement names the caller: {@link Principals.Naming#DIRECT} when it has no principal element. */
    Principals.Naming naming(Caller caller) {
        if (principals == null) {
            return Principals.Naming.DIRECT;
        }
        Principals.Naming named = principals.naming(caller);
        if (notPrincipal) {
            return named == Principals.Naming.NONE ? Principals.Naming.DIRECT : Principals.Naming.NONE;
        }
        return named;
    }

    /** Whether the statement covers the request's action, resource and conditions (its principal aside). */
    boolean covers(AccessRequest request) {
        if (anyMatches(actions, request.action(), request) == notAction) {
            return false;
        }
        if (resources != null && anyMatches(resources, request.resource(), request) == notResource) {
            return false;
        }
        for (Condition c : conditions) {
            if (!c.test(request)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(List<Pattern> patterns, String value, AccessRequest request) {
        for (Pattern p : patterns) {
            if (p.matches(value, request)) {
                return true;
            }
        }
        return false;
    }
}
