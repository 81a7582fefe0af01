package dev.homeport.iam;

import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** IAM's API through the SDK v2 client: entities, policies and their versions, IAM's errors, persistence. */
class IamTest {
    static final String READ_SECRETS = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";
    static final String TRUST_ECS = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    static TwoAccounts accounts;
    static HomeportServer server;
    static IamClient iam;

    @BeforeAll
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
        iam = server.client(IamClient.builder());
    }

    @AfterAll
    static void stop() throws IOException {
        iam.close();
        accounts.close();
    }

    static String code(Runnable call) {
        return catchThrowableOfType(IamException.class, call::run).awsErrorDetails().errorCode();
    }

    @Test
    void usersAndAccessKeys() {
        User user = iam.createUser(r -> r.userName("alice").path("/dev/").tags(Tag.builder().key("team")
                .value("db").build())).user();
        assertThat(user.arn()).isEqualTo("arn:aws:iam::000000000000:user/dev/alice");
        assertThat(user.userId()).startsWith("AIDA").hasSize(21);
        assertThat(code(() -> iam.createUser(r -> r.userName("ALICE")))).isEqualTo("EntityAlreadyExists");
        assertThat(iam.getUser(r -> r.userName("alice")).user().path()).isEqualTo("/dev/");
        assertThat(iam.listUsers(r -> r.pathPrefix("/dev/")).users()).extracting(User::userName).contains("alice");
        assertThat(iam.listUserTags(r -> r.userName("alice")).tags()).extracting(Tag::key).containsExactly("team");

        AccessKey key = iam.createAccessKey(r -> r.userName("alice")).accessKey();
        assertThat(key.accessKeyId()).startsWith("AKIA").hasSize(20);
        assertThat(key.secretAccessKey()).hasSize(40);
        assertThat(key.status()).isEqualTo(StatusType.ACTIVE);
        iam.createAccessKey(r -> r.userName("alice"));
        assertThat(code(() -> iam.createAccessKey(r -> r.userName("alice")))).isEqualTo("LimitExceeded");
        assertThat(iam.listAccessKeys(r -> r.userName("alice")).accessKeyMetadata()).hasSize(2)
                .allSatisfy(m -> assertThat(m.toString()).doesNotContain(key.secretAccessKey()));
        assertThat(iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed().serviceName())
                .isEqualTo("N/A");
        iam.updateAccessKey(r -> r.userName("alice").accessKeyId(key.accessKeyId()).status(StatusType.INACTIVE));
        assertThat(iam.listAccessKeys(r -> r.userName("alice")).accessKeyMetadata())
                .anySatisfy(m -> assertThat(m.status()).isEqualTo(StatusType.INACTIVE));

        assertThat(code(() -> iam.deleteUser(r -> r.userName("alice")))).isEqualTo("DeleteConflict");
        iam.listAccessKeys(r -> r.userName("alice")).accessKeyMetadata()
                .forEach(m -> iam.deleteAccessKey(r -> r.userName("alice").accessKeyId(m.accessKeyId())));
        iam.deleteUser(r -> r.userName("alice"));
        assertThat(code(() -> iam.getUser(r -> r.userName("alice")))).isEqualTo("NoSuchEntity");
    }

    @Test
    void inlinePoliciesAreCheckedAndAnsweredUrlEncoded() {
        iam.createUser(r -> r.userName("bob"));
        IamException bad = catchThrowableOfType(IamException.class, () -> iam.putUserPolicy(r -> r.userName("bob")
                .policyName("p").policyDocument("{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}")));
        assertThat(bad.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
        assertThat(bad.awsErrorDetails().errorMessage()).isEqualTo("Policy statement must contain actions.");
        iam.putUserPolicy(r -> r.userName("bob").policyName("read").policyDocument(READ_SECRETS));
        String document = iam.getUserPolicy(r -> r.userName("bob").policyName("read")).policyDocument();
        assertThat(URLDecoder.decode(document, StandardCharsets.UTF_8)).isEqualTo(READ_SECRETS);
        assertThat(iam.listUserPolicies(r -> r.userName("bob")).policyNames()).containsExactly("read");
        assertThat(code(() -> iam.getUserPolicy(r -> r.userName("bob").policyName("none")))).isEqualTo("NoSuchEntity");
        iam.deleteUserPolicy(r -> r.userName("bob").policyName("read"));
        iam.deleteUser(r -> r.userName("bob"));
    }

    @Test
    void managedPoliciesHaveAtMostFiveVersions() {
        String arn = iam.createPolicy(r -> r.policyName("readers").policyDocument(READ_SECRETS)
                .description("read secrets")).policy().arn();
        assertThat(arn).isEqualTo("arn:aws:iam::000000000000:policy/readers");
        for (int i = 2; i <= 5; i++) {
            iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(READ_SECRETS).setAsDefault(true));
        }
        assertThat(code(() -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(READ_SECRETS))))
                .isEqualTo("LimitExceeded");
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId()).isEqualTo("v5");
        assertThat(iam.listPolicyVersions(r -> r.policyArn(arn)).versions()).extracting(PolicyVersion::versionId)
                .containsExactly("v5", "v4", "v3", "v2", "v1");
        assertThat(code(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v5")))).isEqualTo("DeleteConflict");
        iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v1"));
        for (String v : List.of("v2", "v3", "v4", "v5")) {
            iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v));
        }
        iam.createGroup(r -> r.groupName("readers"));
        iam.attachGroupPolicy(r -> r.groupName("readers").policyArn(arn));
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount()).isEqualTo(1);
        assertThat(iam.listEntitiesForPolicy(r -> r.policyArn(arn)).policyGroups()).hasSize(1);
        assertThat(code(() -> iam.deletePolicy(r -> r.policyArn(arn)))).isEqualTo("DeleteConflict");
        iam.detachGroupPolicy(r -> r.groupName("readers").policyArn(arn));
        iam.deleteGroup(r -> r.groupName("readers"));
        iam.deletePolicy(r -> r.policyArn(arn));
        assertThat(code(() -> iam.getPolicy(r -> r.policyArn(arn)))).isEqualTo("NoSuchEntity");
    }

    @Test
    void awsManagedPoliciesAreListedAndAttachable() {
        String arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
        assertThat(iam.listPolicies(r -> r.scope("AWS")).policies()).extracting(p -> p.arn())
                .contains(arn, "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
                        "arn:aws:iam::aws:policy/AdministratorAccess");
        String doc = iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion().document();
        assertThat(URLDecoder.decode(doc, StandardCharsets.UTF_8)).contains("logs:CreateLogStream");
        assertThat(code(() -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(READ_SECRETS))))
                .isEqualTo("UnmodifiableEntity");
    }

    @Test
    void rolesWithTrustPolicies() {
        Role role = iam.createRole(r -> r.roleName("ecsTaskExecutionRole").assumeRolePolicyDocument(TRUST_ECS)
                .maxSessionDuration(7200)).role();
        assertThat(role.arn()).isEqualTo("arn:aws:iam::000000000000:role/ecsTaskExecutionRole");
        assertThat(role.roleId()).startsWith("AROA");
        assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(TRUST_ECS);
        assertThat(code(() -> iam.createRole(r -> r.roleName("bad").assumeRolePolicyDocument(READ_SECRETS))))
                .isEqualTo("MalformedPolicyDocument");
        assertThat(code(() -> iam.updateRole(r -> r.roleName("ecsTaskExecutionRole").maxSessionDuration(60))))
                .isEqualTo("ValidationError");
        iam.attachRolePolicy(r -> r.roleName("ecsTaskExecutionRole")
                .policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        assertThat(code(() -> iam.deleteRole(r -> r.roleName("ecsTaskExecutionRole")))).isEqualTo("DeleteConflict");
        assertThat(iam.getRole(r -> r.roleName("ecsTaskExecutionRole")).role().maxSessionDuration()).isEqualTo(7200);
    }

    @Test
    void anotherAccountSeesNoneOfIt() {
        iam.createUser(r -> r.userName("carol"));
        try (IamClient foreign = server.client(IamClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET)) {
            assertThat(code(() -> foreign.getUser(r -> r.userName("carol")))).isEqualTo("NoSuchEntity");
            assertThat(foreign.listUsers().users()).extracting(User::userName).doesNotContain("carol");
            IamException e = catchThrowableOfType(IamException.class, () -> foreign.getPolicy(r -> r.policyArn(
                    "arn:aws:iam::000000000000:policy/anything")));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.statusCode()).isEqualTo(403);
        }
        iam.deleteUser(r -> r.userName("carol"));
    }

    @Test
    void iamSurvivesARestart() {
        HomeportServer own = HomeportServer.start(c -> c.withRuntime("none"));
        try (IamClient before = own.client(IamClient.builder())) {
            before.createUser(r -> r.userName("dave"));
            before.putUserPolicy(r -> r.userName("dave").policyName("read").policyDocument(READ_SECRETS));
        }
        String keyId;
        try (IamClient before = own.client(IamClient.builder())) {
            keyId = before.createAccessKey(r -> r.userName("dave")).accessKey().accessKeyId();
        }
        HomeportServer again = own.restart();
        try (IamClient after = again.client(IamClient.builder())) {
            assertThat(after.listUserPolicies(r -> r.userName("dave")).policyNames()).containsExactly("read");
            assertThat(after.listAccessKeys(r -> r.userName("dave")).accessKeyMetadata())
                    .extracting(m -> m.accessKeyId()).containsExactly(keyId);
        } finally {
            again.close();
        }
    }
}
