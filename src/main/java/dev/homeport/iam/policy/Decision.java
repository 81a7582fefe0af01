package dev.homeport.iam.policy;

/** The outcome of AWS's evaluation logic. */
public enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }
