package dev.homeport.sts;

import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Temporary credentials with the SDK v2: AssumeRole under the role's trust policy, the session acting as the role
 * (and no more than its session policy allows), the session token checked on every request, GetSessionToken.
 */
class AssumeRoleTest {
    static final String TRUST_ACCOUNT = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},
             "Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEqualsIfExists":{"sts:ExternalId":"ext-42"}}}]}""";
    static final String ASSUME_ANY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}]}""";

    static TwoAccounts accounts;
    static HomeportServer server;
    static IamClient iam;
    static SecretsManagerClient rootSecrets;
    static AccessKey caller;

    @BeforeAll
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
        iam = server.client(IamClient.builder());
        rootSecrets = server.client(SecretsManagerClient.builder());
        rootSecrets.createSecret(r -> r.name("app/token").secretString("role-reads-this"));
        iam.createRole(r -> r.roleName("app-reader").path("/apps/").assumeRolePolicyDocument(TRUST_ACCOUNT)
                .maxSessionDuration(7200));
        iam.attachRolePolicy(r -> r.roleName("app-reader").policyArn("arn:aws:iam::aws:policy/SecretsManagerReadWrite"));
        iam.createUser(r -> r.userName("deployer"));
        iam.putUserPolicy(r -> r.userName("deployer").policyName("assume").policyDocument(ASSUME_ANY));
        caller = iam.createAccessKey(r -> r.userName("deployer")).accessKey();
    }

    @AfterAll
    static void stop() throws IOException {
        iam.close();
        rootSecrets.close();
        accounts.close();
    }

    static StsClient stsAs(AccessKey key) {
        return server.client(StsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey());
    }

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C with(B builder,
                                                                                                        Credentials c) {
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder.endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                        c.secretAccessKey(), c.sessionToken())))
                .build();
    }

    static AwsServiceException error(Runnable call) {
        return catchThrowableOfType(AwsServiceException.class, call::run);
    }

    @Test
    void aSessionActsAsTheRole() {
        AssumeRoleResponse assumed;
        try (StsClient sts = stsAs(caller)) {
            assumed = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/apps/app-reader")
                    .roleSessionName("deploy-1").externalId("ext-42").durationSeconds(1800));
        }
        Credentials c = assumed.credentials();
        assertThat(c.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(c.sessionToken()).isNotBlank();
        assertThat(c.expiration()).isBetween(Instant.now().plus(Duration.ofMinutes(29)),
                Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/app-reader/deploy-1");
        assertThat(assumed.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":deploy-1");
        try (StsClient sts = with(StsClient.builder(), c); SecretsManagerClient sm = with(SecretsManagerClient.builder(), c)) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/app-reader/deploy-1");
            assertThat(sm.getSecretValue(r -> r.secretId("app/token")).secretString()).isEqualTo("role-reads-this");
        }
        try (IamClient asRole = with(IamClient.builder(), c)) {
            AwsServiceException e = error(asRole::listUsers);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith(
                    "User: arn:aws:sts::000000000000:assumed-role/app-reader/deploy-1 is not authorized to perform: iam:ListUsers");
        }
    }

    /**
     * A source identity needs sts:SetSourceIdentity from both the caller's policies and the role's trust policy,
     * which can require it to be the caller's own name, as the IAM user guide shows.
     */
    @Test
    void settingASourceIdentityNeedsSetSourceIdentity() {
        String traced = iam.createRole(r -> r.roleName("traced").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},
                 "Action":["sts:AssumeRole","sts:SetSourceIdentity"],
                 "Condition":{"StringEquals":{"sts:SourceIdentity":"${aws:username}"}}}]}""")).role().arn();
        try (StsClient sts = stsAs(caller)) {
            // The app-reader role's trust policy does not allow it.
            AwsServiceException e = error(() -> sts.assumeRole(r -> r.roleArn(
                    "arn:aws:iam::000000000000:role/apps/app-reader").roleSessionName("s1").externalId("ext-42")
                    .sourceIdentity("deployer")));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.awsErrorDetails().errorMessage()).contains("sts:SetSourceIdentity");
            // Nor, yet, do the caller's own policies.
            e = error(() -> sts.assumeRole(r -> r.roleArn(traced).roleSessionName("s2").sourceIdentity("deployer")));
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:user/deployer is "
                    + "not authorized to perform: sts:SetSourceIdentity on resource: " + traced
                    + " because no identity-based policy allows the sts:SetSourceIdentity action");
            iam.putUserPolicy(r -> r.userName("deployer").policyName("source-identity").policyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:SetSourceIdentity","Resource":"*"}]}"""));
            assertThat(sts.assumeRole(r -> r.roleArn(traced).roleSessionName("s3").sourceIdentity("deployer"))
                    .sourceIdentity()).isEqualTo("deployer");
            // The trust policy's condition: only the caller's own name.
            assertThat(error(() -> sts.assumeRole(r -> r.roleArn(traced).roleSessionName("s4")
                    .sourceIdentity("someone-else"))).awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            String open = iam.createRole(r -> r.roleName("traced-any").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},
                     "Action":["sts:AssumeRole","sts:SetSourceIdentity"]}]}""")).role().arn();
            AwsServiceException invalid = error(() -> sts.assumeRole(r -> r.roleArn(open).roleSessionName("s5")
                    .sourceIdentity("d")));
            assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(invalid.awsErrorDetails().errorMessage()).contains("'sourceIdentity'");
        }
    }

    @Test
    void theTrustPolicyDecides() {
        try (StsClient sts = stsAs(caller)) {
            // The trust policy's condition: a wrong external id.
            AwsServiceException wrongId = error(() -> sts.assumeRole(r -> r.roleArn(
                    "arn:aws:iam::000000000000:role/apps/app-reader").roleSessionName("x1").externalId("nope")));
            assertThat(wrongId.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(wrongId.statusCode()).isEqualTo(403);
            iam.createRole(r -> r.roleName("ecs-only").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""));
            // An identity policy allowing sts:AssumeRole on * is not enough: the trust policy must allow too.
            assertThat(error(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/ecs-only")
                    .roleSessionName("x2"))).awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(error(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/missing")
                    .roleSessionName("x3"))).awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            AwsServiceException tooLong = error(() -> sts.assumeRole(r -> r.roleArn(
                    "arn:aws:iam::000000000000:role/apps/app-reader").roleSessionName("x4").externalId("ext-42")
                    .durationSeconds(7201)));
            assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(tooLong.awsErrorDetails().errorMessage())
                    .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        try (StsClient root = server.client(StsClient.builder())) {
            AwsServiceException e = error(() -> root.assumeRole(r -> r.roleArn(
                    "arn:aws:iam::000000000000:role/apps/app-reader").roleSessionName("r1").externalId("ext-42")));
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Roles may not be assumed by root accounts.");
        }
        try (StsClient foreign = server.client(StsClient.builder(), "us-east-1", TwoAccounts.FOREIGN_KEY,
                TwoAccounts.FOREIGN_SECRET)) {
            // Another account's root is not named by the trust policy.
            assertThat(error(() -> foreign.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/apps/app-reader")
                    .roleSessionName("f1").externalId("ext-42"))).awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        }
    }

    @Test
    void aSessionPolicyLimitsTheSession() {
        Credentials c;
        try (StsClient sts = stsAs(caller)) {
            c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/apps/app-reader").roleSessionName("narrow")
                    .externalId("ext-42").policy("""
                            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:ListSecrets","Resource":"*"}]}""")
                    .tags(t -> t.key("team").value("payments"))).credentials();
        }
        try (SecretsManagerClient sm = with(SecretsManagerClient.builder(), c)) {
            assertThat(sm.listSecrets().secretList()).isNotEmpty();
            AwsServiceException e = error(() -> sm.getSecretValue(r -> r.secretId("app/token")));
            assertThat(e.awsErrorDetails().errorMessage())
                    .endsWith("because no session policy allows the secretsmanager:GetSecretValue action");
        }
    }

    @Test
    void theSessionTokenIsCheckedOnEveryRequest() {
        Credentials c;
        try (StsClient sts = stsAs(caller)) {
            c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/apps/app-reader").roleSessionName("tok")
                    .externalId("ext-42")).credentials();
        }
        Credentials altered = c.toBuilder().sessionToken(c.sessionToken().substring(0, c.sessionToken().length() - 2)
                + "AA").build();
        Credentials none = c.toBuilder().sessionToken(null).build();
        try (SecretsManagerClient sm = with(SecretsManagerClient.builder(), altered);
             StsClient sts = with(StsClient.builder(), altered)) {
            AwsServiceException e = error(sm::listSecrets);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
            assertThat(error(sts::getCallerIdentity).awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        }
        try (SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(server.endpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(none.accessKeyId(),
                                none.secretAccessKey()))).build()) {
            assertThat(error(sm::listSecrets).awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        }
    }

    @Test
    void getSessionTokenActsAsTheUser() {
        Credentials c;
        try (StsClient sts = stsAs(caller)) {
            c = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
        }
        assertThat(c.accessKeyId()).startsWith("ASIA");
        try (StsClient sts = with(StsClient.builder(), c)) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::000000000000:user/deployer");
            assertThat(error(() -> sts.getSessionToken()).awsErrorDetails().errorMessage())
                    .isEqualTo("Cannot call GetSessionToken with session credentials");
        }
        // Without MFA, such credentials cannot call IAM; IAM answers as for an unknown token.
        try (IamClient iamAsSession = with(IamClient.builder(), c)) {
            AwsServiceException denied = error(iamAsSession::listUsers);
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(denied.awsErrorDetails().errorMessage())
                    .isEqualTo("The security token included in the request is invalid.");
        }
        try (StsClient root = server.client(StsClient.builder())) {
            assertThat(error(() -> root.getSessionToken(r -> r.durationSeconds(7200))).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationError");
        }
    }

    @Test
    void sessionsSurviveARestart() {
        HomeportServer own = HomeportServer.start(c -> c.withRuntime("none"));
        Credentials c;
        try (IamClient ownIam = own.client(IamClient.builder())) {
            ownIam.createRole(r -> r.roleName("kept").assumeRolePolicyDocument(TRUST_ACCOUNT));
            ownIam.createUser(r -> r.userName("u"));
            ownIam.putUserPolicy(r -> r.userName("u").policyName("assume").policyDocument(ASSUME_ANY));
            AccessKey key = ownIam.createAccessKey(r -> r.userName("u")).accessKey();
            try (StsClient sts = own.client(StsClient.builder(), "us-east-1", key.accessKeyId(), key.secretAccessKey())) {
                c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/kept").roleSessionName("s1")
                        .externalId("ext-42")).credentials();
            }
        }
        HomeportServer again = own.restart();
        try (StsClient sts = StsClient.builder().endpointOverride(again.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()))).build()) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/kept/s1");
        } finally {
            again.close();
        }
    }
}
