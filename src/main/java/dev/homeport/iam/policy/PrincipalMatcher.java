package dev.homeport.iam.policy;

import java.util.HashSet;
import java.util.Set;

/**
 * A statement's Principal or NotPrincipal element ("AWS JSON policy elements: Principal"), compiled to sets.
 *
 * <ul>
 *   <li>{@code "*"} or {@code {"AWS": "*"}}: everyone.</li>
 *   <li>An account ({@code "111122223333"} or {@code arn:aws:iam::111122223333:root}, which "behave the same way"):
 *       every principal of that account, by delegation — "an administrator in that account must then grant access
 *       to an identity".</li>
 *   <li>A user ARN names that user; a role ARN names the role's sessions; an assumed-role session ARN names that
 *       session; {@code "Service"} names an AWS service acting as itself. Federated and CanonicalUser principals, and
 *       unique IDs (which IAM shows for deleted principals), are accepted but match no caller Homeport has.</li>
 * </ul>
 * Wildcards are not allowed inside a principal ARN ("You cannot use a wildcard to match part of a principal name or
 * ARN"), so matching is set membership.
 */
final class PrincipalMatcher {
    /** How an Allow statement names a caller, weakest first. */
    enum Naming {
        /** Not at all. */
        NONE,
        /** Through the caller's account: delegation; the caller's own policies must allow as well. */
        ACCOUNT,
        /** Through the role a session belongs to: the role's boundary and session policies still limit it. */
        ROLE,
        /** As itself: its user or session ARN, a service, or everyone. */
        DIRECT
    }

    private final boolean not;
    private final boolean everyone;
    private final Set<String> accounts;
    private final Set<String> arns;
    private final Set<String> services;

    private PrincipalMatcher(boolean not, boolean everyone, Set<String> accounts, Set<String> arns,
                             Set<String> services) {
        this.not = not;
        this.everyone = everyone;
        this.accounts = accounts;
        this.arns = arns;
        this.services = services;
    }

    /** Collects the entries of one Principal or NotPrincipal element while the parser validates them. */
    static final class Builder {
        private final boolean not;
        private boolean everyone;
        private final Set<String> accounts = new HashSet<>();
        private final Set<String> arns = new HashSet<>();
        private final Set<String> services = new HashSet<>();

        Builder(boolean not) {
            this.not = not;
        }

        Builder everyone() {
            everyone = true;
            return this;
        }

        /**
         * An {@code "AWS"} entry; false when IAM would refuse it ("Invalid principal in policy"). The account root
         * ARN is recorded as the account it stands for.
         */
        boolean aws(String value) {
            if (value.equals("*")) {
                everyone = true;
                return true;
            }
            if (isAccountId(value)) {
                accounts.add(value);
                return true;
            }
            if (value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
                return false;
            }
            String[] parts = value.split(":", 6);
            if (parts.length == 6 && parts[0].equals("arn") && parts[1].startsWith("aws") && parts[3].isEmpty()
                    && isAccountId(parts[4])) {
                String resource = parts[5];
                if (parts[2].equals("iam") && resource.equals("root")) {
                    accounts.add(parts[4]);
                    return true;
                }
                if (parts[2].equals("iam") && (named(resource, "user/") || named(resource, "role/"))
                        || parts[2].equals("sts") && (named(resource, "assumed-role/")
                        || named(resource, "federated-user/"))) {
                    arns.add(value);
                    return true;
                }
                return false;
            }
            if (isUniqueId(value)) {
                arns.add(value);
                return true;
            }
            return false;
        }

        void service(String value) {
            services.add(value);
        }

        PrincipalMatcher build() {
            return new PrincipalMatcher(not, everyone, Set.copyOf(accounts), Set.copyOf(arns), Set.copyOf(services));
        }

        private static boolean named(String resource, String type) {
            return resource.startsWith(type) && resource.length() > type.length();
        }

        /** IAM's unique IDs: AIDA… for users, AROA… for roles, uppercase letters and digits. */
        private static boolean isUniqueId(String value) {
            if (value.length() < 16 || value.length() > 128 || value.charAt(0) != 'A') {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                    return false;
                }
            }
            return true;
        }
    }

    static boolean isAccountId(String value) {
        if (value.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * How this element names the caller. For NotPrincipal: {@link Naming#DIRECT} ("all principals except ...") unless
     * the element lists the caller, then {@link Naming#NONE}.
     */
    Naming naming(Caller caller) {
        if (not) {
            return lists(caller) ? Naming.NONE : Naming.DIRECT;
        }
        if (everyone) {
            return Naming.DIRECT;
        }
        if (caller.servicePrincipal() != null) {
            return services.contains(caller.servicePrincipal()) ? Naming.DIRECT : Naming.NONE;
        }
        if (caller.sessionArn() != null && arns.contains(caller.sessionArn())) {
            return Naming.DIRECT;
        }
        if (caller.principalArn() != null && arns.contains(caller.principalArn())) {
            return caller.sessionArn() != null ? Naming.ROLE : Naming.DIRECT;
        }
        return caller.accountId() != null && accounts.contains(caller.accountId()) ? Naming.ACCOUNT : Naming.NONE;
    }

    /**
     * Whether a NotPrincipal element spares the caller. AWS evaluates a role session as its account, its role and the
     * session, and recommends listing all three ("NotPrincipal with Deny"); Homeport spares a session when both its
     * session ARN and its role ARN are listed (the account entry is optional), a user when its ARN is listed, the
     * root user when its account is, and a service when it is listed. Listing only an account does not spare that
     * account's users and roles.
     */
    private boolean lists(Caller caller) {
        if (everyone) {
            return true;
        }
        if (caller.servicePrincipal() != null) {
            return services.contains(caller.servicePrincipal());
        }
        if (caller.sessionArn() != null) {
            return arns.contains(caller.sessionArn()) && arns.contains(caller.principalArn());
        }
        if (caller.isRoot()) {
            return accounts.contains(caller.accountId());
        }
        return caller.principalArn() != null && arns.contains(caller.principalArn());
    }
}
