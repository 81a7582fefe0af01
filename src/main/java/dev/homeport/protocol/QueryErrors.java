package dev.homeport.protocol;

/** Errors of the Query protocol itself (EC2 wording). */
public final class QueryErrors {
    private QueryErrors() {
    }

    public static AwsServiceException missingAction() {
        return new AwsServiceException("MissingAction", 400, "The request must contain the parameter Action");
    }

    public static AwsServiceException invalidAction(String action) {
        return new AwsServiceException("InvalidAction", 400,
                "The action " + action + " is not valid for this web service.");
    }

    public static AwsServiceException malformedQueryString() {
        return new AwsServiceException("MalformedQueryString", 400, "The query string is malformed.");
    }

    public static AwsServiceException unknownService() {
        // A Query request signed for a service Homeport doesn't speak Query for.
        return new AwsServiceException("InvalidAction", 400, "The requested service is not available.");
    }

    /**
     * A constraint violation in AWS's Query services (IAM, STS): code ValidationError, not JSON's ValidationException,
     * with the same wording ({@code 1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: …}).
     */
    public static AwsServiceException validation(String message) {
        return new AwsServiceException("ValidationError", 400, message);
    }

    /** A required parameter that is missing. */
    public static AwsServiceException missing(String member) {
        return validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    public static AwsServiceException constraint(String member, String value, String constraint) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    /** A request the caller's policies do not allow, in the dialect's words. */
    static AwsServiceException accessDenied(Authorizer.Denial denial, QueryServiceModule.Dialect dialect) {
        return dialect == QueryServiceModule.Dialect.EC2
                ? new AwsServiceException("UnauthorizedOperation", 403,
                "You are not authorized to perform this operation. " + denial.message())
                : new AwsServiceException("AccessDenied", 403, denial.message());
    }

    /** EC2's throttling answer (its Query APIs say RequestLimitExceeded where JSON services say ThrottlingException). */
    public static AwsServiceException requestLimitExceeded() {
        return new AwsServiceException("RequestLimitExceeded", 503, "Request limit exceeded.");
    }

    /**
     * A failed signature or key, in the dialect's words: EC2's (an unknown key is AuthFailure, HTTP 401), or those of
     * AWS's Query services such as STS and IAM (an unknown key is InvalidClientTokenId, HTTP 403).
     */
    static AwsServiceException authFailure(AwsServiceException cause, QueryServiceModule.Dialect dialect) {
        if (cause.errorType().equals("ThrottlingException")) {
            return dialect == QueryServiceModule.Dialect.EC2 ? requestLimitExceeded()
                    : new AwsServiceException("Throttling", 400, "Rate exceeded");
        }
        if (!dev.homeport.protocol.sigv4.SigV4Verifier.isAuthenticationError(cause)
                && !cause.errorType().equals("ExpiredTokenException")) {
            return cause;
        }
        return dialect == QueryServiceModule.Dialect.EC2 ? authFailure(cause) : queryAuthFailure(cause);
    }

    private static AwsServiceException queryAuthFailure(AwsServiceException cause) {
        return switch (cause.errorType()) {
            case "ExpiredTokenException" -> new AwsServiceException("ExpiredToken", 403, cause.getMessage());
            case "UnrecognizedClientException" -> new AwsServiceException("InvalidClientTokenId", 403,
                    "The security token included in the request is invalid.");
            case "InvalidSignatureException" -> new AwsServiceException("SignatureDoesNotMatch", 403, cause.getMessage());
            case "MissingAuthenticationTokenException" -> new AwsServiceException("MissingAuthenticationToken", 403,
                    "Request is missing Authentication Token");
            case "IncompleteSignatureException" -> new AwsServiceException("IncompleteSignature", 400,
                    cause.getMessage());
            default -> new AwsServiceException(cause.errorType(), 403, cause.getMessage());
        };
    }

    /** EC2's names and statuses for authentication failures (an unknown key is AuthFailure, HTTP 401). */
    private static AwsServiceException authFailure(AwsServiceException cause) {
        if (cause.errorType().equals("ExpiredTokenException")) {
            return new AwsServiceException("RequestExpired", 400, "Request has expired.");
        }
        String message = switch (cause.errorType()) {
            case "UnrecognizedClientException" -> "AWS was not able to validate the provided access credentials";
            default -> cause.getMessage();
        };
        String type = switch (cause.errorType()) {
            case "InvalidSignatureException" -> "SignatureDoesNotMatch";
            case "MissingAuthenticationTokenException" -> "MissingAuthenticationToken";
            case "IncompleteSignatureException" -> "IncompleteSignature";
            default -> "AuthFailure";
        };
        int status = switch (type) {
            case "SignatureDoesNotMatch" -> 403;
            case "IncompleteSignature" -> 400;
            default -> 401;
        };
        return new AwsServiceException(type, status, message);
    }
}
