package dev.homeport.iam.policy;

/** A compiled test of one request string (an action, a resource, a condition key's value) against a policy value. */
@FunctionalInterface
interface TextMatcher {
    /** @param request for the policy variables the policy value may contain */
    boolean matches(String text, AccessRequest request);
}
