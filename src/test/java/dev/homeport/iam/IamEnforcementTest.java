package dev.homeport.iam;

import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Requests of IAM users are evaluated in every service, at the edge: no policy, no access (with AWS's message);
 * a policy change applies to the next request; an explicit deny wins; a secret's resource policy grants another
 * account only together with that account's own side.
 */
class IamEnforcementTest {
    static TwoAccounts accounts;
    static HomeportServer server;
    static IamClient iam;
    static SecretsManagerClient rootSecrets;
    static String secretArn;

    @BeforeAll
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
        iam = server.client(IamClient.builder());
        rootSecrets = server.client(SecretsManagerClient.builder());
        secretArn = rootSecrets.createSecret(r -> r.name("app/db").secretString("s3cr3t-value")
                .clientRequestToken(UUID.randomUUID().toString())).arn();
    }

    @AfterAll
    static void stop() throws IOException {
        iam.close();
        rootSecrets.close();
        accounts.close();
    }

    static AccessKey userWithKey(String name) {
        iam.createUser(r -> r.userName(name));
        return iam.createAccessKey(r -> r.userName(name)).accessKey();
    }

    static SecretsManagerClient secretsAs(AccessKey key) {
        return server.client(SecretsManagerClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
    }

    /** A one-container Fargate task definition of {@code family}, with {@code taskRoleArn} when it is not null. */
    static void registerFargate(EcsClient ecs, String family, String taskRoleArn) {
        ecs.registerTaskDefinition(r -> r.family(family).taskRoleArn(taskRoleArn)
                .requiresCompatibilitiesWithStrings("FARGATE").networkMode("awsvpc").cpu("256").memory("512")
                .containerDefinitions(c -> c.name("app").image("busybox").memory(128).essential(true)));
    }

    /** A Fargate service of no tasks in the default VPC's subnets: what authorization decides, and nothing runs. */
    static void createService(EcsClient ecs, String cluster, String service, String taskDefinition) {
        List<String> subnets;
        try (Ec2Client ec2 = server.client(Ec2Client.builder())) {
            subnets = ec2.describeSubnets().subnets().stream().map(s -> s.subnetId()).toList();
        }
        ecs.createService(r -> r.cluster(cluster).serviceName(service).taskDefinition(taskDefinition).desiredCount(0)
                .launchType("FARGATE").networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(subnets))));
    }

    static AwsServiceException denied(Runnable call) {
        return catchThrowableOfType(AwsServiceException.class, call::run);
    }

    @Test
    void aUserWithoutPoliciesMayDoNothingAndIsToldWhy() {
        AccessKey key = userWithKey("nobody");
        try (SecretsManagerClient sm = secretsAs(key);
             EcsClient ecs = server.client(EcsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             CloudWatchLogsClient logs = server.client(CloudWatchLogsClient.builder(), "us-east-1", key.accessKeyId(),
                     key.secretAccessKey());
             Ec2Client ec2 = server.client(Ec2Client.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             IamClient asUser = server.client(IamClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             StsClient sts = server.client(StsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey())) {
            AwsServiceException e = denied(() -> sm.getSecretValue(r -> r.secretId("app/db")));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/nobody is "
                    + "not authorized to perform: secretsmanager:GetSecretValue on resource: " + secretArn
                    + " because no identity-based policy allows the secretsmanager:GetSecretValue action");
            assertThat(e.awsErrorDetails().errorMessage()).doesNotContain("s3cr3t-value");
            assertThat(denied(() -> ecs.listClusters()).awsErrorDetails().errorCode())
                    .isEqualTo("AccessDeniedException");
            assertThat(denied(() -> logs.describeLogGroups()).awsErrorDetails().errorCode())
                    .isEqualTo("AccessDeniedException");
            AwsServiceException ec2Denied = denied(() -> ec2.describeSubnets());
            assertThat(ec2Denied.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(ec2Denied.statusCode()).isEqualTo(403);
            AwsServiceException iamDenied = denied(() -> asUser.listUsers());
            assertThat(iamDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(iamDenied.awsErrorDetails().errorMessage()).contains("iam:ListUsers");
            // Who am I needs no permission, as on AWS.
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::000000000000:user/nobody");
            assertThat(sts.getCallerIdentity().userId()).startsWith("AIDA");
        }
    }

    @Test
    void aPolicyChangeTakesEffectOnTheNextRequest() {
        AccessKey key = userWithKey("reader");
        try (SecretsManagerClient sm = secretsAs(key)) {
            assertThat(denied(() -> sm.getSecretValue(r -> r.secretId("app/db")))).isNotNull();
            iam.attachUserPolicy(r -> r.userName("reader").policyArn("arn:aws:iam::aws:policy/SecretsManagerReadWrite"));
            assertThat(sm.getSecretValue(r -> r.secretId("app/db")).secretString()).isEqualTo("s3cr3t-value");
            iam.putUserPolicy(r -> r.userName("reader").policyName("no-db").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:*",
                     "Resource":"arn:aws:secretsmanager:*:*:secret:app/*"}]}"""));
            AwsServiceException e = denied(() -> sm.getSecretValue(r -> r.secretId("app/db")));
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
            iam.deleteUserPolicy(r -> r.userName("reader").policyName("no-db"));
            assertThat(sm.getSecretValue(r -> r.secretId("app/db")).secretString()).isEqualTo("s3cr3t-value");
        }
        assertThat(iam.getAccessKeyLastUsed(r -> r.accessKeyId(key.accessKeyId())).accessKeyLastUsed().serviceName())
                .isEqualTo("secretsmanager");
    }

    @Test
    void groupsPoliciesApplyToTheirMembersAndAnInactiveKeyIsRefused() {
        AccessKey key = userWithKey("member");
        iam.createGroup(r -> r.groupName("logs-admins"));
        iam.attachGroupPolicy(r -> r.groupName("logs-admins").policyArn("arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"));
        try (CloudWatchLogsClient logs = server.client(CloudWatchLogsClient.builder(), "us-east-1", key.accessKeyId(),
                key.secretAccessKey())) {
            assertThat(denied(() -> logs.describeLogGroups())).isNotNull();
            iam.addUserToGroup(r -> r.groupName("logs-admins").userName("member"));
            logs.createLogGroup(r -> r.logGroupName("/member/app"));
            iam.updateAccessKey(r -> r.userName("member").accessKeyId(key.accessKeyId()).status("Inactive"));
            assertThat(denied(() -> logs.describeLogGroups()).awsErrorDetails().errorCode())
                    .isEqualTo("UnrecognizedClientException");
        }
    }

    @Test
    void handingARoleToEcsNeedsPassRole() {
        AccessKey key = userWithKey("deployer");
        iam.putUserPolicy(r -> r.userName("deployer").policyName("ecs").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"""));
        String role = "arn:aws:iam::000000000000:role/app-task";
        try (EcsClient ecs = server.client(EcsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey())) {
            Runnable register = () -> registerFargate(ecs, "passrole", role);
            AwsServiceException e = denied(register);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/deployer is "
                    + "not authorized to perform: iam:PassRole on resource: " + role
                    + " because no identity-based policy allows the iam:PassRole action");
            iam.putUserPolicy(r -> r.userName("deployer").policyName("pass").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
                     "Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}"""));
            register.run();
            // Without a role, nothing is passed: ecs:* is enough.
            registerFargate(ecs, "norole", null);
        }
    }

    /**
     * A service runs its task definition's tasks on the caller's behalf, so creating one, or pointing one at another
     * task definition, passes that task definition's roles: without iam:PassRole, a caller refused a role at RunTask
     * would get the same task through a service.
     */
    @Test
    void aServiceWithARoleNeedsPassRoleToo() {
        String role = "arn:aws:iam::000000000000:role/svc-task";
        try (EcsClient rootEcs = server.client(EcsClient.builder())) {
            rootEcs.createCluster(r -> r.clusterName("passrole-svc"));
            registerFargate(rootEcs, "svc-with-role", role);
            registerFargate(rootEcs, "svc-without-role", null);
        }
        AccessKey key = userWithKey("service-deployer");
        iam.putUserPolicy(r -> r.userName("service-deployer").policyName("ecs").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"""));
        try (EcsClient ecs = server.client(EcsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey())) {
            java.util.function.Consumer<String> create = family -> createService(ecs, "passrole-svc", family, family);
            String refusal = "User: arn:aws:iam::000000000000:user/service-deployer is not authorized to perform: "
                    + "iam:PassRole on resource: " + role + " because no identity-based policy allows the iam:PassRole "
                    + "action";

            AwsServiceException e = denied(() -> create.accept("svc-with-role"));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(refusal);
            assertThat(ecs.describeServices(r -> r.cluster("passrole-svc").services("svc-with-role")).services())
                    .as("a refused CreateService creates nothing").isEmpty();

            // A task definition without roles passes none; nor does an update that names no task definition.
            create.accept("svc-without-role");
            ecs.updateService(r -> r.cluster("passrole-svc").service("svc-without-role").desiredCount(0));
            e = denied(() -> ecs.updateService(r -> r.cluster("passrole-svc").service("svc-without-role")
                    .taskDefinition("svc-with-role")));
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(refusal);
            assertThat(ecs.describeServices(r -> r.cluster("passrole-svc").services("svc-without-role")).services()
                    .getFirst().taskDefinition()).as("a refused UpdateService changes nothing")
                    .endsWith("task-definition/svc-without-role:1");

            iam.putUserPolicy(r -> r.userName("service-deployer").policyName("pass").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
                     "Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}"""));
            create.accept("svc-with-role");
            ecs.updateService(r -> r.cluster("passrole-svc").service("svc-without-role").taskDefinition("svc-with-role"));
            assertThat(ecs.describeServices(r -> r.cluster("passrole-svc").services("svc-without-role")).services()
                    .getFirst().taskDefinition()).endsWith("task-definition/svc-with-role:1");
        }
    }

    /**
     * Another account naming the owner's task definition (which carries a role) in a service of its own: refused, no
     * service, and the answer never names the owner's role (the access rule resolves task definitions in the caller's
     * account only, so it asks for no iam:PassRole on another account's role).
     */
    @Test
    void anotherAccountsServiceCannotRunTheOwnersTaskDefinition() {
        String role = "arn:aws:iam::000000000000:role/owner-only-task";
        String ownerTd;
        try (EcsClient rootEcs = server.client(EcsClient.builder())) {
            registerFargate(rootEcs, "owner-td", role);
            ownerTd = rootEcs.describeTaskDefinition(r -> r.taskDefinition("owner-td")).taskDefinition()
                    .taskDefinitionArn();
        }
        try (EcsClient foreign = server.client(EcsClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET)) {
            foreign.createCluster(r -> r.clusterName("foreign-svc"));
            registerFargate(foreign, "foreign-td", null);
            AwsServiceException created = denied(() -> createService(foreign, "foreign-svc", "stolen", ownerTd));
            // ECS's answer for a task definition it cannot find in the caller's account.
            assertThat(created.awsErrorDetails().errorCode()).isEqualTo("ClientException");
            assertThat(created.awsErrorDetails().errorMessage()).doesNotContain(role);
            createService(foreign, "foreign-svc", "own", "foreign-td");
            AwsServiceException updated = denied(() -> foreign.updateService(r -> r.cluster("foreign-svc").service("own")
                    .taskDefinition(ownerTd)));
            assertThat(updated.awsErrorDetails().errorCode()).isEqualTo("ClientException");
            assertThat(updated.awsErrorDetails().errorMessage()).doesNotContain(role);
            assertThat(foreign.describeServices(r -> r.cluster("foreign-svc").services("stolen", "own")).services())
                    .singleElement().satisfies(svc -> assertThat(svc.taskDefinition()).contains("foreign-td"));
        }
    }

    /**
     * {@code ecs:task-definition} on CreateService and UpdateService (Service Authorization Reference): the revision
     * the request resolves to, so a deployer can be held to one family, as CI deploy policies do with ArnLike.
     */
    @Test
    void aDeployerCanBeHeldToOneTaskDefinitionFamily() {
        try (EcsClient rootEcs = server.client(EcsClient.builder())) {
            rootEcs.createCluster(r -> r.clusterName("td-key"));
            for (String family : List.of("api", "api", "worker")) {
                registerFargate(rootEcs, family, null);
            }
        }
        AccessKey key = userWithKey("api-deployer");
        iam.putUserPolicy(r -> r.userName("api-deployer").policyName("deploy-api").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Action":["ecs:CreateService","ecs:UpdateService"],"Resource":"*",
                 "Condition":{"ArnLike":{"ecs:task-definition":"arn:aws:ecs:*:*:task-definition/api:*"}}}]}"""));
        try (EcsClient ecs = server.client(EcsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey())) {
            createService(ecs, "td-key", "api", "api:1");
            // The family alone is its latest revision, api:2.
            ecs.updateService(r -> r.cluster("td-key").service("api").taskDefinition("api"));
            AwsServiceException e = denied(() -> ecs.updateService(r -> r.cluster("td-key").service("api")
                    .taskDefinition("worker")));
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/api-deployer"
                    + " is not authorized to perform: ecs:UpdateService on resource: "
                    + "arn:aws:ecs:us-east-1:000000000000:service/td-key/api because no identity-based policy allows "
                    + "the ecs:UpdateService action");
            assertThat(denied(() -> createService(ecs, "td-key", "worker", "worker"))).isNotNull();
        }
        try (EcsClient rootEcs = server.client(EcsClient.builder())) {
            assertThat(rootEcs.describeServices(r -> r.cluster("td-key").services("api", "worker")).services())
                    .singleElement().satisfies(svc -> assertThat(svc.taskDefinition()).endsWith("task-definition/api:2"));
        }
    }

    /**
     * Secrets Manager's request keys (Service Authorization Reference): a deny on deleting without recovery, on
     * moving AWSCURRENT, or on a create without a description, applies to exactly those requests.
     */
    @Test
    void secretsManagersRequestKeysAreEvaluated() {
        AccessKey key = userWithKey("secret-admin");
        iam.putUserPolicy(r -> r.userName("secret-admin").policyName("admin").policyDocument("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"},
                 {"Effect":"Deny","Action":"secretsmanager:DeleteSecret","Resource":"*",
                  "Condition":{"Bool":{"secretsmanager:ForceDeleteWithoutRecovery":"true"}}},
                 {"Effect":"Deny","Action":"secretsmanager:DeleteSecret","Resource":"*",
                  "Condition":{"NumericLessThan":{"secretsmanager:RecoveryWindowInDays":"14"}}},
                 {"Effect":"Deny","Action":"secretsmanager:UpdateSecretVersionStage","Resource":"*",
                  "Condition":{"StringEquals":{"secretsmanager:VersionStage":"AWSCURRENT"}}},
                 {"Effect":"Deny","Action":"secretsmanager:CreateSecret","Resource":"*",
                  "Condition":{"Null":{"secretsmanager:Description":"true"}}}]}"""));
        try (SecretsManagerClient sm = secretsAs(key)) {
            AwsServiceException e = denied(() -> sm.createSecret(r -> r.name("keys/undescribed").secretString("v")));
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
            String arn = sm.createSecret(r -> r.name("keys/described").description("for the key test")
                    .secretString("v1")).arn();
            String v2 = sm.putSecretValue(r -> r.secretId(arn).secretString("v2").versionStages("STAGED")).versionId();
            assertThat(denied(() -> sm.updateSecretVersionStage(r -> r.secretId(arn).versionStage("AWSCURRENT")
                    .moveToVersionId(v2)))).isNotNull();
            sm.updateSecretVersionStage(r -> r.secretId(arn).versionStage("STAGED").removeFromVersionId(v2));

            assertThat(denied(() -> sm.deleteSecret(r -> r.secretId(arn).forceDeleteWithoutRecovery(true))))
                    .isNotNull();
            assertThat(denied(() -> sm.deleteSecret(r -> r.secretId(arn).recoveryWindowInDays(7L)))).isNotNull();
            assertThat(sm.describeSecret(r -> r.secretId(arn)).deletedDate()).as("nothing deleted").isNull();
            sm.deleteSecret(r -> r.secretId(arn).recoveryWindowInDays(30L));
            assertThat(sm.describeSecret(r -> r.secretId(arn)).deletedDate()).isNotNull();
        }
    }

    /** "If you use filters, you must also have secretsmanager:ListSecrets" (BatchGetSecretValue's API reference). */
    @Test
    void batchGetSecretValueByFilterAlsoNeedsListSecrets() {
        AccessKey key = userWithKey("batch-reader");
        iam.putUserPolicy(r -> r.userName("batch-reader").policyName("batch").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Action":["secretsmanager:BatchGetSecretValue","secretsmanager:GetSecretValue"],"Resource":"*"}]}"""));
        try (SecretsManagerClient sm = secretsAs(key)) {
            assertThat(sm.batchGetSecretValue(r -> r.secretIdList("app/db")).secretValues()).singleElement()
                    .satisfies(v -> assertThat(v.secretString()).isEqualTo("s3cr3t-value"));
            Runnable byFilter = () -> assertThat(sm.batchGetSecretValue(r -> r.filters(f -> f.key("name")
                    .values("app/db"))).secretValues()).extracting(v -> v.name()).containsExactly("app/db");
            AwsServiceException e = denied(byFilter);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/batch-reader"
                    + " is not authorized to perform: secretsmanager:ListSecrets on resource: * because no "
                    + "identity-based policy allows the secretsmanager:ListSecrets action");
            iam.putUserPolicy(r -> r.userName("batch-reader").policyName("list").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:ListSecrets",
                     "Resource":"*"}]}"""));
            byFilter.run();
        }
    }

    @Test
    void aPermissionsBoundaryLimitsWhatPoliciesGrant() {
        AccessKey key = userWithKey("bounded");
        iam.attachUserPolicy(r -> r.userName("bounded").policyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
        iam.putUserPermissionsBoundary(r -> r.userName("bounded")
                .permissionsBoundary("arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"));
        try (SecretsManagerClient sm = secretsAs(key)) {
            assertThat(denied(() -> sm.listSecrets()).awsErrorDetails().errorMessage())
                    .endsWith("because no permissions boundary allows the secretsmanager:ListSecrets action");
        }
    }

    @Test
    void aResourcePolicyWithTagConditionsAndVariables() {
        AccessKey key = userWithKey("owner-of-team");
        iam.tagUser(r -> r.userName("owner-of-team").tags(t -> t.key("team").value("payments")));
        iam.putUserPolicy(r -> r.userName("owner-of-team").policyName("by-team").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue",
                 "Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}"""));
        String other = rootSecrets.createSecret(r -> r.name("team/other").secretString("x")
                .tags(t -> t.key("team").value("search"))).arn();
        rootSecrets.createSecret(r -> r.name("team/payments").secretString("pay")
                .tags(t -> t.key("team").value("payments")));
        try (SecretsManagerClient sm = secretsAs(key)) {
            assertThat(sm.getSecretValue(r -> r.secretId("team/payments")).secretString()).isEqualTo("pay");
            assertThat(denied(() -> sm.getSecretValue(r -> r.secretId(other)))).isNotNull();
        }
    }

    @Test
    void anotherAccountReadsASecretOnlyWhenItsResourcePolicyGrantsIt() {
        String shared = rootSecrets.createSecret(r -> r.name("shared/api").secretString("shared-value")).arn();
        try (SecretsManagerClient foreign = server.client(SecretsManagerClient.builder(), "us-east-1",
                TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET)) {
            AwsServiceException before = denied(() -> foreign.getSecretValue(r -> r.secretId(shared)));
            assertThat(before.awsErrorDetails().errorMessage()).endsWith(
                    "because no resource-based policy allows the secretsmanager:GetSecretValue action");
            rootSecrets.putResourcePolicy(r -> r.secretId(shared).resourcePolicy("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},
                     "Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"""));
            // The foreign key is its account's root: its own side allows, so the grant is enough.
            assertThat(foreign.getSecretValue(r -> r.secretId(shared)).secretString()).isEqualTo("shared-value");
            // Only what the policy grants: not another action, and not by name (a name is looked up in the caller's
            // own account).
            assertThat(denied(() -> foreign.putSecretValue(r -> r.secretId(shared).secretString("mine")))
                    .awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(denied(() -> foreign.getSecretValue(r -> r.secretId("shared/api")))
                    .awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        }
        assertThat(rootSecrets.getSecretValue(r -> r.secretId(shared)).secretString()).isEqualTo("shared-value");
    }

    /**
     * Each service that takes tags on create asks for its tagging permission too when a create call sets tags, with
     * the request's tags as conditions: allowed to create but not to tag, a tagged create is refused (naming the
     * tagging action) and writes nothing; an untagged create goes through; once tagging is allowed for some tags,
     * exactly those are accepted.
     */
    @Test
    void aCreateThatSetsTagsAlsoNeedsTheServicesTaggingPermission() {
        AccessKey key = userWithKey("creator");
        iam.putUserPolicy(r -> r.userName("creator").policyName("create").policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":[
                 "secretsmanager:CreateSecret","ssm:PutParameter","ecr:CreateRepository","ecs:CreateCluster",
                 "ecs:RegisterTaskDefinition","iam:CreateUser","iam:CreateRole","iam:CreatePolicy",
                 "logs:CreateLogGroup"]}]}"""));
        String trust = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},
                 "Action":"sts:AssumeRole"}]}""";
        String document = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:GetLogEvents","Resource":"*"}]}""";
        try (SecretsManagerClient sm = secretsAs(key);
             SsmClient ssm = server.client(SsmClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             EcrClient ecr = server.client(EcrClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             EcsClient ecs = server.client(EcsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             IamClient asUser = server.client(IamClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             SsmClient rootSsm = server.client(SsmClient.builder());
             EcrClient rootEcr = server.client(EcrClient.builder());
             EcsClient rootEcs = server.client(EcsClient.builder());
             CloudWatchLogsClient logs = server.client(CloudWatchLogsClient.builder(), "us-east-1", key.accessKeyId(),
                     key.secretAccessKey())) {
            // Each create, with the given tag value (null: no tags) and name suffix.
            Map<String, java.util.function.BiConsumer<String, String>> creates = new LinkedHashMap<>();
            creates.put("secretsmanager:TagResource", (team, n) -> sm.createSecret(r -> r.name("tagged-" + n)
                    .secretString("v").tags(team == null ? List.of() : List.of(
                            software.amazon.awssdk.services.secretsmanager.model.Tag.builder().key("team").value(team).build()))));
            creates.put("ssm:AddTagsToResource", (team, n) -> ssm.putParameter(r -> r.name("/tagged/" + n).value("v")
                    .type("String").tags(team == null ? List.of() : List.of(
                            software.amazon.awssdk.services.ssm.model.Tag.builder().key("team").value(team).build()))));
            creates.put("ecr:TagResource", (team, n) -> ecr.createRepository(r -> r.repositoryName("tagged-" + n)
                    .tags(team == null ? List.of() : List.of(
                            software.amazon.awssdk.services.ecr.model.Tag.builder().key("team").value(team).build()))));
            creates.put("ecs:TagResource", (team, n) -> ecs.createCluster(r -> r.clusterName("tagged-" + n)
                    .tags(team == null ? List.of() : List.of(
                            software.amazon.awssdk.services.ecs.model.Tag.builder().key("team").value(team).build()))));
            creates.put("iam:TagUser", (team, n) -> asUser.createUser(r -> r.userName("tagged-" + n)
                    .tags(team == null ? List.of() : List.of(
                            software.amazon.awssdk.services.iam.model.Tag.builder().key("team").value(team).build()))));
            creates.put("iam:TagRole", (team, n) -> asUser.createRole(r -> r.roleName("tagged-" + n)
                    .assumeRolePolicyDocument(trust).tags(team == null ? List.of() : List.of(
                            software.amazon.awssdk.services.iam.model.Tag.builder().key("team").value(team).build()))));
            creates.put("iam:TagPolicy", (team, n) -> asUser.createPolicy(r -> r.policyName("tagged-" + n)
                    .policyDocument(document).tags(team == null ? List.of() : List.of(
                            software.amazon.awssdk.services.iam.model.Tag.builder().key("team").value(team).build()))));
            // Task definitions take tags too: registered untagged, refused tagged.
            Runnable taggedTaskDefinition = () -> ecs.registerTaskDefinition(r -> r.family("tagged-family")
                    .containerDefinitions(c -> c.name("app").image("busybox").memory(128).essential(true))
                    .tags(software.amazon.awssdk.services.ecs.model.Tag.builder().key("team").value("db").build()));

            creates.forEach((tagAction, create) -> {
                AwsServiceException e = denied(() -> create.accept("db", "refused"));
                assertThat(e).as(tagAction).isNotNull();
                assertThat(e.awsErrorDetails().errorCode()).as(tagAction)
                        .isIn("AccessDeniedException", "AccessDenied");
                assertThat(e.awsErrorDetails().errorMessage()).as(tagAction)
                        .startsWith("User: arn:aws:iam::000000000000:user/creator is not authorized to perform: "
                                + tagAction + " on resource: ")
                        .endsWith("because no identity-based policy allows the " + tagAction + " action");
                create.accept(null, "plain");
            });
            assertThat(denied(taggedTaskDefinition).awsErrorDetails().errorMessage()).contains("ecs:TagResource");
            // CloudWatch Logs words this refusal its own way.
            Runnable taggedGroup = () -> logs.createLogGroup(r -> r.logGroupName("/tagged/group").tags(Map.of("team", "db")));
            AwsServiceException logsDenied = denied(taggedGroup);
            assertThat(logsDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(logsDenied.awsErrorDetails().errorMessage()).isEqualTo("User with accountId: 000000000000 is not "
                    + "authorized to perform CreateLogGroup with Tags. An additional permission \"logs:TagResource\" is "
                    + "required.");
            logs.createLogGroup(r -> r.logGroupName("/untagged/group"));
            // Nothing of the refused creates was written.
            assertThat(rootSecrets.listSecrets().secretList()).extracting(s -> s.name())
                    .contains("tagged-plain").doesNotContain("tagged-refused");
            assertThat(rootSsm.describeParameters().parameters()).extracting(p -> p.name())
                    .contains("/tagged/plain").doesNotContain("/tagged/refused");
            assertThat(rootEcr.describeRepositories().repositories()).extracting(r -> r.repositoryName())
                    .contains("tagged-plain").doesNotContain("tagged-refused");
            assertThat(rootEcs.listClusters().clusterArns()).anyMatch(a -> a.endsWith("/tagged-plain"))
                    .noneMatch(a -> a.endsWith("/tagged-refused"));
            assertThat(iam.listUsers().users()).extracting(u -> u.userName())
                    .contains("tagged-plain").doesNotContain("tagged-refused");
            assertThat(rootEcs.listTaskDefinitionFamilies().families()).doesNotContain("tagged-family");

            // Tagging allowed for team=db only, and for ECS only while creating.
            iam.putUserPolicy(r -> r.userName("creator").policyName("tag").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*","Action":[
                     "secretsmanager:TagResource","ssm:AddTagsToResource","ecr:TagResource","iam:TagUser","iam:TagRole",
                     "iam:TagPolicy","logs:TagResource"],"Condition":{"StringEquals":{"aws:RequestTag/team":"db"}}},
                     {"Effect":"Allow","Resource":"*","Action":"ecs:TagResource","Condition":{"StringEquals":{
                      "aws:RequestTag/team":"db","ecs:CreateAction":["CreateCluster","RegisterTaskDefinition"]}}}]}"""));
            creates.forEach((tagAction, create) -> {
                create.accept("db", "db");
                assertThat(denied(() -> create.accept("web", "web"))).as(tagAction).isNotNull();
            });
            taggedTaskDefinition.run();
            taggedGroup.run();
            assertThat(rootEcs.listTagsForResource(r -> r.resourceArn(
                    "arn:aws:ecs:us-east-1:000000000000:cluster/tagged-db")).tags())
                    .containsExactly(software.amazon.awssdk.services.ecs.model.Tag.builder().key("team").value("db").build());
            // ecs:CreateAction keeps the same policy from tagging what exists.
            assertThat(denied(() -> ecs.tagResource(r -> r.resourceArn(
                    "arn:aws:ecs:us-east-1:000000000000:cluster/tagged-plain").tags(
                    software.amazon.awssdk.services.ecs.model.Tag.builder().key("team").value("db").build())))
                    .awsErrorDetails().errorMessage()).contains("ecs:TagResource");
        }
    }

    /**
     * {@code aws:ResourceTag/<key>} (and each service's own spelling) reads the tags of ECS, ECR, CloudWatch Logs and
     * IAM resources too, not only secrets' and parameters': a deny on a tag refuses exactly the tagged resources (a
     * condition on a tag the engine could not see would fail open).
     */
    @Test
    void resourceTagConditionsSeeTheTagsOfEveryServicesResources() {
        AccessKey key = userWithKey("operator");
        iam.putUserPolicy(r -> r.userName("operator").policyName("ops").policyDocument("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":["ecs:*","logs:*","ecr:*","iam:*"],"Resource":"*"},
                 {"Effect":"Deny","Action":["ecs:DeleteCluster","logs:DeleteLogGroup","ecr:DeleteRepository",
                  "ecs:DescribeTaskDefinition"],
                  "Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}},
                 {"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*",
                  "Condition":{"StringEquals":{"iam:ResourceTag/env":"prod"}}},
                 {"Effect":"Deny","Action":"ecs:DescribeClusters","Resource":"*",
                  "Condition":{"StringEquals":{"ecs:ResourceTag/env":"prod"}}},
                 {"Effect":"Deny","Action":"ecr:UntagResource","Resource":"*",
                  "Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"env"}}}]}"""));
        try (EcsClient rootEcs = server.client(EcsClient.builder());
             EcrClient rootEcr = server.client(EcrClient.builder());
             CloudWatchLogsClient rootLogs = server.client(CloudWatchLogsClient.builder());
             EcsClient ecs = server.client(EcsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             EcrClient ecr = server.client(EcrClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
             CloudWatchLogsClient logs = server.client(CloudWatchLogsClient.builder(), "us-east-1", key.accessKeyId(),
                     key.secretAccessKey());
             IamClient asUser = server.client(IamClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey())) {
            for (String env : List.of("prod", "dev")) {
                rootEcs.createCluster(r -> r.clusterName("tagged-" + env).tags(
                        software.amazon.awssdk.services.ecs.model.Tag.builder().key("env").value(env).build()));
                rootEcr.createRepository(r -> r.repositoryName("tagged-" + env).tags(
                        software.amazon.awssdk.services.ecr.model.Tag.builder().key("env").value(env).build()));
                rootLogs.createLogGroup(r -> r.logGroupName("/tagged/" + env).tags(Map.of("env", env)));
                iam.createUser(r -> r.userName("tagged-" + env).tags(
                        software.amazon.awssdk.services.iam.model.Tag.builder().key("env").value(env).build()));
            }
            String deny = "with an explicit deny in an identity-based policy";
            rootEcs.registerTaskDefinition(r -> r.family("tagged-td")
                    .containerDefinitions(c -> c.name("app").image("busybox").memory(128).essential(true))
                    .tags(software.amazon.awssdk.services.ecs.model.Tag.builder().key("env").value("prod").build()));
            // By revision, and by family alone (its latest revision, the one the call reads).
            for (String td : List.of("tagged-td:1", "tagged-td")) {
                assertThat(denied(() -> ecs.describeTaskDefinition(r -> r.taskDefinition(td))).awsErrorDetails()
                        .errorMessage()).as(td).endsWith(deny);
            }
            assertThat(denied(() -> ecs.describeClusters(r -> r.clusters("tagged-prod"))).awsErrorDetails()
                    .errorMessage()).endsWith(deny);
            assertThat(denied(() -> ecs.deleteCluster(r -> r.cluster("tagged-prod"))).awsErrorDetails()
                    .errorMessage()).contains("ecs:DeleteCluster").endsWith(deny);
            assertThat(denied(() -> ecr.deleteRepository(r -> r.repositoryName("tagged-prod"))).awsErrorDetails()
                    .errorMessage()).contains("ecr:DeleteRepository").endsWith(deny);
            assertThat(denied(() -> logs.deleteLogGroup(r -> r.logGroupName("/tagged/prod"))).awsErrorDetails()
                    .errorMessage()).contains("logs:DeleteLogGroup").endsWith(deny);
            AwsServiceException iamDenied = denied(() -> asUser.deleteUser(r -> r.userName("tagged-prod")));
            assertThat(iamDenied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(iamDenied.awsErrorDetails().errorMessage()).endsWith(deny);

            // Removing the env tag is what the last statement denies; removing another is allowed.
            String devRepository = "arn:aws:ecr:us-east-1:000000000000:repository/tagged-dev";
            assertThat(denied(() -> ecr.untagResource(r -> r.resourceArn(devRepository).tagKeys("env")))
                    .awsErrorDetails().errorMessage()).contains("ecr:UntagResource").endsWith(deny);
            ecr.untagResource(r -> r.resourceArn(devRepository).tagKeys("team"));

            // The untagged-for-prod twins are the user's to delete.
            assertThat(ecs.describeClusters(r -> r.clusters("tagged-dev")).clusters()).hasSize(1);
            ecs.deleteCluster(r -> r.cluster("tagged-dev"));
            ecr.deleteRepository(r -> r.repositoryName("tagged-dev"));
            logs.deleteLogGroup(r -> r.logGroupName("/tagged/dev"));
            asUser.deleteUser(r -> r.userName("tagged-dev"));

            // A tag changed takes effect on the next request.
            rootLogs.tagResource(r -> r.resourceArn("arn:aws:logs:us-east-1:000000000000:log-group:/tagged/prod")
                    .tags(Map.of("env", "retired")));
            logs.deleteLogGroup(r -> r.logGroupName("/tagged/prod"));
        }
    }
}
