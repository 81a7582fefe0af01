package dev.homeport.iam.policy;

/** The three outcomes of AWS's evaluation logic ("Policy evaluation logic": explicit deny, allow, implicit deny). */
public enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }
