package dev.homeport.iam.policy;

/**
 * Who is asking, as policies name principals.
 *
 * @param accountId        the caller's account
 * @param principalArn     {@code arn:aws:iam::<acct>:root}, a user's ARN, or for a role session the role's ARN (what
 *                         {@code aws:PrincipalArn} holds)
 * @param sessionArn       {@code arn:aws:sts::<acct>:assumed-role/<role>/<session>} for a role session, else null
 * @param servicePrincipal an AWS service acting as itself ({@code ecs-tasks.amazonaws.com}), else null
 */
public record Caller(String accountId, String principalArn, String sessionArn, String servicePrincipal) {
    public boolean isRoot() {
        return principalArn != null && principalArn.equals("arn:aws:iam::" + accountId + ":root");
    }
}
