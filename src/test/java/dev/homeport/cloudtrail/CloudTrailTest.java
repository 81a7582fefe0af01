package dev.homeport.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every API call is a CloudTrail management event, looked up with LookupEvents through the SDK: who, what, when,
 * from where, on which resource, with the error when denied; never a secret value or a secret key.
 */
class CloudTrailTest {
    static final String VALUE = "audit-must-not-see-this";
    static TwoAccounts accounts;
    static HomeportServer server;
    static CloudTrailClient trail;
    static String secretArn;
    static AccessKey userKey;

    @BeforeAll
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
        trail = server.client(CloudTrailClient.builder());
        try (SecretsManagerClient sm = server.client(SecretsManagerClient.builder());
             IamClient iam = server.client(IamClient.builder())) {
            secretArn = sm.createSecret(r -> r.name("audited/db").secretString(VALUE)).arn();
            sm.getSecretValue(r -> r.secretId("audited/db"));
            sm.putSecretValue(r -> r.secretId("audited/db").secretString(VALUE + "-2"));
            iam.createUser(r -> r.userName("auditee"));
            userKey = iam.createAccessKey(r -> r.userName("auditee")).accessKey();
        }
        try (SecretsManagerClient asUser = server.client(SecretsManagerClient.builder(), "us-east-1",
                userKey.accessKeyId(), userKey.secretAccessKey())) {
            catchThrowableOfType(AwsServiceException.class, () -> asUser.getSecretValue(r -> r.secretId("audited/db")));
        }
        server.homeport().cloudTrail().flush();
    }

    @AfterAll
    static void stop() throws IOException {
        trail.close();
        accounts.close();
    }

    static List<Event> all(java.util.function.Consumer<software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest.Builder> r) {
        List<Event> out = new ArrayList<>();
        trail.lookupEventsPaginator(r).forEach(page -> out.addAll(page.events()));
        return out;
    }

    @Test
    void everyCallIsAnEventNewestFirst() throws Exception {
        List<Event> events = all(r -> r.maxResults(3));
        assertThat(events).extracting(Event::eventName)
                .containsSubsequence("CreateAccessKey", "CreateUser", "PutSecretValue", "GetSecretValue",
                        "CreateSecret");
        assertThat(events).extracting(Event::eventTime).isSortedAccordingTo((a, b) -> b.compareTo(a));
        Event put = events.stream().filter(e -> e.eventName().equals("PutSecretValue")).findFirst().orElseThrow();
        assertThat(put.eventSource()).isEqualTo("secretsmanager.amazonaws.com");
        assertThat(put.readOnly()).isEqualTo("false");
        assertThat(put.username()).isEqualTo("root");
        assertThat(put.accessKeyId()).isEqualTo("test");
        assertThat(put.resources()).anySatisfy(res -> {
            assertThat(res.resourceType()).isEqualTo("AWS::SecretsManager::Secret");
            assertThat(res.resourceName()).isEqualTo(secretArn);
        });
        JsonNode doc = new ObjectMapper().readTree(put.cloudTrailEvent());
        assertThat(doc.path("userIdentity").path("type").asText()).isEqualTo("Root");
        assertThat(doc.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(doc.path("sourceIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(doc.path("requestParameters").path("secretId").asText()).isEqualTo("audited/db");
        assertThat(doc.path("requestParameters").path("secretString").asText()).isEqualTo("HIDDEN_DUE_TO_SECURITY_REASONS");
        assertThat(doc.path("eventCategory").asText()).isEqualTo("Management");
    }

    @Test
    void aDenialIsRecordedWithItsErrorAndTheUser() throws Exception {
        List<Event> byUser = all(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.USERNAME)
                .attributeValue("auditee")));
        assertThat(byUser).hasSize(1);
        JsonNode doc = new ObjectMapper().readTree(byUser.getFirst().cloudTrailEvent());
        assertThat(doc.path("errorCode").asText()).isEqualTo("AccessDeniedException");
        assertThat(doc.path("errorMessage").asText()).contains("is not authorized to perform: secretsmanager:GetSecretValue");
        assertThat(doc.path("userIdentity").path("type").asText()).isEqualTo("IAMUser");
        assertThat(doc.path("userIdentity").path("userName").asText()).isEqualTo("auditee");
        assertThat(doc.path("userIdentity").path("accessKeyId").asText()).isEqualTo(userKey.accessKeyId());
    }

    @Test
    void noSecretValueOrSecretKeyIsEverInTheTrail() {
        // IAM events are global: they are in us-east-1's history, which is this client's region.
        List<Event> events = all(r -> r.startTime(Instant.now().minusSeconds(3600)));
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.toString() + e.cloudTrailEvent())
                .doesNotContain(VALUE).doesNotContain(userKey.secretAccessKey()));
    }

    @Test
    void lookupAttributesAndTimeRanges() {
        assertThat(all(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_NAME)
                .attributeValue("CreateSecret")))).hasSize(1);
        assertThat(all(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.RESOURCE_NAME)
                .attributeValue(secretArn)))).extracting(Event::eventName).contains("PutSecretValue", "GetSecretValue");
        assertThat(all(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.EVENT_SOURCE)
                .attributeValue("iam.amazonaws.com")))).extracting(Event::eventName)
                .contains("CreateUser", "CreateAccessKey");
        assertThat(all(r -> r.lookupAttributes(a -> a.attributeKey(LookupAttributeKey.READ_ONLY)
                .attributeValue("true")))).extracting(Event::readOnly).containsOnly("true");
        assertThat(all(r -> r.endTime(Instant.now().minusSeconds(3600)))).isEmpty();
        AwsServiceException range = catchThrowableOfType(AwsServiceException.class, () -> trail.lookupEvents(r -> r
                .startTime(Instant.now()).endTime(Instant.now().minusSeconds(60))));
        assertThat(range.awsErrorDetails().errorCode()).isEqualTo("InvalidTimeRangeException");
        AwsServiceException two = catchThrowableOfType(AwsServiceException.class, () -> trail.lookupEvents(r -> r
                .lookupAttributes(a -> a.attributeKey(LookupAttributeKey.USERNAME).attributeValue("root"),
                        a -> a.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("CreateSecret"))));
        assertThat(two.awsErrorDetails().errorCode()).isEqualTo("InvalidLookupAttributesException");
        AwsServiceException max = catchThrowableOfType(AwsServiceException.class, () -> trail.lookupEvents(r -> r
                .maxResults(51)));
        assertThat(max.awsErrorDetails().errorCode()).isEqualTo("InvalidMaxResultsException");
    }

    @Test
    void anotherAccountSeesOnlyItsOwnEvents() {
        try (CloudTrailClient foreign = server.client(CloudTrailClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET)) {
            LookupEventsResponse r = foreign.lookupEvents(b -> b.lookupAttributes(a -> a
                    .attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("CreateSecret")));
            assertThat(r.events()).isEmpty();
        }
        try (CloudTrailClient otherRegion = server.client(CloudTrailClient.builder(), "eu-west-1", "test", "test")) {
            assertThat(otherRegion.lookupEvents(b -> b.lookupAttributes(a -> a
                    .attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("CreateSecret"))).events()).isEmpty();
        }
    }
}
