package dev.homeport.iam;

import dev.homeport.protocol.AwsServiceException;

/** IAM's errors, with the codes, statuses and wording AWS answers. */
final class IamErrors {
    private IamErrors() {
    }

    static AwsServiceException noSuchEntity(String message) {
        return new AwsServiceException("NoSuchEntity", 404, message);
    }

    static AwsServiceException noSuchUser(String name) {
        return noSuchEntity("The user with name " + name + " cannot be found.");
    }

    static AwsServiceException noSuchGroup(String name) {
        return noSuchEntity("The group with name " + name + " cannot be found.");
    }

    static AwsServiceException noSuchRole(String name) {
        return noSuchEntity("The role with name " + name + " cannot be found.");
    }

    static AwsServiceException noSuchPolicy(String arn) {
        return noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
    }

    static AwsServiceException noSuchInlinePolicy(IamEntity.Kind kind, String policyName) {
        return noSuchEntity("The " + kind.name().toLowerCase() + " policy with name " + policyName
                + " cannot be found.");
    }

    static AwsServiceException alreadyExists(String message) {
        return new AwsServiceException("EntityAlreadyExists", 409, message);
    }

    static AwsServiceException deleteConflict(String message) {
        return new AwsServiceException("DeleteConflict", 409, message);
    }

    static AwsServiceException limitExceeded(String message) {
        return new AwsServiceException("LimitExceeded", 409, message);
    }

    static AwsServiceException malformedPolicy(String message) {
        return new AwsServiceException("MalformedPolicyDocument", 400, message);
    }

    static AwsServiceException invalidInput(String message) {
        return new AwsServiceException("InvalidInput", 400, message);
    }

    static AwsServiceException unmodifiable(String message) {
        return new AwsServiceException("UnmodifiableEntity", 400, message);
    }
}
