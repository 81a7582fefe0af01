package dev.homeport.logs;

import java.util.List;
import java.util.Map;

/**
 * CloudWatch Logs request and response shapes, as Java records named after the service model
 * ({@code logs.service-2.json}); members are camelCase on the wire. Timestamps are epoch
 * milliseconds ({@code Long}), as this API speaks them. Only the operations Homeport implements are
 * here; unknown request members are ignored.
 */
final class LogsShapes {
    private LogsShapes() {
    }

    // ---------------------------------------------------------------- groups

    record CreateLogGroupRequest(String logGroupName, String kmsKeyId, Map<String, String> tags,
                                 String logGroupClass, Boolean deletionProtectionEnabled) {
    }

    record DeleteLogGroupRequest(String logGroupName) {
    }

    record DescribeLogGroupsRequest(List<String> accountIdentifiers, String logGroupNamePrefix,
                                    String logGroupNamePattern, String nextToken, Integer limit,
                                    Boolean includeLinkedAccounts, String logGroupClass,
                                    List<String> logGroupIdentifiers) {
    }

    record LogGroup(String logGroupName, Long creationTime, Integer retentionInDays, Integer metricFilterCount,
                    String arn, Long storedBytes, String kmsKeyId, String logGroupClass, String logGroupArn,
                    Boolean deletionProtectionEnabled) {
    }

    record DescribeLogGroupsResponse(List<LogGroup> logGroups, String nextToken) {
    }

    record PutRetentionPolicyRequest(String logGroupName, Integer retentionInDays) {
    }

    record DeleteRetentionPolicyRequest(String logGroupName) {
    }

    // ---------------------------------------------------------------- tags

    record TagLogGroupRequest(String logGroupName, Map<String, String> tags) {
    }

    record UntagLogGroupRequest(String logGroupName, List<String> tags) {
    }

    record ListTagsLogGroupRequest(String logGroupName) {
    }

    record ListTagsLogGroupResponse(Map<String, String> tags) {
    }

    record TagResourceRequest(String resourceArn, Map<String, String> tags) {
    }

    record UntagResourceRequest(String resourceArn, List<String> tagKeys) {
    }

    record ListTagsForResourceRequest(String resourceArn) {
    }

    record ListTagsForResourceResponse(Map<String, String> tags) {
    }

    // ---------------------------------------------------------------- streams

    record CreateLogStreamRequest(String logGroupName, String logStreamName) {
    }

    record DeleteLogStreamRequest(String logGroupName, String logStreamName) {
    }

    record DescribeLogStreamsRequest(String logGroupName, String logGroupIdentifier, String logStreamNamePrefix,
                                     String orderBy, Boolean descending, String nextToken, Integer limit) {
    }

    record LogStream(String logStreamName, Long creationTime, Long firstEventTimestamp, Long lastEventTimestamp,
                     Long lastIngestionTime, String uploadSequenceToken, String arn, Long storedBytes) {
    }

    record DescribeLogStreamsResponse(List<LogStream> logStreams, String nextToken) {
    }

    // ---------------------------------------------------------------- events

    record InputLogEvent(Long timestamp, String message) {
        @Override
        public String toString() {
            return "InputLogEvent[timestamp=" + timestamp + ", message=<" + (message == null ? 0 : message.length())
                    + " chars>]";
        }
    }

    record PutLogEventsRequest(String logGroupName, String logStreamName, List<InputLogEvent> logEvents,
                               String sequenceToken) {
    }

    record RejectedLogEventsInfo(Integer tooNewLogEventStartIndex, Integer tooOldLogEventEndIndex,
                                 Integer expiredLogEventEndIndex) {
    }

    record PutLogEventsResponse(String nextSequenceToken, RejectedLogEventsInfo rejectedLogEventsInfo) {
    }

    record GetLogEventsRequest(String logGroupName, String logGroupIdentifier, String logStreamName, Long startTime,
                               Long endTime, String nextToken, Integer limit, Boolean startFromHead, Boolean unmask) {
    }

    record OutputLogEvent(Long timestamp, String message, Long ingestionTime) {
    }

    record GetLogEventsResponse(List<OutputLogEvent> events, String nextForwardToken, String nextBackwardToken) {
    }

    record FilterLogEventsRequest(String logGroupName, String logGroupIdentifier, List<String> logStreamNames,
                                  String logStreamNamePrefix, Long startTime, Long endTime, String filterPattern,
                                  String nextToken, Integer limit, Boolean interleaved, Boolean unmask) {
    }

    record FilteredLogEvent(String logStreamName, Long timestamp, String message, Long ingestionTime,
                            String eventId) {
    }

    record SearchedLogStream(String logStreamName, Boolean searchedCompletely) {
    }

    record FilterLogEventsResponse(List<FilteredLogEvent> events, List<SearchedLogStream> searchedLogStreams,
                                   String nextToken) {
    }
}
