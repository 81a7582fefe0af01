package dev.homeport.sts;

import dev.homeport.testing.HomeportServer;
import dev.homeport.testing.TwoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** STS over AWS's Query protocol with the real SDK v2 client: who the caller is, and STS's own error documents. */
class StsTest {
    static TwoAccounts accounts;
    static HomeportServer server;

    @BeforeAll
    static void start() {
        accounts = TwoAccounts.start();
        server = accounts.server();
    }

    @AfterAll
    static void stop() throws IOException {
        accounts.close();
    }

    @Test
    void getCallerIdentityNamesTheAccountsRootUser() {
        try (StsClient sts = server.client(StsClient.builder())) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertThat(me.account()).isEqualTo("000000000000");
            assertThat(me.userId()).isEqualTo("000000000000");
            assertThat(me.arn()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(me.responseMetadata().requestId()).isNotBlank();
        }
        try (StsClient sts = server.client(StsClient.builder(), "eu-west-1", TwoAccounts.FOREIGN_KEY, TwoAccounts.FOREIGN_SECRET)) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::111111111111:root");
        }
    }

    @Test
    void aSessionTokenHomeportDidNotIssueIsRefused() {
        // A token sent with a long-term key is refused, not ignored: it cannot belong to that key.
        var withToken = StaticCredentialsProvider.create(AwsSessionCredentials.create("test", "test", "made-up-token"));
        try (StsClient sts = StsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(withToken).httpClient(UrlConnectionHttpClient.create()).build()) {
            StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        }
        try (SecretsManagerClient sm = SecretsManagerClient.builder().endpointOverride(server.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(withToken).httpClient(UrlConnectionHttpClient.create())
                .build()) {
            SecretsManagerException e = catchThrowableOfType(SecretsManagerException.class, sm::listSecrets);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The security token included in the request is invalid.");
        }
    }

    @Test
    void failuresAreStsErrorDocuments() {
        try (StsClient sts = server.client(StsClient.builder(), "us-east-1", "NOBODY", "x")) {
            StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The security token included in the request is invalid.");
        }
        try (StsClient sts = server.client(StsClient.builder(), "us-east-1", "test", "wrong")) {
            StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
        }
    }
}
