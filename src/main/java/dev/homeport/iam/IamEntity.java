package dev.homeport.iam;

/** What the IAM store keeps one row of: a user, a group, a role or a customer managed policy. */
public sealed interface IamEntity permits PolicyHolder, IamUser, IamGroup, IamRole, ManagedPolicy {
    enum Kind { USER, GROUP, ROLE, POLICY }

    Kind kind();

    String account();

    String name();
}
