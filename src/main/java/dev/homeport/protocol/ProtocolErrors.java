package dev.homeport.protocol;

import java.util.List;

/**
 * Errors raised by the wire protocol itself, before or around a service operation: routing,
 * deserialization, validation and authentication. Wording follows what AWS answers for JSON 1.1
 * services.
 */
public final class ProtocolErrors {
    private ProtocolErrors() {
    }

    public static AwsServiceException unknownOperation() {
        // AWS answers an unknown X-Amz-Target with this type and no further detail.
        return new AwsServiceException("UnknownOperationException", 400, "Unknown operation");
    }

    public static AwsServiceException serialization(String message) {
        return new AwsServiceException("SerializationException", 400, message);
    }

    /** A member whose JSON type is not the one the shape declares; {@code member} is its path, or empty. */
    public static AwsServiceException unexpectedType(String member) {
        return serialization(member.isEmpty() ? "Unexpected value type in the request body."
                : "Unexpected value type for member '" + member + "'.");
    }

    /** A {@code null} element of a list, or value of a map; {@code member} is its path, or empty. */
    public static AwsServiceException nullElement(String member) {
        return serialization(member.isEmpty() ? "Null value found in a list or map of the request body."
                : "Null value found in list or map member '" + member + "'.");
    }

    /** A body that is not UTF-8 (AWS JSON protocols read nothing else): invalid, overlong or NUL bytes. */
    public static AwsServiceException notUtf8() {
        return serialization("The request body is not valid UTF-8.");
    }

    /** A string escape that leaves half of a UTF-16 surrogate pair: not Unicode text. Names no value. */
    public static AwsServiceException unpairedSurrogate() {
        return serialization("The request body contains an unpaired UTF-16 surrogate in a string.");
    }


    public static AwsServiceException requestTooLarge(long limit) {
        return new AwsServiceException("RequestEntityTooLargeException", 413,
                "Request size exceeds the limit of " + limit + " bytes.");
    }

    /**
     * AWS's constraint-violation wording: {@code 1 validation error detected: Value 'x' at 'name'
     * failed to satisfy constraint: Member must ...}; several violations are joined with "; ".
     */
    public static AwsServiceException validation(List<String> violations) {
        int n = violations.size();
        String head = n + " validation error" + (n == 1 ? "" : "s") + " detected: ";
        return new AwsServiceException("ValidationException", 400, head + String.join("; ", violations));
    }

    /** An HTTP request the server could not read (malformed request line, headers or framing). */
    public static AwsServiceException badRequest(int status) {
        return new AwsServiceException("SerializationException", status, "The request could not be read.");
    }

    /** A body that ended (or whose connection failed) before the length its Content-Length header gave. */
    public static AwsServiceException incompleteBody() {
        return new AwsServiceException("SerializationException", 400,
                "The request body ended before the length given by its Content-Length header.");
    }

    /** AWS's answer to a caller over a rate limit; SDKs retry it with backoff. */
    public static AwsServiceException throttling() {
        return new AwsServiceException("ThrottlingException", 400, "Rate exceeded");
    }

    public static AwsServiceException missingAuthenticationToken() {
        return new AwsServiceException("MissingAuthenticationTokenException", 400, "Missing Authentication Token");
    }

    public static AwsServiceException incompleteSignature(String message) {
        return new AwsServiceException("IncompleteSignatureException", 400, message);
    }

    /** AWS's answer to a request the caller's policies do not allow, in JSON services. */
    public static AwsServiceException accessDenied(Authorizer.Denial denial) {
        return new AwsServiceException("AccessDeniedException", 400, denial.message());
    }

    /** Temporary credentials past their expiration (SDKs refresh their credentials on this code). */
    public static AwsServiceException expiredToken() {
        return new AwsServiceException("ExpiredTokenException", 400,
                "The security token included in the request is expired");
    }

    public static AwsServiceException unrecognizedClient() {
        return new AwsServiceException("UnrecognizedClientException", 400,
                "The security token included in the request is invalid.");
    }

    public static AwsServiceException invalidSignature() {
        return new AwsServiceException("InvalidSignatureException", 400,
                "The request signature we calculated does not match the signature you provided. "
                        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    public static AwsServiceException invalidSignature(String message) {
        return new AwsServiceException("InvalidSignatureException", 400, message);
    }

    /** Used only by the error renderer for faults that are not AWS answers; leaks nothing. */
    public static AwsServiceException internalFailure() {
        return new AwsServiceException("InternalFailure", 500,
                "The request processing has failed because of an unknown error, exception or failure.");
    }
}
