package dev.homeport.sts;

import dev.homeport.protocol.AwsServiceException;

/** STS's errors, with its codes, statuses and wording. */
final class StsErrors {
    private StsErrors() {
    }

    static AwsServiceException accessDenied(String message) {
        return new AwsServiceException("AccessDenied", 403, message);
    }

    static AwsServiceException malformedPolicy(String message) {
        return new AwsServiceException("MalformedPolicyDocument", 400, message);
    }

    static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException("InvalidParameterValue", 400, message);
    }

    static AwsServiceException packedPolicyTooLarge() {
        return new AwsServiceException("PackedPolicyTooLarge", 400,
                "Packed size of session policies and session tags exceeds the limit.");
    }
}
