package dev.homeport.logs;

import dev.homeport.protocol.AwsServiceException;

import java.util.List;

/**
 * Every error CloudWatch Logs answers, worded as the real service words it (responses recorded from
 * AWS). Operations throw these; nothing else formats a Logs error. Messages never quote a log event.
 *
 * <p>Unlike most JSON services, CloudWatch Logs reports broken request constraints (a limit out of
 * range, an enum value it doesn't know) as {@code InvalidParameterException} in the usual
 * "1 validation error detected: ..." wording, not as {@code ValidationException}.
 */
public final class LogsErrors {
    private LogsErrors() {
    }

    private static AwsServiceException error(String type, String message) {
        return new AwsServiceException(type, 400, message);
    }

    /** A tagged CreateLogGroup by a caller allowed to create the group but not to tag it. */
    public static AwsServiceException createLogGroupWithTagsDenied(String accountId) {
        return error("AccessDeniedException", "User with accountId: " + accountId
                + " is not authorized to perform CreateLogGroup with Tags. An additional permission \"logs:TagResource\""
                + " is required.");
    }

    public static AwsServiceException groupNotFound() {
        return error("ResourceNotFoundException", "The specified log group does not exist.");
    }

    public static AwsServiceException streamNotFound() {
        return error("ResourceNotFoundException", "The specified log stream does not exist.");
    }

    public static AwsServiceException groupExists() {
        return error("ResourceAlreadyExistsException", "The specified log group already exists");
    }

    public static AwsServiceException streamExists() {
        return error("ResourceAlreadyExistsException", "The specified log stream already exists");
    }

    public static AwsServiceException invalidParameter(String message) {
        return error("InvalidParameterException", message);
    }

    /** AWS's constraint wording ({@code 1 validation error detected: ...}) under InvalidParameterException. */
    public static AwsServiceException validation(List<String> violations) {
        int n = violations.size();
        return invalidParameter(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    public static AwsServiceException nameTooLong() {
        return invalidParameter("Invalid LogGroup or LogStream, both must have length less than or equal to 512.");
    }

    public static AwsServiceException invalidNextToken() {
        return invalidParameter("The specified nextToken is invalid.");
    }

    public static AwsServiceException prefixAndPattern() {
        return invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
    }

    public static AwsServiceException nameAndIdentifier() {
        return error("ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters.");
    }

    public static AwsServiceException nameOrIdentifierRequired() {
        return invalidParameter("Should provide either name or ARN of the log group.");
    }

    public static AwsServiceException orderByWithPrefix() {
        return invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }

    public static AwsServiceException streamNamesAndPrefix() {
        return invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
    }

    public static AwsServiceException notChronological() {
        return invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    }

    public static AwsServiceException spanTooLong() {
        return invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
    }

    public static AwsServiceException uploadTooLarge(long bytes, long limit) {
        return invalidParameter("Upload too large: " + bytes + " bytes exceeds limit of " + limit);
    }

    public static AwsServiceException eventTooLarge(long bytes, long limit) {
        return invalidParameter("Log event too large: " + bytes + " bytes exceeds limit of " + limit);
    }

    /**
     * A filter pattern AWS can't read. FilterLogEvents answers this bare sentence (SDK reports, for
     * example aws/aws-toolkit-jetbrains#3219: "InvalidParameterException: Invalid filter pattern").
     */
    public static AwsServiceException invalidFilterPattern() {
        return invalidParameter("Invalid filter pattern");
    }

    /**
     * A character a filter pattern term may not hold unquoted (or a regex may not hold at all), named as
     * AWS names it: {@code aws logs filter-log-events --filter-pattern '?Status: timeout'} answers
     * "Invalid character(s) in term ':'".
     */
    public static AwsServiceException invalidTermCharacters(String term) {
        return invalidParameter("Invalid character(s) in term '" + term + "'");
    }

    /** FilterLogEvents with {@code {$.a = 1} && ...} cut short by a shell (jorgebastida/awslogs#210). */
    public static AwsServiceException filterPatternBraces() {
        return invalidParameter("If a filter pattern starts with '{' it must end with '}'");
    }

    public static AwsServiceException invalidArn(String arn) {
        return invalidParameter("Invalid ARN: " + arn);
    }

    public static AwsServiceException tooManyTags() {
        return error("TooManyTagsException", "A resource can have no more than 50 tags.");
    }
}
