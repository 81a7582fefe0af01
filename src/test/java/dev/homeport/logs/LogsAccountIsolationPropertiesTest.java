package dev.homeport.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.RawAwsJson;
import dev.homeport.testing.TwoAccounts;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation as a property for CloudWatch Logs: every operation that takes a log group ARN refuses another account's
 * (AccessDeniedException, before any lookup) and finds nothing of the owner's account in another region; the
 * owner's group, events and tags are unchanged after.
 */
class LogsAccountIsolationPropertiesTest {
    private static final String OWNER = TwoAccounts.OWNER;
    private static final String FOREIGN = TwoAccounts.FOREIGN;
    private static final String GROUP = "/iso/app";
    private static final String ARN = "arn:aws:logs:us-east-1:" + OWNER + ":log-group:" + GROUP;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each operation's request; {arn} stands for the owner's log group ARN. */
    private static final Map<String, String> OPERATIONS = Map.of(
            "GetLogEvents", "{\"logGroupIdentifier\":\"{arn}\",\"logStreamName\":\"s\"}",
            "FilterLogEvents", "{\"logGroupIdentifier\":\"{arn}\"}",
            "DescribeLogStreams", "{\"logGroupIdentifier\":\"{arn}\"}",
            "DescribeLogGroups", "{\"logGroupIdentifiers\":[\"{arn}\"]}",
            "TagResource", "{\"resourceArn\":\"{arn}\",\"tags\":{\"k\":\"v\"}}",
            "UntagResource", "{\"resourceArn\":\"{arn}\",\"tagKeys\":[\"owner\"]}",
            "ListTagsForResource", "{\"resourceArn\":\"{arn}\"}");

    private static TwoAccounts accounts;
    private static HomeportServer server;
    private static String before;

    @BeforeContainer
    static void start() throws IOException {
        accounts = TwoAccounts.start();
        server = accounts.server();
        owner("CreateLogGroup", "{\"logGroupName\":\"" + GROUP + "\",\"tags\":{\"owner\":\"a\"}}");
        owner("CreateLogStream", "{\"logGroupName\":\"" + GROUP + "\",\"logStreamName\":\"s\"}");
        owner("PutLogEvents", "{\"logGroupName\":\"" + GROUP + "\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":"
                + System.currentTimeMillis() + ",\"message\":\"owner's line\"}]}");
        before = ownerView();
    }

    @AfterContainer
    static void stop() throws IOException {
        accounts.close();
    }

    enum Caller { OTHER_ACCOUNT, OTHER_REGION }

    @Property(tries = 60, seed = "20261203")
    void aForeignCallerNeverReadsOrChangesTheGroup(@ForAll("operations") String operation, @ForAll Caller caller)
            throws IOException {
        byte[] body = OPERATIONS.get(operation).replace("{arn}", ARN).getBytes(StandardCharsets.UTF_8);
        RawAwsJson.Response r = caller == Caller.OTHER_ACCOUNT
                ? new RawAwsJson(server.endpoint(), "logs", "us-east-1").send("Logs_20140328." + operation, body,
                        TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET)
                : new RawAwsJson(server.endpoint(), "logs", "eu-west-1").send("Logs_20140328." + operation, body,
                        "test", "test");
        JsonNode answer = JSON.readTree(r.bytes());
        if (caller == Caller.OTHER_ACCOUNT) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(answer.get("__type").asText()).as(r.body()).isEqualTo("AccessDeniedException");
            assertThat(r.body()).contains("User: arn:aws:iam::" + FOREIGN + ":root is not authorized to perform: logs:"
                    + operation);
        } else if (r.status() == 200) {
            // DescribeLogGroups answers an identifier it doesn't have with no groups.
            assertThat(answer.path("logGroups")).as(r.body()).isEmpty();
        }
        assertThat(r.body()).doesNotContain("owner's line");
        assertThat(ownerView()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(OPERATIONS.keySet().stream().sorted().toList());
    }

    /** The owner's view of the group: its description, tags and events. */
    private static String ownerView() {
        JsonNode groups = owner("DescribeLogGroups", "{\"logGroupNamePrefix\":\"" + GROUP + "\"}");
        ((com.fasterxml.jackson.databind.node.ArrayNode) groups.get("logGroups")).forEach(g ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) g).remove("storedBytes"));
        JsonNode tags = owner("ListTagsForResource", "{\"resourceArn\":\"" + ARN + "\"}");
        JsonNode events = owner("FilterLogEvents", "{\"logGroupName\":\"" + GROUP + "\"}");
        return groups.toString() + tags + events.get("events");
    }

    private static JsonNode owner(String operation, String body) {
        RawAwsJson.Response r = new RawAwsJson(server.endpoint(), "logs").send("Logs_20140328." + operation,
                body.getBytes(StandardCharsets.UTF_8), "test", "test");
        assertThat(r.status()).as(operation + ": " + r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.bytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
