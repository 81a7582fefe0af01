package dev.homeport.secretsmanager.model;

/**
 * Which field a version's value came in, and so which field GetSecretValue returns it in: a version has
 * exactly one of SecretString or SecretBinary (AWS rejects requests with both).
 */
public enum ValueKind { STRING, BINARY }
