package dev.homeport.iam.policy;

/** A policy document IAM would refuse; the message is IAM's MalformedPolicyDocument message text. */
public final class MalformedPolicyException extends Exception {
    public MalformedPolicyException(String message) {
        super(message);
    }
}
