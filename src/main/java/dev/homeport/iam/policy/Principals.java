package dev.homeport.iam.policy;

import java.util.HashSet;
import java.util.Set;

/**
 * A statement's Principal (or NotPrincipal): {@code "*"}, or {@code {"AWS": …, "Service": …, "Federated": …,
 * "CanonicalUser": …}}. An account ({@code "111122223333"} or {@code arn:aws:iam::111122223333:root}) stands for
 * every principal of that account, whose own identity policies then decide; a user, role or session ARN names that
 * principal; a role ARN also matches the role's sessions.
 */
final class Principals {
    /** How a principal element names a caller. */
    enum Naming {
        /** Not at all. */
        NONE,
        /** Through its account: the account's identity policies must allow as well. */
        ACCOUNT,
        /** Through the role a session belongs to: boundaries and session policies still apply. */
        ROLE,
        /** By the user's or the session's own ARN, or as everyone ({@code *}). */
        DIRECT
    }

    private final boolean everyone;
    private final Set<String> accounts = new HashSet<>();
    private final Set<String> arns = new HashSet<>();
    private final Set<String> services = new HashSet<>();

    Principals(boolean everyone) {
        this.everyone = everyone;
    }

    void addAws(String value) throws MalformedPolicyException {
        if (value.equals("*")) {
            arns.add("*");
        } else if (value.matches("\\d{12}")) {
            accounts.add(value);
        } else if (value.matches("arn:aws:iam::\\d{12}:root")) {
            accounts.add(value.substring(13, 25));
        } else if (value.startsWith("arn:aws:iam::") || value.startsWith("arn:aws:sts::")) {
            arns.add(value);
        } else {
            throw new MalformedPolicyException("Invalid principal in policy: \"AWS\":\"" + value + "\"");
        }
    }

    void addService(String value) {
        services.add(value);
    }

    Naming naming(Caller caller) {
        if (everyone || arns.contains("*")) {
            return Naming.DIRECT;
        }
        if (caller.servicePrincipal() != null) {
            return services.contains(caller.servicePrincipal()) ? Naming.DIRECT : Naming.NONE;
        }
        if (caller.sessionArn() != null) {
            if (arns.contains(caller.sessionArn())) {
                return Naming.DIRECT;
            }
            if (arns.contains(caller.principalArn())) {
                return Naming.ROLE;
            }
        } else if (arns.contains(caller.principalArn())) {
            return Naming.DIRECT;
        }
        return accounts.contains(caller.accountId()) ? Naming.ACCOUNT : Naming.NONE;
    }
}
