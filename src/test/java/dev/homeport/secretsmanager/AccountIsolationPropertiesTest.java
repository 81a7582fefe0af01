package dev.homeport.secretsmanager;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation as a property: for every Secrets Manager operation that takes a SecretId, a caller of another account
 * (by the secret's full or partial ARN) or of the same account in another region (by ARN) never reads or changes
 * the secret. The answer is AWS's: AccessDeniedException across accounts (no resource policy is evaluated yet, so
 * none grants), ResourceNotFoundException across regions; and the owner then sees the secret exactly as before.
 */
class AccountIsolationPropertiesTest {
    private static final String OWNER = TwoAccounts.OWNER;
    private static final String FOREIGN = TwoAccounts.FOREIGN;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALUE = "isolated-" + UUID.randomUUID();

    /** Each operation's request, {@code %s} standing for the SecretId. */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("GetSecretValue", "{\"SecretId\":\"%s\"}"),
            Map.entry("DescribeSecret", "{\"SecretId\":\"%s\"}"),
            Map.entry("PutSecretValue", "{\"SecretId\":\"%s\",\"SecretString\":\"stolen\",\"ClientRequestToken\":\""
                    + UUID.randomUUID() + "\"}"),
            Map.entry("UpdateSecret", "{\"SecretId\":\"%s\",\"Description\":\"changed\"}"),
            Map.entry("DeleteSecret", "{\"SecretId\":\"%s\",\"ForceDeleteWithoutRecovery\":true}"),
            Map.entry("RestoreSecret", "{\"SecretId\":\"%s\"}"),
            Map.entry("TagResource", "{\"SecretId\":\"%s\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}"),
            Map.entry("UntagResource", "{\"SecretId\":\"%s\",\"TagKeys\":[\"owner\"]}"),
            Map.entry("GetResourcePolicy", "{\"SecretId\":\"%s\"}"),
            Map.entry("PutResourcePolicy", "{\"SecretId\":\"%s\",\"ResourcePolicy\":\"{\\\"Version\\\":\\\"2012-10-17\\\","
                    + "\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":{\\\"AWS\\\":\\\"arn:aws:iam::"
                    + FOREIGN + ":root\\\"},\\\"Action\\\":\\\"secretsmanager:*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}"),
            Map.entry("DeleteResourcePolicy", "{\"SecretId\":\"%s\"}"),
            Map.entry("ListSecretVersionIds", "{\"SecretId\":\"%s\"}"),
            Map.entry("UpdateSecretVersionStage", "{\"SecretId\":\"%s\",\"VersionStage\":\"AWSCURRENT\"}"),
            Map.entry("CancelRotateSecret", "{\"SecretId\":\"%s\"}"),
            Map.entry("RotateSecret", "{\"SecretId\":\"%s\",\"ClientRequestToken\":\"" + UUID.randomUUID() + "\"}"),
            Map.entry("ReplicateSecretToRegions", "{\"SecretId\":\"%s\",\"AddReplicaRegions\":[{\"Region\":\"eu-west-1\"}]}"),
            Map.entry("RemoveRegionsFromReplication", "{\"SecretId\":\"%s\",\"RemoveReplicaRegions\":[\"eu-west-1\"]}"),
            Map.entry("StopReplicationToReplica", "{\"SecretId\":\"%s\"}"),
            Map.entry("ValidateResourcePolicy", "{\"SecretId\":\"%s\",\"ResourcePolicy\":\"{\\\"Version\\\":"
                    + "\\\"2012-10-17\\\",\\\"Statement\\\":[]}\"}"),
            Map.entry("BatchGetSecretValue", "{\"SecretIdList\":[\"%s\"]}"));

    private static TwoAccounts accounts;
    private static HomeportServer server;
    private static String arn;
    private static String before;

    @BeforeContainer
    static void start() throws IOException {
        accounts = TwoAccounts.start();
        server = accounts.server();
        JsonNode created = call("us-east-1", "test", "test", "CreateSecret", "{\"Name\":\"prod/db\",\"SecretString\":\""
                + VALUE + "\",\"Description\":\"owner's\",\"Tags\":[{\"Key\":\"owner\",\"Value\":\"a\"}],"
                + "\"ClientRequestToken\":\"" + UUID.randomUUID() + "\"}").json();
        arn = created.get("ARN").asText();
        before = ownerView();
    }

    @AfterContainer
    static void stop() throws IOException {
        accounts.close();
    }

    enum Caller { OTHER_ACCOUNT, OTHER_REGION }

    @Property(tries = 200, seed = "20261203")
    void aForeignCallerNeverReadsOrChangesTheSecret(@ForAll("operations") String operation, @ForAll Caller caller,
                                                    @ForAll boolean partialArn) {
        String id = partialArn ? arn.substring(0, arn.length() - 7) : arn;
        Answer answer = caller == Caller.OTHER_ACCOUNT
                ? call("us-east-1", TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET, operation, OPERATIONS.get(operation).formatted(id))
                : call("eu-west-1", "test", "test", operation, OPERATIONS.get(operation).formatted(id));
        String expected = caller == Caller.OTHER_ACCOUNT ? "AccessDeniedException" : "ResourceNotFoundException";
        if (operation.equals("BatchGetSecretValue")) {
            // The batch answers 200 with the secret under Errors, never under SecretValues.
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("SecretValues")).isEmpty();
            assertThat(answer.json().get("Errors").get(0).get("ErrorCode").asText()).isEqualTo(expected);
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("__type").asText()).as(answer.body()).isEqualTo(expected);
        }
        if (caller == Caller.OTHER_ACCOUNT) {
            assertThat(answer.json().toString()).contains("User: arn:aws:iam::" + FOREIGN + ":root is not authorized");
        }
        assertThat(answer.body()).doesNotContain(VALUE);
        assertThat(ownerView()).isEqualTo(before);
    }

    @Property(tries = 20, seed = "20261203")
    void anArnOfAnotherAccountIsDeniedWhetherOrNotSuchASecretExists(@ForAll("operations") String operation) {
        String missing = "arn:aws:secretsmanager:us-east-1:" + OWNER + ":secret:nothing-here-AbCdEf";
        Answer answer = call("us-east-1", TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET, operation,
                OPERATIONS.get(operation).formatted(missing));
        // The same answer as for a secret that exists: another account can't probe what this one holds.
        String type = operation.equals("BatchGetSecretValue")
                ? answer.json().get("Errors").get(0).get("ErrorCode").asText() : answer.json().get("__type").asText();
        assertThat(type).isEqualTo("AccessDeniedException");
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(List.copyOf(OPERATIONS.keySet()).stream().sorted().toList());
    }

    /** Everything the owner can see of the secret: description, tags, versions and value, policy. */
    private static String ownerView() {
        JsonNode described = call("us-east-1", "test", "test", "DescribeSecret", "{\"SecretId\":\"" + arn + "\"}").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) described).remove("LastAccessedDate");
        JsonNode value = call("us-east-1", "test", "test", "GetSecretValue", "{\"SecretId\":\"" + arn + "\"}").json();
        JsonNode policy = call("us-east-1", "test", "test", "GetResourcePolicy", "{\"SecretId\":\"" + arn + "\"}").json();
        return described + "|" + value.get("SecretString").asText() + "|" + value.get("VersionId").asText() + "|"
                + policy.path("ResourcePolicy").asText("");
    }

    private record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(body, e);
            }
        }
    }

    private static Answer call(String region, String key, String secret, String operation, String body) {
        RawAwsJson raw = new RawAwsJson(server.endpoint(), "secretsmanager", region);
        RawAwsJson.Response r = raw.send("secretsmanager." + operation,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), key, secret);
        return new Answer(r.status(), r.body());
    }
}
