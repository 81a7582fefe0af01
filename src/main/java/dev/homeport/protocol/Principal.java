package dev.homeport.protocol;

/**
 * Who a request acts as, once its signature is verified: what policies are evaluated for it and what its
 * {@code GetCallerIdentity} answers.
 *
 * @param kind      the kind of identity
 * @param accountId the account the identity belongs to
 * @param arn       the identity's ARN as AWS prints it in denials: {@code arn:aws:iam::<acct>:root},
 *                  {@code arn:aws:iam::<acct>:user/<path>name}, {@code arn:aws:sts::<acct>:assumed-role/<role>/<session>}
 * @param userId    AWS's unique id: the account id for root, {@code AIDA…} for a user,
 *                  {@code AROA…:<session>} for a role session
 */
public record Principal(Kind kind, String accountId, String arn, String userId) {
    public enum Kind {
        /** A key of the credentials file: its account's root user, allowed everything in its own account. */
        ROOT,
        /** An IAM user's access key: evaluated against the user's policies. */
        USER,
        /** Temporary credentials of an assumed role. */
        ASSUMED_ROLE
    }

    public static Principal root(String accountId) {
        return new Principal(Kind.ROOT, accountId, "arn:aws:iam::" + accountId + ":root", accountId);
    }

    public boolean isRoot() {
        return kind == Kind.ROOT;
    }
}
