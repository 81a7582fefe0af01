package dev.homeport.iam.policy;

/**
 * Who is asking, in the terms a policy's Principal element names principals ("AWS JSON policy elements: Principal").
 *
 * @param accountId        the caller's 12-digit account
 * @param principalArn     {@code arn:aws:iam::<acct>:root}, a user's ARN, or for a role session the role's ARN (the
 *                         value of {@code aws:PrincipalArn}: a Principal naming the role matches its sessions)
 * @param sessionArn       {@code arn:aws:sts::<acct>:assumed-role/<role>/<session>} for a role session, else null
 * @param servicePrincipal an AWS service acting as itself ({@code ecs-tasks.amazonaws.com}), else null
 */
public record Caller(String accountId, String principalArn, String sessionArn, String servicePrincipal) {
    private static final String IAM_PREFIX = "arn:aws:iam::";
    private static final String ROOT_SUFFIX = ":root";

    /** Whether this is the account's root user ({@code arn:aws:iam::<accountId>:root}); compared without allocating. */
    public boolean isRoot() {
        return principalArn != null && accountId != null && sessionArn == null
                && principalArn.length() == IAM_PREFIX.length() + accountId.length() + ROOT_SUFFIX.length()
                && principalArn.startsWith(IAM_PREFIX)
                && principalArn.startsWith(accountId, IAM_PREFIX.length())
                && principalArn.endsWith(ROOT_SUFFIX);
    }
}
