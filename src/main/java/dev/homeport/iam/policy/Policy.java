package dev.homeport.iam.policy;

/**
 * A policy document, validated as IAM validates it and compiled for evaluation: parsed once, evaluated on every
 * request without JSON or regular expressions (wildcards are compiled to {@link Glob}s; only a value holding a policy
 * variable is completed per request). Immutable and thread-safe.
 *
 * <p>The kinds differ in the elements they require ("IAM JSON policy elements reference"): identity policies (also
 * used for permissions boundaries and session policies) have a Resource and no Principal; resource policies have a
 * Principal; a role's trust policy has a Principal and no Resource.
 */
public final class Policy {
    public enum Kind { IDENTITY, RESOURCE, TRUST }

    /** What one policy says about one request: an applicable Deny wins over any Allow within it. */
    public enum Match { NONE, ALLOW, DENY }

    /** A policy's answer with how it names the caller: what the evaluator needs of a resource policy. */
    enum Grant {
        DENIED, NONE, ACCOUNT, ROLE, DIRECT;

        static Grant of(PrincipalMatcher.Naming naming) {
            return switch (naming) {
                case NONE -> NONE;
                case ACCOUNT -> ACCOUNT;
                case ROLE -> ROLE;
                case DIRECT -> DIRECT;
            };
        }
    }

    private final String json;
    private final Kind kind;
    private final Statement[] statements;

    Policy(String json, Kind kind, Statement[] statements) {
        this.json = json;
        this.kind = kind;
        this.statements = statements;
    }

    /**
     * @throws MalformedPolicyException with IAM's MalformedPolicyDocument message when IAM would refuse the document
     */
    public static Policy parse(String json, Kind kind) throws MalformedPolicyException {
        return PolicyParser.parse(json, kind);
    }

    /** The document as given. */
    public String json() {
        return json;
    }

    public Kind kind() {
        return kind;
    }

    /** DENY if any applicable Deny statement matches the request; else ALLOW if an Allow statement does; else NONE. */
    public Match evaluate(AccessRequest request) {
        return switch (grant(request)) {
            case DENIED -> Match.DENY;
            case NONE -> Match.NONE;
            default -> Match.ALLOW;
        };
    }

    /**
     * For resource and trust policies: whether an Allow statement matching the request names the caller itself — its
     * user ARN, its session ARN, a service it is, or everyone ({@code "*"}, {@code {"AWS":"*"}}, an Allow with
     * NotPrincipal) — rather than only its account or its session's role. Within one account such a grant stands on
     * its own; a grant through the account delegates to the caller's identity policies (see {@link PolicyEvaluator}).
     * Deny statements are not considered here.
     */
    public boolean allowsCallerDirectly(AccessRequest request) {
        for (Statement s : statements) {
            if (s.allow() && s.applies(request) == PrincipalMatcher.Naming.DIRECT) {
                return true;
            }
        }
        return false;
    }

    /** DENIED when a Deny statement applies; else the strongest way an applicable Allow statement names the caller. */
    Grant grant(AccessRequest request) {
        PrincipalMatcher.Naming best = PrincipalMatcher.Naming.NONE;
        for (Statement s : statements) {
            PrincipalMatcher.Naming naming = s.applies(request);
            if (naming == PrincipalMatcher.Naming.NONE) {
                continue;
            }
            if (!s.allow()) {
                return Grant.DENIED;
            }
            if (naming.compareTo(best) > 0) {
                best = naming;
            }
        }
        return Grant.of(best);
    }

    @Override
    public String toString() {
        return kind + " policy " + json;
    }
}
