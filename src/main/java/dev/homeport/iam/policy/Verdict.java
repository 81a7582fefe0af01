package dev.homeport.iam.policy;

/** A decision and the reason for it, which picks the end of AWS's AccessDenied message. */
public record Verdict(Decision decision, Reason reason) {
    static final Verdict ALLOW = new Verdict(Decision.ALLOW, Reason.ALLOWED);

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }

    static Verdict explicitDeny(Reason reason) {
        return new Verdict(Decision.EXPLICIT_DENY, reason);
    }

    static Verdict implicitDeny(Reason reason) {
        return new Verdict(Decision.IMPLICIT_DENY, reason);
    }
}
