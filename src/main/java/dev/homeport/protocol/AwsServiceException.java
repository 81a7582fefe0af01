package dev.homeport.protocol;

import java.util.Map;

/**
 * An error that AWS itself would answer with: an error type ({@code __type}), an HTTP status and a
 * message that is safe to show to the caller.
 *
 * <p>Handlers throw these; they never format responses. Each service builds them only through its
 * own error catalogue (for example {@code SecretsManagerErrors.notFound()}), so the wording of every
 * message lives in one place per service. The message must never contain a secret value.
 */
public class AwsServiceException extends RuntimeException {
    private final String errorType;
    private final int httpStatus;
    private final Map<String, Object> members;

    public AwsServiceException(String errorType, int httpStatus, String message) {
        this(errorType, httpStatus, message, Map.of());
    }

    /**
     * @param members further members of the error shape beside the message (ECS's ConflictException carries
     *                {@code resourceIds}), rendered as JSON next to it
     */
    public AwsServiceException(String errorType, int httpStatus, String message, Map<String, Object> members) {
        // No stack trace: these are expected answers, not faults, and filling it costs time on hot paths.
        super(message, null, false, false);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
        this.members = Map.copyOf(members);
    }

    /** Members of the error shape other than the message; usually none. */
    public Map<String, Object> members() {
        return members;
    }

    /** The AWS error code, rendered as {@code __type} and {@code x-amzn-ErrorType}. */
    public String errorType() {
        return errorType;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
