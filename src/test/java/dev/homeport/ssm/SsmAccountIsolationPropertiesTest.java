package dev.homeport.ssm;

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
 * Isolation as a property for Parameter Store: whatever operation another account's caller sends, naming the owner's
 * parameter by name (which is then looked up in the caller's own account) or by ARN (which IAM refuses: nothing grants
 * another account), and whatever the owner sends in another region, the owner's value never appears in the answer and
 * the owner's parameter, its versions, labels and tags are unchanged after.
 */
class SsmAccountIsolationPropertiesTest {
    private static final String OWNER = TwoAccounts.OWNER;
    private static final String FOREIGN = TwoAccounts.FOREIGN;
    private static final String NAME = "/iso/app";
    private static final String ARN = "arn:aws:ssm:us-east-1:" + OWNER + ":parameter/iso/app";
    private static final String VALUE = "owner-only-value-7f3a";
    private static final String TARGET = "AmazonSSM.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each operation's request, with {@code @} standing for the parameter's name or ARN. */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("GetParameter", "{\"Name\":\"@\",\"WithDecryption\":true}"),
            Map.entry("GetParameters", "{\"Names\":[\"@\",\"@:1\",\"@:prod\"],\"WithDecryption\":true}"),
            Map.entry("GetParameterHistory", "{\"Name\":\"@\",\"WithDecryption\":true}"),
            Map.entry("PutParameter", "{\"Name\":\"@\",\"Value\":\"stolen\",\"Type\":\"String\",\"Overwrite\":true}"),
            Map.entry("DeleteParameter", "{\"Name\":\"@\"}"),
            Map.entry("DeleteParameters", "{\"Names\":[\"@\"]}"),
            Map.entry("LabelParameterVersion", "{\"Name\":\"@\",\"ParameterVersion\":1,\"Labels\":[\"prod\"]}"),
            Map.entry("UnlabelParameterVersion", "{\"Name\":\"@\",\"ParameterVersion\":2,\"Labels\":[\"prod\"]}"),
            Map.entry("AddTagsToResource", "{\"ResourceType\":\"Parameter\",\"ResourceId\":\"@\","
                    + "\"Tags\":[{\"Key\":\"owner\",\"Value\":\"mallory\"}]}"),
            Map.entry("RemoveTagsFromResource", "{\"ResourceType\":\"Parameter\",\"ResourceId\":\"@\","
                    + "\"TagKeys\":[\"owner\"]}"),
            Map.entry("ListTagsForResource", "{\"ResourceType\":\"Parameter\",\"ResourceId\":\"@\"}"),
            Map.entry("GetParametersByPath", "{\"Path\":\"/iso\",\"Recursive\":true,\"WithDecryption\":true}"),
            Map.entry("DescribeParameters", "{}"));

    private static TwoAccounts accounts;
    private static HomeportServer server;
    private static String before;

    @BeforeContainer
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
        owner("PutParameter", "{\"Name\":\"" + NAME + "\",\"Value\":\"" + VALUE + "\",\"Type\":\"SecureString\","
                + "\"Tags\":[{\"Key\":\"owner\",\"Value\":\"a\"}]}");
        owner("PutParameter", "{\"Name\":\"" + NAME + "\",\"Value\":\"" + VALUE + "-2\",\"Overwrite\":true}");
        owner("LabelParameterVersion", "{\"Name\":\"" + NAME + "\",\"ParameterVersion\":2,\"Labels\":[\"prod\"]}");
        before = ownerView();
        assertThat(before).contains(VALUE).contains("prod").contains("owner");
    }

    @AfterContainer
    static void stop() throws IOException {
        accounts.close();
    }

    enum Caller { OTHER_ACCOUNT_BY_NAME, OTHER_ACCOUNT_BY_ARN, OTHER_REGION_BY_NAME, OTHER_REGION_BY_ARN }

    @Property(tries = 80, seed = "20261204")
    void aForeignCallerNeverReadsOrChangesTheParameter(@ForAll("operations") String operation,
                                                       @ForAll Caller caller) throws IOException {
        String request = OPERATIONS.get(operation);
        boolean byArn = caller == Caller.OTHER_ACCOUNT_BY_ARN || caller == Caller.OTHER_REGION_BY_ARN;
        request = request.replace("@", byArn ? ARN : NAME);
        byte[] body = request.getBytes(StandardCharsets.UTF_8);
        boolean otherAccount = caller == Caller.OTHER_ACCOUNT_BY_NAME || caller == Caller.OTHER_ACCOUNT_BY_ARN;
        RawAwsJson.Response r = otherAccount
                ? new RawAwsJson(server.endpoint(), "ssm", "us-east-1").send(TARGET + operation, body,
                        TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET)
                : new RawAwsJson(server.endpoint(), "ssm", "eu-west-1").send(TARGET + operation, body, "test", "test");
        assertThat(r.body()).doesNotContain(VALUE);
        if (caller == Caller.OTHER_ACCOUNT_BY_ARN && request.contains(ARN)) {
            JsonNode answer = JSON.readTree(r.bytes());
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(answer.get("__type").asText()).as(r.body()).isEqualTo("AccessDeniedException");
            assertThat(r.body()).contains("User: arn:aws:iam::" + FOREIGN + ":root is not authorized to perform: ssm:"
                    + operation);
        }
        assertThat(ownerView()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(OPERATIONS.keySet().stream().sorted().toList());
    }

    /** The owner's view of the parameter: every version with its labels and value, and its tags. */
    private static String ownerView() {
        JsonNode history = owner("GetParameterHistory", "{\"Name\":\"" + NAME + "\",\"WithDecryption\":true}");
        JsonNode tags = owner("ListTagsForResource", "{\"ResourceType\":\"Parameter\",\"ResourceId\":\"" + NAME
                + "\"}");
        return history.toString() + tags;
    }

    private static JsonNode owner(String operation, String body) {
        RawAwsJson.Response r = new RawAwsJson(server.endpoint(), "ssm").send(TARGET + operation,
                body.getBytes(StandardCharsets.UTF_8), "test", "test");
        assertThat(r.status()).as(operation + ": " + r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.bytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
