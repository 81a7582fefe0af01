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

    /** EC2's throttling answer (its Query APIs say RequestLimitExceeded where JSON services say ThrottlingException). */
    public static AwsServiceException requestLimitExceeded() {
        return new AwsServiceException("RequestLimitExceeded", 503, "Request limit exceeded.");
    }

    /** EC2's names and statuses for authentication failures (an unknown key is AuthFailure, HTTP 401). */
    public static AwsServiceException authFailure(AwsServiceException cause) {
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
