package dev.homeport.ecr;

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
 * Isolation as a property for ECR: every operation that names a repository (by registry id and name, or by ARN)
 * refuses another account's caller (AccessDeniedException: no repository policy grants it) and finds nothing of the
 * owner's in another region; the owner's repository, its tags, policy-less state and images are unchanged after.
 */
class EcrAccountIsolationPropertiesTest {
    private static final String OWNER = TwoAccounts.OWNER;
    private static final String FOREIGN = TwoAccounts.FOREIGN;
    private static final String ARN = "arn:aws:ecr:us-east-1:" + OWNER + ":repository/iso/app";
    private static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPO = "\"registryId\":\"" + OWNER + "\",\"repositoryName\":\"iso/app\"";

    /** Each operation's request, naming the owner's repository. */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("DescribeRepositories", "{\"registryId\":\"" + OWNER + "\",\"repositoryNames\":[\"iso/app\"]}"),
            Map.entry("DeleteRepository", "{" + REPO + ",\"force\":true}"),
            Map.entry("PutImageTagMutability", "{" + REPO + ",\"imageTagMutability\":\"IMMUTABLE\"}"),
            Map.entry("ListImages", "{" + REPO + "}"),
            Map.entry("DescribeImages", "{" + REPO + "}"),
            Map.entry("BatchGetImage", "{" + REPO + ",\"imageIds\":[{\"imageTag\":\"v1\"}]}"),
            Map.entry("BatchDeleteImage", "{" + REPO + ",\"imageIds\":[{\"imageTag\":\"v1\"}]}"),
            Map.entry("SetRepositoryPolicy", "{" + REPO + ",\"policyText\":\"{\\\"Version\\\":\\\"2012-10-17\\\","
                    + "\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":"
                    + "\\\"ecr:*\\\"}]}\"}"),
            Map.entry("GetRepositoryPolicy", "{" + REPO + "}"),
            Map.entry("DeleteRepositoryPolicy", "{" + REPO + "}"),
            Map.entry("PutLifecyclePolicy", "{" + REPO + ",\"lifecyclePolicyText\":\"{\\\"rules\\\":[{\\\"rulePriority\\\":1,"
                    + "\\\"selection\\\":{\\\"tagStatus\\\":\\\"any\\\",\\\"countType\\\":\\\"imageCountMoreThan\\\","
                    + "\\\"countNumber\\\":1},\\\"action\\\":{\\\"type\\\":\\\"expire\\\"}}]}\"}"),
            Map.entry("GetLifecyclePolicy", "{" + REPO + "}"),
            Map.entry("DeleteLifecyclePolicy", "{" + REPO + "}"),
            Map.entry("StartLifecyclePolicyPreview", "{" + REPO + "}"),
            Map.entry("GetLifecyclePolicyPreview", "{" + REPO + "}"),
            Map.entry("TagResource", "{\"resourceArn\":\"" + ARN + "\",\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}"),
            Map.entry("UntagResource", "{\"resourceArn\":\"" + ARN + "\",\"tagKeys\":[\"owner\"]}"),
            Map.entry("ListTagsForResource", "{\"resourceArn\":\"" + ARN + "\"}"));

    private static TwoAccounts accounts;
    private static HomeportServer server;
    private static String before;

    @BeforeContainer
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
        owner("CreateRepository", "{\"repositoryName\":\"iso/app\",\"tags\":[{\"Key\":\"owner\",\"Value\":\"a\"}]}");
        before = ownerView();
    }

    @AfterContainer
    static void stop() throws IOException {
        accounts.close();
    }

    enum Caller { OTHER_ACCOUNT, OTHER_REGION }

    @Property(tries = 60, seed = "20261204")
    void aForeignCallerNeverReadsOrChangesTheRepository(@ForAll("operations") String operation,
                                                         @ForAll Caller caller) throws IOException {
        String request = OPERATIONS.get(operation);
        if (caller == Caller.OTHER_REGION) {
            request = request.replace(ARN, ARN.replace("us-east-1", "eu-west-1"));
        }
        byte[] body = request.getBytes(StandardCharsets.UTF_8);
        RawAwsJson.Response r = caller == Caller.OTHER_ACCOUNT
                ? new RawAwsJson(server.endpoint(), "ecr", "us-east-1").send(TARGET + operation, body,
                        TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET)
                : new RawAwsJson(server.endpoint(), "ecr", "eu-west-1").send(TARGET + operation, body, "test", "test");
        JsonNode answer = JSON.readTree(r.bytes());
        if (caller == Caller.OTHER_ACCOUNT) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(answer.get("__type").asText()).as(r.body()).isEqualTo("AccessDeniedException");
            assertThat(r.body()).contains("User: arn:aws:iam::" + FOREIGN + ":root is not authorized to perform: ecr:"
                    + operation);
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(answer.get("__type").asText()).as(r.body()).isEqualTo("RepositoryNotFoundException");
        }
        assertThat(ownerView()).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> operations() {
        return Arbitraries.of(OPERATIONS.keySet().stream().sorted().toList());
    }

    /** The owner's view of the repository: its description, tags, images and (absent) policies. */
    private static String ownerView() {
        JsonNode repositories = owner("DescribeRepositories", "{\"repositoryNames\":[\"iso/app\"]}");
        JsonNode tags = owner("ListTagsForResource", "{\"resourceArn\":\"" + ARN + "\"}");
        JsonNode images = owner("ListImages", "{\"repositoryName\":\"iso/app\"}");
        RawAwsJson.Response policy = new RawAwsJson(server.endpoint(), "ecr").send(TARGET + "GetRepositoryPolicy",
                "{\"repositoryName\":\"iso/app\"}".getBytes(StandardCharsets.UTF_8), "test", "test");
        RawAwsJson.Response lifecycle = new RawAwsJson(server.endpoint(), "ecr").send(TARGET + "GetLifecyclePolicy",
                "{\"repositoryName\":\"iso/app\"}".getBytes(StandardCharsets.UTF_8), "test", "test");
        return repositories.toString() + tags + images + policy.status() + lifecycle.status();
    }

    private static JsonNode owner(String operation, String body) {
        RawAwsJson.Response r = new RawAwsJson(server.endpoint(), "ecr").send(TARGET + operation,
                body.getBytes(StandardCharsets.UTF_8), "test", "test");
        assertThat(r.status()).as(operation + ": " + r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.bytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
