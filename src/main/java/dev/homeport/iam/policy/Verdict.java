package dev.homeport.iam.policy;

/** A decision and the reason for it. */
public record Verdict(Decision decision, Reason reason) {
    static final Verdict ALLOW = new Verdict(Decision.ALLOW, Reason.ALLOWED);

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }

    static Verdict explicit(Reason reason) {
        return new Verdict(Decision.EXPLICIT_DENY, reason);
    }

    static Verdict implicit(Reason reason) {
        return new Verdict(Decision.IMPLICIT_DENY, reason);
    }
}
