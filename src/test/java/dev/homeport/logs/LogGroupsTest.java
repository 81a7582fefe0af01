package dev.homeport.logs;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.TooManyTagsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogGroupsTest extends LogsTestBase {

    @Test
    void createThenDescribeShowsTheGroupAsAwsDoes() {
        String g = uniqueName("/ecs/grp");
        long before = System.currentTimeMillis();
        logs.createLogGroup(b -> b.logGroupName(g));
        LogGroup group = logs.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups().get(0);
        assertThat(group.logGroupName()).isEqualTo(g);
        assertThat(group.arn()).isEqualTo("arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + g + ":*");
        assertThat(group.logGroupArn()).isEqualTo("arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + g);
        assertThat(group.creationTime()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(group.storedBytes()).isZero();
        assertThat(group.metricFilterCount()).isZero();
        assertThat(group.retentionInDays()).isNull();
        assertThat(group.logGroupClassAsString()).isEqualTo("STANDARD");
    }

    @Test
    void duplicateAndInvalidNames() {
        String g = uniqueName("dup");
        logs.createLogGroup(b -> b.logGroupName(g));
        assertAwsError(() -> logs.createLogGroup(b -> b.logGroupName(g)), ResourceAlreadyExistsException.class,
                "ResourceAlreadyExistsException", "The specified log group already exists");
        assertAwsError(() -> logs.createLogGroup(b -> b.logGroupName("a".repeat(513))), InvalidParameterException.class,
                "InvalidParameterException", "Invalid LogGroup or LogStream, both must have length less than or equal to 512.");
        InvalidParameterException e = assertAwsError(() -> logs.createLogGroup(b -> b.logGroupName("bad:name")),
                InvalidParameterException.class, "InvalidParameterException", null);
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value 'bad:name' at "
                + "'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern");
    }

    @Test
    void groupsAreScopedByRegion() {
        String g = uniqueName("regional");
        logs.createLogGroup(b -> b.logGroupName(g));
        try (var west = server.client(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder(),
                "eu-west-1", "test", "test")) {
            assertThat(west.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups()).isEmpty();
            west.createLogGroup(b -> b.logGroupName(g));
            assertThat(west.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups().get(0).arn())
                    .startsWith("arn:aws:logs:eu-west-1:");
        }
    }

    @Test
    void describeByPrefixPatternAndPages() {
        String base = uniqueName("page");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String n = base + "/g" + i;
            names.add(n);
            logs.createLogGroup(b -> b.logGroupName(n));
        }
        // Pages of 3 in ASCII order, tokens until done.
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            DescribeLogGroupsResponse page = logs.describeLogGroups(b -> b.logGroupNamePrefix(base).limit(3).nextToken(t));
            page.logGroups().forEach(g -> seen.add(g.logGroupName()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactlyElementsOf(names);
        assertThat(pages).isEqualTo(3);
        // The SDK paginator walks the same pages.
        assertThat(logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(base).limit(2)).logGroups())
                .extracting(LogGroup::logGroupName).containsExactlyElementsOf(names);

        // Pattern: case-sensitive substring, brief view.
        List<LogGroup> byPattern = logs.describeLogGroups(b -> b.logGroupNamePattern(base.substring(5) + "/g3")).logGroups();
        assertThat(byPattern).extracting(LogGroup::logGroupName).containsExactly(base + "/g3");
        assertThat(byPattern.get(0).storedBytes()).isNull();
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePattern(base.toUpperCase() + "/G3")).logGroups()).isEmpty();

        assertAwsError(() -> logs.describeLogGroups(b -> b.logGroupNamePrefix(base).logGroupNamePattern("x")),
                InvalidParameterException.class, "InvalidParameterException",
                "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        assertAwsError(() -> logs.describeLogGroups(b -> b.limit(51)), InvalidParameterException.class,
                "InvalidParameterException", "1 validation error detected: Value '51' at 'limit' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 50");
        assertAwsError(() -> logs.describeLogGroups(b -> b.nextToken("garbage")), InvalidParameterException.class,
                "InvalidParameterException", "The specified nextToken is invalid.");
    }

    @Test
    void deleteRemovesTheGroupWithStreamsAndEvents() {
        String g = groupWithStream("del");
        logs.putLogEvents(b -> b.logGroupName(g).logStreamName("s").logEvents(events(System.currentTimeMillis(), 3)));
        logs.deleteLogGroup(b -> b.logGroupName(g));
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups()).isEmpty();
        assertAwsError(() -> logs.deleteLogGroup(b -> b.logGroupName(g)), ResourceNotFoundException.class,
                "ResourceNotFoundException", GROUP_NOT_FOUND);
        // The name is free again, and the new group starts empty.
        logs.createLogGroup(b -> b.logGroupName(g));
        assertThat(logs.describeLogStreams(b -> b.logGroupName(g)).logStreams()).isEmpty();
    }

    @Test
    void retentionPolicyIsShownAndValidated() {
        String g = uniqueName("ret");
        logs.createLogGroup(b -> b.logGroupName(g));
        logs.putRetentionPolicy(b -> b.logGroupName(g).retentionInDays(14));
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups().get(0).retentionInDays()).isEqualTo(14);
        logs.deleteRetentionPolicy(b -> b.logGroupName(g));
        assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix(g)).logGroups().get(0).retentionInDays()).isNull();

        assertAwsError(() -> logs.putRetentionPolicy(b -> b.logGroupName(g).retentionInDays(2)),
                InvalidParameterException.class, "InvalidParameterException",
                "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, "
                        + "1827, 2192, 2557, 2922, 3288, 3653]");
        assertAwsError(() -> logs.putRetentionPolicy(b -> b.logGroupName(g + "-missing").retentionInDays(1)),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
        assertAwsError(() -> logs.deleteRetentionPolicy(b -> b.logGroupName(g + "-missing")),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
    }

    @Test
    void tagsThroughBothApis() {
        String g = uniqueName("tags");
        logs.createLogGroup(b -> b.logGroupName(g).tags(Map.of("env", "testing1")));
        String arn = "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + g;
        logs.tagResource(b -> b.resourceArn(arn).tags(Map.of("test1", "val1", "test2", "val2")));
        assertThat(logs.listTagsLogGroup(b -> b.logGroupName(g)).tags())
                .isEqualTo(Map.of("env", "testing1", "test1", "val1", "test2", "val2"));
        logs.tagLogGroup(b -> b.logGroupName(g).tags(Map.of("test3", "val3")));
        assertThat(logs.listTagsForResource(b -> b.resourceArn(arn)).tags()).containsEntry("test3", "val3").hasSize(4);
        logs.untagLogGroup(b -> b.logGroupName(g).tags("test1"));
        logs.untagResource(b -> b.resourceArn(arn).tagKeys("env", "test3"));
        assertThat(logs.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEqualTo(Map.of("test2", "val2"));

        assertAwsError(() -> logs.listTagsForResource(b -> b.resourceArn(arn + "-missing")),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
        assertAwsError(() -> logs.listTagsLogGroup(b -> b.logGroupName(g + "-missing")),
                ResourceNotFoundException.class, "ResourceNotFoundException", GROUP_NOT_FOUND);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        assertAwsError(() -> logs.tagResource(b -> b.resourceArn(arn).tags(many)), TooManyTagsException.class,
                "TooManyTagsException", null);
        assertThat(logs.listTagsForResource(b -> b.resourceArn(arn)).tags()).hasSize(1);
    }
}
